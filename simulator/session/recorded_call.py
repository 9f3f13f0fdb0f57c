"""A two-channel call recording (caller left, trainee right) heard through the same ears as a live
session: each channel is cut into utterances by the same detector and transcribed by the same
engine, then both sides are merged on their times into one call.

Holds and transfers leave no trace in such a recording: they are not applicable when scored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from simulator.audio.base import FRAME_BYTES, AudioError, from_float
from simulator.audio.endpoint import Endpointer, Utterance
from simulator.audio.wavfiles import TooLong, decode_file
from simulator.events import CallEnded, CallerSaid, Event, TraineeSaid
from simulator.files import is_file
from simulator.stt.base import Transcriber, transcribe

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


def utterances(pcm: bytes, endpointer: Endpointer) -> list[Utterance]:
    found: list[Utterance] = []
    pcm += bytes(FRAME_BYTES * 40)  # trailing silence so that a last utterance ends
    for offset in range(0, len(pcm) - FRAME_BYTES + 1, FRAME_BYTES):
        found += [e for e in endpointer.push(pcm[offset:offset + FRAME_BYTES]) if isinstance(e, Utterance)]
    return found


def transcribe_call(channels: tuple[bytes, bytes], transcriber: Transcriber, endpointer: Callable[[], Endpointer],
                    progress: Callable[[int, int], None] | None = None) -> list[Event]:
    """The call's spoken turns in time order, ended by the end of the recording.

    `channels` come from `read_channels`, called first so that a bad file is refused before the
    speech model loads."""
    caller, trainee = channels
    heard = [(CallerSaid, u) for u in utterances(caller, endpointer())]
    heard += [(TraineeSaid, u) for u in utterances(trainee, endpointer())]
    heard.sort(key=lambda pair: pair[1].start)
    events: list[Event] = []
    for done, (kind, utterance) in enumerate(heard, 1):
        text = transcribe(transcriber, utterance.pcm).text.strip()
        if text:
            events.append(kind(round(utterance.start, 2), text, round(utterance.end, 2)))
        if progress:
            progress(done, len(heard))
    events.append(CallEnded(round(len(caller) / 32000, 2)))
    return events
