"""Speech sets built from ../shared/fr-speech (real French recordings) for tests and benchmarks.

The shared clips are short (1-8 s). A trainee's rephrasing followed by a question often lasts
10-25 s, so `long_utterances` joins consecutive clips with short breaths into utterances of that
length: what the recognizer gets when a trainee speaks at length without a long pause.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.audio.base import RATE
from simulator.audio.wavfiles import read_wav

FR_SPEECH = Path(__file__).resolve().parents[1].parent / "shared" / "fr-speech"
LONG_MIN_SECONDS, LONG_MAX_SECONDS = 10.0, 25.0
PAUSES = (0.3, 0.45, 0.6)  # between joined clips: shorter than the endpointer's end of turn


@dataclass(frozen=True)
class Clip:
    name: str
    pcm: bytes  # 16 kHz mono int16
    reference: str

    @property
    def seconds(self) -> float:
        return len(self.pcm) / (2 * RATE)


def references(directory: Path = FR_SPEECH) -> dict[str, str]:
    with (directory / "transcripts.tsv").open(encoding="utf-8") as f:
        return {row["file"]: row["text"] for row in csv.DictReader(f, delimiter="\t")}


def short_clips(directory: Path = FR_SPEECH) -> list[Clip]:
    return [Clip(name, read_wav(directory / name), text) for name, text in references(directory).items()]


def long_utterances(directory: Path = FR_SPEECH) -> list[Clip]:
    """Clips joined in their file order, each group closed once it passes 10 s (never past 25 s):
    the read sentences make utterances of 2-3 sentences, the short commands of 4-8 commands."""
    groups: list[list[Clip]] = []
    for family in ("voxforge", "stp"):
        clips = [c for c in short_clips(directory) if c.name.startswith(family)]
        group: list[Clip] = []
        for clip in clips:
            if group and _length(group + [clip]) > LONG_MAX_SECONDS:
                group = []
            group.append(clip)
            if _length(group) >= LONG_MIN_SECONDS:
                groups.append(group)
                group = []
    joined = []
    for n, group in enumerate(groups):
        pieces = []
        for i, clip in enumerate(group):
            if i:
                pieces.append(bytes(2 * int(PAUSES[(n + i) % len(PAUSES)] * RATE)))
            pieces.append(clip.pcm)
        joined.append(Clip(f"long-{n + 1:02d}", b"".join(pieces), " ".join(c.reference for c in group)))
    return joined


def _length(group: list[Clip]) -> float:
    return sum(c.seconds for c in group) + max(PAUSES) * (len(group) - 1)


def repeated_ngram(words: list[str], n: int = 3, times: int = 3) -> tuple[str, ...] | None:
    """The first run of `n` words said `times` times in a row or more: the signature of a decoder
    loop (« de nos clums et de nos clums et de nos clums »)."""
    for size in range(1, n + 1):
        for i in range(len(words) - size * times + 1):
            gram = words[i:i + size]
            if all(words[i + k * size:i + (k + 1) * size] == gram for k in range(1, times)):
                if size > 1 or len(gram[0]) > 2:  # « oui oui oui » is speech, not a loop
                    return tuple(gram)
    return None


def samples(clip: Clip) -> np.ndarray:
    return np.frombuffer(clip.pcm, dtype="<i2")
