import math

import pytest

from simulator.audio.base import FRAME_BYTES, FRAME_SECONDS, silence
from simulator.audio.endpoint import SILENT_DBFS, Endpointer, SpeechStarted, Utterance, level_dbfs
from simulator.audio.vad import SpeechDetector
from simulator.audio.wavfiles import read_wav, split_frames
from speech_sets import FR_SPEECH

SPEECH, QUIET = b"\x10\x00" * (FRAME_BYTES // 2), bytes(FRAME_BYTES)


class ScriptedDetector:
    """Speech probability read from the frame itself: SPEECH frames 0.9, others 0.0."""

    def probability(self, frame: bytes) -> float:
        return 0.9 if frame == SPEECH else 0.0


def run(endpointer, frames):
    return [(i, event) for i, frame in enumerate(frames) for event in endpointer.push(frame)]


def test_one_utterance_with_pre_roll_and_boundaries():
    frames = [QUIET] * 20 + [SPEECH] * 30 + [QUIET] * 30
    events = run(Endpointer(ScriptedDetector(), pre_roll=0.32, end_silence=0.48), frames)
    (i, started), (j, utterance) = events
    assert isinstance(started, SpeechStarted) and isinstance(utterance, Utterance)
    assert started.t == pytest.approx(20 * FRAME_SECONDS)
    assert utterance.start == started.t and utterance.end == pytest.approx(50 * FRAME_SECONDS)
    assert j == 49 + 15  # on the 15th quiet frame: 0.48 s of silence
    assert utterance.pcm == QUIET * 10 + SPEECH * 30 + QUIET * 15  # pre-roll, speech, tail
    assert started.pcm == utterance.pcm[: len(started.pcm)]


def test_clicks_are_not_speech_and_pauses_do_not_split():
    frames = [QUIET] * 5 + [SPEECH] * 2 + [QUIET] * 20  # a 64 ms knock
    frames += [SPEECH] * 20 + [QUIET] * 10 + [SPEECH] * 20 + [QUIET] * 30  # a 0.32 s pause
    events = [e for _, e in run(Endpointer(ScriptedDetector()), frames)]
    assert [type(e) for e in events] == [SpeechStarted, Utterance]
    assert events[1].start == pytest.approx(27 * FRAME_SECONDS)
    assert events[1].end == pytest.approx(77 * FRAME_SECONDS)


def test_hysteresis():
    class Fading:
        def probability(self, frame):
            return frame[0] / 100

    frame = lambda p: bytes([p]) + bytes(FRAME_BYTES - 1)  # noqa: E731
    frames = [frame(p) for p in [10, 60] + [40] * 30 + [30] * 30]  # starts at .5, holds above .35
    events = [e for _, e in run(Endpointer(Fading()), frames)]
    assert events[1].start == pytest.approx(FRAME_SECONDS) and events[1].end == pytest.approx(32 * FRAME_SECONDS)


def test_long_speech_is_cut_without_repeating_audio():
    frames = [SPEECH] * 250 + [QUIET] * 30
    events = [e for _, e in run(Endpointer(ScriptedDetector(), max_utterance=3.2), frames)]
    utterances = [e for e in events if isinstance(e, Utterance)]
    assert [(round(u.start, 2), round(u.end, 2)) for u in utterances] == [(0, 3.2), (3.2, 6.4), (6.4, 8.0)]
    assert [u.pcm.count(SPEECH) for u in utterances] == [100, 100, 50]


def test_level_meter():
    endpointer = Endpointer(ScriptedDetector())
    endpointer.push(QUIET)
    assert endpointer.level == SILENT_DBFS
    full = b"\xff\x7f" * (FRAME_BYTES // 2)
    assert level_dbfs(full) == pytest.approx(0, abs=0.01)
    endpointer.push(SPEECH)
    assert endpointer.level == pytest.approx(20 * math.log10(16 / 32768), abs=0.01)


@pytest.mark.skipif(not FR_SPEECH.is_dir(), reason=f"{FR_SPEECH} absent")
def test_real_speech_between_silences():
    """A real clip's spoken part, cut at known frames, between digital silences."""
    pcm = read_wav(FR_SPEECH / "stp_fr_01.wav")  # speech from about 0.64 s to 2.3 s
    speech = pcm[19 * FRAME_BYTES: 72 * FRAME_BYTES]
    stream = silence(1.6) + speech + silence(2.0)
    events = [e for _, e in run(Endpointer(SpeechDetector()), split_frames(stream))]
    assert [type(e) for e in events] == [SpeechStarted, Utterance]
    utterance = events[1]
    assert utterance.start == pytest.approx(1.6, abs=0.1)
    assert utterance.end == pytest.approx(1.6 + 53 * FRAME_SECONDS, abs=0.1)
    assert speech in utterance.pcm
