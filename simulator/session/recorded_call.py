"""A two-channel call recording (caller left, trainee right) heard through the same ears as a live
session: each channel is cut into utterances by the same endpointer and transcribed by the same
engine, then both sides are merged on their times into one call.

A recording is not live: each channel is known whole before it is cut, so its detector also hears
the channel's own level (`ChannelDetector`). Telephone audio needs it: band-limited to 300-3400 Hz,
a synthesized voice got Silero probabilities above 0.5 in 1 % of its frames, against 42 % for the
same voice in wideband, and whole turns were lost.

Holds and transfers leave no trace in such a recording: they are not applicable when scored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from simulator.audio.base import FRAME_BYTES, AudioError, from_float
from simulator.audio.endpoint import Detector, Endpointer, Utterance, level_dbfs
from simulator.audio.wavfiles import TooLong, decode_file
from simulator.events import CallEnded, CallerSaid, Event, TraineeSaid
from simulator.files import is_file
from simulator.session.greeting_check import greeting_check, looked_at
from simulator.stt.base import Transcriber, transcribe
from simulator.transcript.model import CallContext

MAX_CALL_SECONDS = 2 * 3600
AUDIO_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3", ".m4a")


def read_channels(path: Path) -> tuple[bytes, bytes]:
    """The left and right channels as 16 kHz mono PCM; a clear error for anything else."""
    if not is_file(path):
        raise AudioError(f"{path} : fichier introuvable")
    try:
        stereo = decode_file(path, layout="stereo", max_seconds=MAX_CALL_SECONDS)
    except TooLong:
        raise
    except AudioError:
        raise AudioError(f"{path} : fichier audio illisible ou endommagé (attendu : un enregistrement stéréo "
                         "WAV, FLAC, OGG, MP3 ou M4A)") from None
    # Through float samples, as faster-whisper's decoder gave them: the engine hears what it heard before.
    samples = np.frombuffer(stereo, dtype="<i2").astype(np.float32) / 32768.0
    left, right = samples[0::2], samples[1::2]
    if len(left) == 0:
        raise AudioError(f"{path} : l'enregistrement est vide")
    if np.array_equal(left, right):
        raise AudioError(f"{path} : enregistrement mono (ou deux canaux identiques) ; il faut deux canaux, "
                         "l'appelant à gauche et le stagiaire à droite")
    return from_float(left), from_float(right)


NOISE_PERCENTILE, SPEECH_PERCENTILE = 10, 95
LOWEST_FLOOR_DBFS = -70.0  # digital silence is no noise floor: count from here
LEVEL_START = 0.35  # of the way from the channel's noise floor to its speech level: p = 0.5
MIN_SPAN_DB = 20.0  # speech stands at least this far above the floor (a channel of noise alone has none)


def floor_and_span(levels) -> tuple[float, float]:
    """A channel's noise floor and how far above it its speech stands, in dB, from its frames'
    levels (dBFS): what tells that channel's voice from its noise."""
    if not len(levels):
        return 0.0, MIN_SPAN_DB
    floor = max(LOWEST_FLOOR_DBFS, float(np.percentile(levels, NOISE_PERCENTILE)))
    return floor, max(float(np.percentile(levels, SPEECH_PERCENTILE)) - floor, MIN_SPAN_DB)


class ChannelDetector:
    """Speech probability in one channel of a recording: Silero's, or the frame's level between the
    channel's noise floor and its speech level, whichever is higher. One speaker per channel and
    light line noise: a frame well above the floor is that speaker (Whisper then drops what is not
    words, as it does for any utterance)."""

    def __init__(self, pcm: bytes, detector: Detector):
        self.detector = detector
        levels = [level_dbfs(pcm[o:o + FRAME_BYTES]) for o in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES)]
        self.floor, self.span = floor_and_span(levels)

    def level_probability(self, frame: bytes) -> float:
        """0 at the noise floor, 0.5 at `LEVEL_START` of the way to the speech level, 1 above."""
        share = (level_dbfs(frame) - self.floor) / self.span
        return float(np.clip(0.5 * share / LEVEL_START, 0.0, 1.0))

    def probability(self, frame: bytes) -> float:
        return max(self.detector.probability(frame), self.level_probability(frame))


def utterances(pcm: bytes, endpointer: Endpointer) -> list[Utterance]:
    found: list[Utterance] = []
    pcm += bytes(FRAME_BYTES * 40)  # trailing silence so that a last utterance ends
    for offset in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES):
        found += [e for e in endpointer.push(pcm[offset:offset + FRAME_BYTES]) if isinstance(e, Utterance)]
    return found


def channel_utterances(pcm: bytes, detector: Callable[[], Detector]) -> list[Utterance]:
    return utterances(pcm, Endpointer(ChannelDetector(pcm, detector())))


def transcribe_call(channels: tuple[bytes, bytes], transcriber: Transcriber, detector: Callable[[], Detector],
                    progress: Callable[[int, int], None] | None = None,
                    context: CallContext | None = None) -> list[Event]:
    """The call's spoken turns in time order, ended by the end of the recording.

    `channels` come from `read_channels`, called first so that a bad file is refused before the
    speech model loads; `detector` makes a voice activity detector (Silero) for each channel;
    with the call's `context`, the trainee's first utterance gets a second look on the audio
    (simulator.session.greeting_check), when the engine can give one."""
    check = greeting_check(transcriber, context) if context is not None else None
    caller, trainee = channels
    heard = [(CallerSaid, u) for u in channel_utterances(caller, detector)]
    heard += [(TraineeSaid, u) for u in channel_utterances(trainee, detector)]
    heard.sort(key=lambda pair: pair[1].start)
    events: list[Event] = []
    for done, (kind, utterance) in enumerate(heard, 1):
        text = transcribe(transcriber, utterance.pcm).text.strip()
        if text and kind is TraineeSaid and check is not None:
            events.append(looked_at(check, utterance.pcm, utterance.start, text, utterance.end))
            check = None  # the first turn only
        elif text:
            events.append(kind(round(utterance.start, 2), text, round(utterance.end, 2)))
        if progress:
            progress(done, len(heard))
    events.append(CallEnded(round(len(caller) / 32000, 2)))
    return events
