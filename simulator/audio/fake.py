"""In-memory audio devices for unit tests: no sound server, no waiting."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from simulator.audio.base import seconds
from simulator.audio.wavfiles import PcmIn


class MemoryIn(PcmIn):
    """Returns the given frames (or PCM cut into frames) at once, then EOFError."""

    def __init__(self, pcm: bytes | Iterable[bytes]):
        super().__init__(pcm, paced=False)


@dataclass
class Loop:
    pcm: bytes
    started_at: float
    stopped_at: float | None = None


class MemoryOut:
    """Collects what is played, with start times from `clock`; returns at once (an AudioOut, and
    like `SpeakerOut` calls `on_played`)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 on_played: Callable[[bytes, float], None] | None = None):
        self.clock = clock
        self.on_played = on_played
        self.played: list[bytes] = []
        self.starts: list[float] = []
        self.loops: list[Loop] = []
        self.closed = False

    @property
    def started_at(self) -> float | None:
        return self.starts[-1] if self.starts else None

    @property
    def pcm(self) -> bytes:
        return b"".join(self.played)

    @property
    def duration(self) -> float:
        return seconds(self.pcm)

    def play(self, pcm: bytes) -> None:
        self.stop_loop()
        at = self.clock()
        self.played.append(pcm)
        self.starts.append(at)
        if self.on_played is not None:
            self.on_played(pcm, at)

    def start_loop(self, pcm: bytes) -> None:
        self.stop_loop()
        self.loops.append(Loop(pcm, self.clock()))

    def stop_loop(self) -> None:
        if self.loops and self.loops[-1].stopped_at is None:
            self.loops[-1].stopped_at = self.clock()

    @property
    def looping(self) -> bool:
        return bool(self.loops) and self.loops[-1].stopped_at is None

    def stop(self) -> None:
        self.stop_loop()

    def close(self) -> None:
        self.stop_loop()
        self.closed = True
