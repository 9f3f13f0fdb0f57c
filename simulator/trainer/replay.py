"""Replay a recorded session turn by turn: each line's audio, then the criteria it decided.

Only the spoken turns are played (from their start to their end in the recording, both channels
mixed), so silences between turns are skipped. Single keys steer it: space pauses or resumes,
n skips to the next turn, c to the next turn that decided a criterion, q quits.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TextIO

from simulator.audio.base import RATE, SAMPLE_WIDTH, AudioOut
from simulator.audio.devices import resolve
from simulator.audio.pyaudio_io import SpeakerOut
from simulator.trainer.recording import mixed_recording
from simulator.trainer.assessment import Assessment
from simulator.trainer.timeline import Mark, Step
from simulator.session.keys import cbreak

PAUSE, NEXT_TURN, NEXT_CRITERION, QUIT = " ", "n", "c", "q"
REPLAY_KEYS = "Touches : [espace] pause / reprise · [n] tour suivant · [c] critère suivant · [q] quitter"
POLL = 0.05  # seconds between looks at the keyboard while a turn plays


class Screen(Protocol):
    def header(self, session: Assessment) -> None: ...
    def notice(self, text: str) -> None: ...
    def line(self, step: Step) -> None: ...
    def marks(self, marks: tuple[Mark, ...]) -> None: ...
    def paused(self, paused: bool) -> None: ...
    def footer(self, session: Assessment) -> None: ...


def turn_audio(recording: Path) -> Callable[[Step], bytes]:
    """The recording's audio of each spoken turn, caller and trainee mixed to mono."""
    pcm = mixed_recording(recording)

    def segment(step: Step) -> bytes:
        event = step.event
        if not step.spoken or event.t is None or event.end is None:
            return b""
        return pcm[round(event.t * RATE) * SAMPLE_WIDTH: round(event.end * RATE) * SAMPLE_WIDTH]
    return segment


class Playback:
    """One sound playing on `out` in the background, until it ends or is stopped."""

    def __init__(self, out: AudioOut, pcm: bytes, clock: Callable[[], float] = time.monotonic):
        self.out, self.pcm, self.clock = out, pcm, clock
        self.started = clock()
        self._thread = threading.Thread(target=out.play, args=(pcm,), name="replay", daemon=True)
        self._thread.start()

    def wait(self, timeout: float) -> bool:
        """True once the sound has been played."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def stop(self) -> int:
        """Stop it; returns how many bytes of it were played."""
        if self.wait(0):
            return len(self.pcm)
        self.out.stop()
        self._thread.join()
        return min(len(self.pcm), round((self.clock() - self.started) * RATE) * SAMPLE_WIDTH)


class Player:
    """Plays a timeline on `out`, reading keys from `keys` (nothing arrives there when there is
    no keyboard: then it plays straight through)."""

    def __init__(self, steps: tuple[Step, ...], audio: Callable[[Step], bytes], out: AudioOut, screen: Screen,
                 keys: queue.Queue[str], clock: Callable[[], float] = time.monotonic):
        self.steps, self.audio, self.out, self.screen, self.keys, self.clock = steps, audio, out, screen, keys, clock

    def run(self) -> None:
        index = 0
        while index < len(self.steps):
            step = self.steps[index]
            self.screen.line(step)
            key = self._play(self.audio(step))
            if key == QUIT:
                return
            self.screen.marks(step.marks)  # decided once the line has been said (or skipped)
            index = self._next_decided(index) if key == NEXT_CRITERION else index + 1

    def _next_decided(self, index: int) -> int:
        """The next step that decided a criterion; the end if none."""
        return next((i for i in range(index + 1, len(self.steps)) if self.steps[i].marks), len(self.steps))

    def _start(self, pcm: bytes) -> Playback | None:
        return Playback(self.out, pcm, self.clock) if pcm else None

    def _play(self, pcm: bytes) -> str | None:
        """Play one turn; returns the key that ended it early (n, c or q), or None."""
        played, paused = 0, False
        playback = self._start(pcm)
        while True:
            if paused:
                key = self.keys.get()
            else:
                # Done is read before the keys: a key pressed while the turn played is never missed.
                done = playback is None or playback.wait(POLL)
                try:
                    key = self.keys.get_nowait()
                except queue.Empty:
                    if done:
                        return None
                    continue
            key = key.lower()
            if key in (NEXT_TURN, NEXT_CRITERION, QUIT):
                if playback is not None:
                    playback.stop()
                return key
            if key != PAUSE:
                continue
            if paused:
                playback = self._start(pcm[played:])
            elif playback is not None:
                played += playback.stop()
                playback = None
            paused = not paused
            self.screen.paused(paused)


def replay_session(session: Assessment, screen: Screen, *, audio: bool = True, output_device: str | None = None,
                   stdin: TextIO | None = None) -> None:
    """The whole replay: the recording through the headset with keys when there is one and
    `audio` is asked, else the annotated transcript at once."""
    screen.header(session)
    if audio and session.recording is None:
        screen.notice("Cette séance n'a pas d'enregistrement audio (séance au clavier) : "
                      "voici sa transcription annotée.")
    if not audio or session.recording is None:
        for step in session.timeline.steps:
            screen.line(step)
            screen.marks(step.marks)
    else:
        segments = turn_audio(session.recording)
        out = SpeakerOut(resolve(output_device, "output"))
        keys: queue.Queue[str] = queue.Queue()
        stdin = stdin or sys.stdin
        try:
            with cbreak(stdin) as interactive:
                if interactive:
                    screen.notice(REPLAY_KEYS)
                    threading.Thread(target=_read_keys, args=(stdin, keys), name="keys", daemon=True).start()
                Player(session.timeline.steps, segments, out, screen, keys).run()
        finally:
            out.close()
    screen.footer(session)


def _read_keys(stream: TextIO, keys: queue.Queue[str]) -> None:
    while key := stream.read(1):
        keys.put(key)
