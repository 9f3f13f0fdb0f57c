"""End of turn: cuts the trainee's utterances out of the microphone stream, frame by frame.

The silence needed to end an utterance (`end_silence`) is most of the turn latency: the caller
can only answer after it, plus what is left of the recognizer's decode (started early, in the
pause). 0.5 s (the default below) keeps ordinary pauses between words inside the utterance
and brings the caller's first audio 0.6-0.7 s after the end of speech (median, bench/latency.py).
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from simulator.audio.base import FRAME_SECONDS


class Detector(Protocol):
    def probability(self, frame: bytes) -> float: ...


@dataclass(frozen=True)
class SpeechStarted:
    t: float  # onset of speech, seconds from the first frame pushed
    pcm: bytes  # pre-roll and the speech so far: what a streaming recognizer is fed first


@dataclass(frozen=True)
class Utterance:
    pcm: bytes  # from up to `pre_roll` before `start` to the frame that ended it
    start: float  # onset of speech, seconds from the first frame pushed
    end: float  # end of the last voiced frame


Event = SpeechStarted | Utterance

SILENT_DBFS = -96.0  # level of digital silence (16-bit floor)


def level_dbfs(frame: bytes) -> float:
    samples = np.frombuffer(frame, dtype=np.int16).astype(np.float32)
    rms = math.sqrt(float(np.mean(samples * samples))) if len(samples) else 0.0
    return max(SILENT_DBFS, 20 * math.log10(rms / 32768)) if rms else SILENT_DBFS


def _frames(seconds: float) -> int:
    return max(1, round(seconds / FRAME_SECONDS))


class Onset:
    """A quick ear for the trainee starting to speak while the caller talks (barge-in): a few
    frames clearly above the microphone's own noise. Cheaper and faster than the voice detector,
    which the call's thread runs; on a headset the caller's voice does not reach the microphone.

    `push` returns True on the frame where speech is first confirmed, then not again until the
    microphone has been quiet for `rest` seconds."""

    def __init__(self, confirm: float = 0.096, margin_db: float = 15.0, lowest_db: float = -45.0,
                 rest: float = 0.5):
        self.confirm, self.rest = _frames(confirm), _frames(rest)
        self.margin_db, self.lowest_db = margin_db, lowest_db
        self.floor = SILENT_DBFS  # the noise level, followed slowly upward and quickly down
        self._loud = self._quiet = 0
        self._speaking = False

    def push(self, frame: bytes) -> bool:
        level = level_dbfs(frame)
        loud = level > max(self.lowest_db, self.floor + self.margin_db)
        if not loud:
            self.floor = level if level < self.floor else self.floor + 0.05 * (level - self.floor)
        self._loud, self._quiet = (self._loud + 1, 0) if loud else (0, self._quiet + 1)
        if self._speaking and self._quiet >= self.rest:
            self._speaking = False
        if not self._speaking and self._loud >= self.confirm:
            self._speaking = True
            return True
        return False


class Endpointer:
    """Push consecutive frames; get `SpeechStarted` once speech is confirmed and `Utterance`
    once it has ended (after `end_silence` below `end_threshold`, or at `max_utterance`).

    Hysteresis: speech starts at `start_threshold` and continues while the probability stays
    above `end_threshold`. A burst shorter than `min_speech` (a click, a knock) is not speech.
    """

    def __init__(
        self,
        detector: Detector,
        *,
        start_threshold: float = 0.5,
        end_threshold: float = 0.35,
        pre_roll: float = 0.3,
        end_silence: float = 0.5,
        min_speech: float = 0.15,
        max_utterance: float = 15.0,
    ):
        self.detector = detector
        self.start_threshold, self.end_threshold = start_threshold, end_threshold
        self.min_speech_frames = _frames(min_speech)
        self.end_silence_frames = _frames(end_silence)
        self.max_frames = _frames(max_utterance)
        self.pre_roll_frames = _frames(pre_roll)
        self.level = SILENT_DBFS  # of the last frame, for a level meter
        self.frames = 0  # pushed so far
        self._before: deque[bytes] = deque(maxlen=self.pre_roll_frames)
        self._pending: list[bytes] = []  # a possible start, not yet long enough to be speech
        self._speech: list[bytes] = []  # the utterance, pre-roll included
        self._onset = 0  # frame index where speech began
        self._last_voiced = 0  # frame index of the last voiced frame
        self._speaking = False

    @property
    def silence(self) -> float:
        """Seconds since the last voiced frame of the utterance in progress (0 when not in one)."""
        return (self.frames - 1 - self._last_voiced) * FRAME_SECONDS if self._speaking else 0.0

    @property
    def last_voiced(self) -> int:
        """Index of the last voiced frame: an utterance ending now would end after it."""
        return self._last_voiced

    def speech(self) -> bytes:
        """The utterance in progress so far, pre-roll included (to start decoding early)."""
        return b"".join(self._speech)

    def push(self, frame: bytes) -> list[Event]:
        index = self.frames
        self.frames += 1
        self.level = level_dbfs(frame)
        p = self.detector.probability(frame)
        if self._speaking:
            return self._continue(frame, index, p)
        if self._pending:
            return self._confirm(frame, index, p)
        if p >= self.start_threshold:
            self._onset = self._last_voiced = index
            return self._confirm(frame, index, p)
        self._before.append(frame)
        return []

    def _confirm(self, frame: bytes, index: int, p: float) -> list[Event]:
        if p < self.end_threshold:  # too short: back to listening, the burst as pre-roll
            self._before.extend(self._pending)
            self._before.append(frame)
            self._pending = []
            return []
        self._pending.append(frame)
        self._last_voiced = index
        if len(self._pending) < self.min_speech_frames:
            return []
        self._speech = [*self._before, *self._pending]
        self._before.clear()
        self._pending = []
        self._speaking = True
        return [SpeechStarted(self._onset * FRAME_SECONDS, b"".join(self._speech))]

    def _continue(self, frame: bytes, index: int, p: float) -> list[Event]:
        self._speech.append(frame)
        if p >= self.end_threshold:
            self._last_voiced = index
        if index - self._last_voiced >= self.end_silence_frames:
            return [self._end(self._last_voiced + 1)]
        if index + 1 - self._onset >= self.max_frames:
            # Forced end mid-speech: the next utterance starts afresh, without repeating audio.
            utterance = self._end(index + 1)
            self._before.clear()
            return [utterance]
        return []

    def _end(self, end_frame: int) -> Utterance:
        utterance = Utterance(
            b"".join(self._speech), self._onset * FRAME_SECONDS, end_frame * FRAME_SECONDS
        )
        self._before.extend(self._speech[-self.pre_roll_frames :])  # trailing silence
        self._speech = []
        self._speaking = False
        return utterance
