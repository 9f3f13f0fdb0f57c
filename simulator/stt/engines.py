"""Choosing a speech recognizer by name, as the command line does (`--stt whisper|vosk`)."""

from __future__ import annotations

from pathlib import Path

from simulator.errors import AccueilError
from simulator.stt.base import Transcriber
from simulator.stt.models import Progress

ENGINES = ("whisper", "vosk")


class UnknownEngine(AccueilError):
    pass


def load_transcriber(
    name: str, model_dir: Path | None = None, progress: Progress | None = None, **options
) -> Transcriber:
    """The engine, its model loaded (once: keep it for the whole session).

    `progress(done, total)` reports the one-time Whisper model assembly; `options` go to the
    engine's constructor (for Whisper: window, beam_size, word_timestamps, threads)."""
    if name == "whisper":
        from simulator.stt.whisper import WhisperTranscriber

        return WhisperTranscriber(model_dir, progress=progress, **options)
    if name == "vosk":
        from simulator.stt.vosk_engine import VoskTranscriber

        return VoskTranscriber(model_dir, **options)
    raise UnknownEngine(
        f"Moteur de reconnaissance vocale inconnu : « {name} ». Choisissez parmi : "
        f"{', '.join(ENGINES)}."
    )
