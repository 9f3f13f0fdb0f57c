"""What a speech synthesizer offers the call: text in, 16 kHz mono 16-bit PCM out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Voice:
    """An engine voice and how the persona speaks: `name` is the engine's voice id (espeak-ng:
    « fr-fr », « mb-fr1 »...), `rate` in words per minute, `pitch` 0–100 (50: the voice's own),
    `volume` 0–100 (percent of the engine's full scale)."""

    name: str
    rate: int
    pitch: int = 50
    volume: int = 70


class Synthesizer(Protocol):
    def render(self, text: str, voice: Voice) -> bytes:
        """The PCM of `text` spoken by `voice` (simulator.audio.base format)."""
