import numpy as np
import pytest

from simulator.audio.base import RATE, silence
from simulator.audio.vad import SpeechDetector
from simulator.audio.wavfiles import read_wav, split_frames
from speech_sets import FR_SPEECH



@pytest.fixture(scope="module")
def detector():
    return SpeechDetector()


def probabilities(detector, pcm):
    detector.reset()
    return np.array([detector.probability(frame) for frame in split_frames(pcm)])


@pytest.mark.skipif(not FR_SPEECH.is_dir(), reason=f"{FR_SPEECH} absent")
def test_high_on_speech_low_around_it(detector):
    p = probabilities(detector, silence(1.0) + read_wav(FR_SPEECH / "stp_fr_02.wav") + silence(1.0))
    assert p.max() > 0.9 and (p > 0.5).sum() >= 10  # « allume la lumière »: about 1 s of speech
    assert p[:25].max() < 0.2 and p[-20:].max() < 0.2


def test_low_on_silence_and_noise(detector):
    rng = np.random.default_rng(0)
    hiss = (rng.standard_normal(2 * RATE) * 0.03 * 32767).astype(np.int16).tobytes()
    hum = (np.sin(2 * np.pi * 50 * np.arange(2 * RATE) / RATE) * 0.1 * 32767).astype(np.int16)
    for pcm in (silence(2.0), hiss, hum.tobytes()):
        assert probabilities(detector, pcm).max() < 0.3


def test_state_carries_across_frames_like_the_batch_model(detector):
    """Frame-by-frame probabilities equal faster-whisper's whole-array computation."""
    from faster_whisper.vad import get_vad_model

    pcm = read_wav(FR_SPEECH / "stp_fr_01.wav") if FR_SPEECH.is_dir() else silence(1.0)
    pcm = pcm[: len(pcm) // 1024 * 1024]
    batch = get_vad_model()(np.frombuffer(pcm, np.int16).astype(np.float32) / 32768).ravel()
    assert np.abs(probabilities(detector, pcm) - batch).max() < 1e-3


def test_frame_size_is_checked(detector):
    with pytest.raises(ValueError):
        detector.probability(bytes(100))
