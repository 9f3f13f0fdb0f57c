import shutil
import threading
import wave

import numpy as np
import pytest
from tones import pcm, tone

from simulator.audio.recording import StereoRecorder, repair


def channels(path):
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getframerate(), wav.getsampwidth()) == (2, 16000, 2)
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").reshape(-1, 2)
    return data[:, 0], data[:, 1]


def test_caller_left_trainee_right_on_one_clock(tmp_path):
    path = tmp_path / "session.wav"
    with StereoRecorder(path) as recorder:
        recorder.write_caller(pcm(np.full(800, 1000)), at=1.0)
        recorder.write_trainee(pcm(np.full(800, 2000)), at=0.5)
    left, right = channels(path)
    assert len(left) == 16800
    assert np.flatnonzero(left)[[0, -1]].tolist() == [16000, 16799]
    assert np.flatnonzero(right)[[0, -1]].tolist() == [8000, 8799]
    assert set(left[16000:16800]) == {1000} and set(right[8000:8800]) == {2000}


def test_late_and_overlapping_audio_is_mixed_where_it_belongs(tmp_path):
    path = tmp_path / "session.wav"
    with StereoRecorder(path, flush_interval=0) as recorder:  # flush on every write
        recorder.write_caller(pcm(np.full(16000, 100)), at=0.0)
        recorder.write_caller(pcm(np.full(1600, 50)), at=0.5)  # over what is already written
        recorder.write_trainee(pcm(np.full(1600, 32000)), at=0.9)
        recorder.write_trainee(pcm(np.full(1600, 32000)), at=0.95)  # clipped, not wrapped
        recorder.write_caller(pcm(np.full(10, 7)), at=-0.5)  # before the start: dropped
    left, right = channels(path)
    assert left[7999] == 100 and left[8000] == 150 and left[9599] == 150 and left[9600] == 100
    assert (right[14399], right[14400], right[15200], right[16000]) == (0, 32000, 32767, 32000)


def test_valid_wav_after_kill_and_repair(tmp_path):
    path = tmp_path / "session.wav"
    recorder = StereoRecorder(path, flush_interval=0.2)
    for n in range(50):  # 1.6 s of trainee frames, as a capture thread writes them
        recorder.write_trainee(pcm(tone(440, 0.032)), at=n * 0.032)
    recorder.write_caller(pcm(tone(440, 0.5)), at=0.2)
    recorder.flush()
    killed = tmp_path / "killed.wav"
    shutil.copy(path, killed)  # the file as a SIGKILL would leave it: never closed
    left, right = channels(killed)
    assert len(right) == 25600 and np.abs(left[3200:11200]).max() > 5000
    with open(killed, "ab") as file:  # data written, header not yet updated
        file.write(bytes(4 * 1600 + 3))
    assert repair(killed) == pytest.approx(1.7)
    assert len(channels(killed)[0]) == 27200
    recorder.close()


def test_writes_from_two_threads(tmp_path):
    path = tmp_path / "session.wav"
    recorder = StereoRecorder(path, flush_interval=0.01)

    def write(method, value):
        for n in range(200):
            method(pcm(np.full(512, value)), at=n * 0.032)

    threads = [threading.Thread(target=write, args=(recorder.write_caller, 1)),
               threading.Thread(target=write, args=(recorder.write_trainee, 2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorder.close()
    left, right = channels(path)
    assert len(left) == 200 * 512 and set(left) == {1} and set(right) == {2}
