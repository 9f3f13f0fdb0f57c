import time
import wave

import numpy as np
import pytest
from tones import dominant_frequency, pcm, samples, tone

from simulator.audio.base import FRAME_BYTES, FRAME_SECONDS, AudioError
from simulator.audio.wavfiles import PacedWavIn, WavFileIn, read_wav


def write_wav(path, data: np.ndarray, rate=16000, channels=1, width=2):
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(data.tobytes())
    return path


def test_16k_mono_is_read_as_is(tmp_path):
    signal = tone(440, 0.5)
    assert read_wav(write_wav(tmp_path / "a.wav", signal)) == pcm(signal)


def test_other_rates_and_stereo_are_converted(tmp_path):
    left = tone(1000, 1.0, rate=44100)
    stereo = np.column_stack([left, left]).reshape(-1)
    data = samples(read_wav(write_wav(tmp_path / "b.wav", stereo, rate=44100, channels=2)))
    assert abs(len(data) - 16000) < 200
    assert dominant_frequency(data) == pytest.approx(1000, abs=5)


def test_8_bit_is_converted(tmp_path):
    eight_bit = (tone(500, 0.5, rate=8000) // 256 + 128).astype(np.uint8)
    data = samples(read_wav(write_wav(tmp_path / "c.wav", eight_bit, rate=8000, width=1)))
    assert abs(len(data) - 8000) < 200
    assert dominant_frequency(data) == pytest.approx(500, abs=5)


def test_missing_file(tmp_path):
    with pytest.raises(AudioError, match="introuvable.*absent.wav"):
        read_wav(tmp_path / "absent.wav")


def test_truncated_header(tmp_path):
    path = tmp_path / "court.wav"
    path.write_bytes(write_wav(tmp_path / "x.wav", tone(440, 0.1)).read_bytes()[:20])
    with pytest.raises(AudioError, match="court.wav est tronqué"):
        read_wav(path)


def test_truncated_data(tmp_path):
    path = write_wav(tmp_path / "coupe.wav", tone(440, 1.0))
    path.write_bytes(path.read_bytes()[:-1000])
    with pytest.raises(AudioError, match="coupe.wav est tronqué"):
        read_wav(path)


def test_not_audio(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("pas du son du tout\n" * 50)
    with pytest.raises(AudioError, match="notes.wav n'est pas un fichier audio"):
        read_wav(path)


def test_wav_file_in_unpaced_and_paced(tmp_path):
    path = write_wav(tmp_path / "d.wav", tone(440, 0.32))
    unpaced = WavFileIn(path)
    assert [len(unpaced.read()) for _ in range(10)] == [FRAME_BYTES] * 10
    with pytest.raises(EOFError):
        unpaced.read()
    paced = WavFileIn(path, paced=True)
    began = time.monotonic()
    for _ in range(10):
        paced.read()
    assert time.monotonic() - began == pytest.approx(10 * FRAME_SECONDS, abs=0.03)


def test_paced_frames_take_real_time_without_drift():
    source = PacedWavIn([pcm(tone(440, 0.5))], trailing=1.0)
    began = time.monotonic()
    for n in range(1, 41):
        source.read()
        if n % 10 == 0:  # every frame is due on one schedule: no accumulated lateness
            assert time.monotonic() - began == pytest.approx(n * FRAME_SECONDS, abs=0.02)


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, delay):
        self.now += delay


def frames_until_eof(source):
    frames = []
    while True:
        try:
            frames.append(source.read())
        except EOFError:
            return frames


def loud(frame):
    return np.abs(samples(frame)).max() > 1000


def test_clips_wait_for_their_cue_plus_reaction_time():
    clock = FakeClock()
    first, second = pcm(tone(440, 0.32)), pcm(tone(880, 0.32))  # 10 frames each
    source = PacedWavIn([first, second], after=0.5, trailing=0.64, clock=clock, sleep=clock.sleep)
    frames = [source.read() for _ in range(40)]
    assert [loud(frame) for frame in frames] == [True] * 10 + [False] * 30  # no cue: silence
    cued_at = clock.now
    source.cue()
    frames = frames_until_eof(source)
    assert [loud(frame) for frame in frames] == [False] * 16 + [True] * 10 + [False] * 20
    assert source.clip_starts[0] == 0.0
    assert source.clip_starts[1] - cued_at == pytest.approx(0.5, abs=FRAME_SECONDS)


def test_a_cue_during_a_clip_is_kept_for_the_next_one():
    clock = FakeClock()
    source = PacedWavIn([pcm(tone(440, 0.32))] * 2, after=0.0, trailing=0.0, clock=clock, sleep=clock.sleep)
    source.read()
    source.cue()  # the caller answered over the trainee
    assert sum(loud(frame) for frame in frames_until_eof(source)) == 19  # back to back


def test_first_clip_can_wait_for_a_cue_too():
    clock = FakeClock()
    source = PacedWavIn([pcm(tone(440, 0.32))], start_first=False, after=0.0, trailing=0.32,
                        clock=clock, sleep=clock.sleep)
    assert not any(loud(source.read()) for _ in range(5))
    source.cue()
    assert sum(loud(frame) for frame in frames_until_eof(source)) == 10
