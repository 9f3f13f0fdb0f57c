"""Choosing a speech recognizer by name, as the command line does (`--stt whisper|vosk`)."""

from __future__ import annotations

from pathlib import Path

from simulator.errors import AccueilError
from simulator.stt.base import Transcriber
from simulator.stt.models import Progress

ENGINES = ("whisper", "vosk")
# A recording is not scored in real time: a wider beam is worth its cost there. bench/scoring_audio.py,
# 8 held-out calls in two bands: agreement 87.5 % -> 89.6 % (wideband), 58.3 % -> 68.8 % (telephone
# band), 7.6 -> 9.8 s per call. A live call keeps beam 1 for the caller's turn gap.
OFFLINE_OPTIONS = {"whisper": {"beam_size": 5}}


class UnknownEngine(AccueilError):
    pass


def load_transcriber(
    name: str, model_dir: Path | None = None, progress: Progress | None = None, offline: bool = False, **options
) -> Transcriber:
    """The engine, its model loaded (once: keep it for the whole session).

    `progress(done, total)` reports the one-time Whisper model assembly; `offline`: for recordings
    (`OFFLINE_OPTIONS`); `options` go to the engine's constructor (for Whisper: window, beam_size,
    word_timestamps, threads)."""
    if offline:
        options = OFFLINE_OPTIONS.get(name, {}) | options
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
