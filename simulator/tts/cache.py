"""Rendered lines kept on disk, so that a turn never waits for the synthesizer.

One WAV file per line, named by a hash of everything that changes its sound. Files are written
to a temporary name and renamed, so a file is either complete or absent; a file damaged
anyway (disk full, edited by hand) is rendered again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import wave
from pathlib import Path
from typing import Callable, Iterable

from simulator.audio.base import RATE, SAMPLE_WIDTH
from simulator.tts.base import Synthesizer, Voice

Progress = Callable[[int, int], None]  # (done, total)


class CachedSynthesizer:
    """A `Synthesizer` that renders each (text, voice) once per engine and keeps the result."""

    def __init__(self, inner: Synthesizer, directory: str | Path):
        self.inner = inner
        self.directory = Path(directory)
        self.engine_id = getattr(inner, "engine_id", type(inner).__name__)

    def path(self, text: str, voice: Voice) -> Path:
        key = "\n".join((self.engine_id, voice.name, str(voice.rate), str(voice.pitch), str(voice.volume), text))
        return self.directory / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.wav"

    def render(self, text: str, voice: Voice) -> bytes:
        path = self.path(text, voice)
        cached = _read(path)
        if cached is not None:
            return cached
        pcm = self.inner.render(text, voice)
        _write(path, pcm)
        return pcm

    def prerender(self, lines: Iterable[tuple[str, Voice]], progress: Progress | None = None) -> None:
        """Render every (text, voice) not yet cached (a scenario's caller lines, before the call starts)."""
        lines = list(dict.fromkeys(lines))
        for done, (text, voice) in enumerate(lines):
            if progress:
                progress(done, len(lines))
            self.render(text, voice)
        if progress:
            progress(len(lines), len(lines))


def _read(path: Path) -> bytes | None:
    try:
        with wave.open(str(path), "rb") as wav:
            if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (1, SAMPLE_WIDTH, RATE):
                return None
            frames = wav.getnframes()
            pcm = wav.readframes(frames)
    except (OSError, EOFError, wave.Error):
        return None
    return pcm if len(pcm) == frames * SAMPLE_WIDTH else None  # a truncated file


def _write(path: Path, pcm: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:12]}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file, wave.open(file, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(SAMPLE_WIDTH)
            wav.setframerate(RATE)
            wav.writeframes(pcm)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
