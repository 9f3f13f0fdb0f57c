"""What a speech recognizer offers the call.

Every engine streams: the call feeds an utterance frame by frame (`accept`, which may return a
partial transcript as the trainee speaks) and gets the final transcript at end of speech
(`finish`). Whisper buffers and decodes at the end; Vosk decodes as the audio arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the start of the utterance
    end: float


@dataclass(frozen=True)
class Transcription:
    text: str
    words: tuple[Word, ...] = ()
    compute_seconds: float = 0.0  # time spent decoding after end of speech


class UtteranceStream(Protocol):
    def accept(self, pcm: bytes) -> str | None:
        """Feed audio (simulator.audio.base format); returns the partial transcript if it changed."""

    def finish(self) -> Transcription: ...


class Transcriber(Protocol):
    name: str
    # True when all decoding happens in `finish` (Whisper): the session then decodes early,
    # during the trainee's pauses. Streaming engines (Vosk) leave it False.
    decodes_at_end: bool

    def stream(self) -> UtteranceStream: ...


class Listener(Protocol):
    """An engine that can say how well given words fit an utterance (Whisper): the second look a
    transcript gets where the scenario knows what should have been said."""

    def log_likelihoods(self, pcm: bytes, texts: Sequence[str]) -> list[tuple[float, int]]:
        """For each text, the log-probability of its words given the audio (the decoder forced
        through them) and how many tokens it took."""


def transcribe(engine: Transcriber, pcm: bytes) -> Transcription:
    """A whole utterance at once."""
    stream = engine.stream()
    stream.accept(pcm)
    return stream.finish()
