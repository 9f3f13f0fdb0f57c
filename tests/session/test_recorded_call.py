"""Call recordings cut into turns: the channel's own level helps the speech detector, so that
telephone audio (8 kHz, 300-3400 Hz, quiet or hot, over line noise) loses no turn."""

from __future__ import annotations

import json
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from simulator.audio.base import FRAME_BYTES, RATE
from simulator.audio.wavfiles import read_wav
from simulator.cli import cli
from simulator.session.recorded_call import ChannelDetector, channel_utterances

REPLIES = Path(__file__).resolve().parents[1] / "data" / "replies"


class Deaf:
    """A speech detector that hears nothing (Silero on band-limited synthetic speech, nearly)."""

    def probability(self, frame: bytes) -> float:
        return 0.0


def tone_bursts(bursts: list[tuple[float, float]], level: float, noise: float, seconds: float) -> bytes:
    rng = np.random.default_rng(0)
    t = np.arange(int(seconds * RATE)) / RATE
    x = rng.standard_normal(len(t)) * 10 ** (noise / 20)
    for start, end in bursts:
        inside = (t >= start) & (t < end)
        x[inside] += np.sin(2 * np.pi * 440 * t[inside]) * np.sqrt(2) * 10 ** (level / 20)
    return (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()


def test_level_above_the_channel_floor_counts_as_speech():
    bursts = [(0.5, 2.0), (4.0, 6.5), (9.0, 9.8)]
    pcm = tone_bursts(bursts, level=-30, noise=-55, seconds=11)
    found = channel_utterances(pcm, Deaf)
    assert [(round(u.start, 1), round(u.end, 1)) for u in found] == [(0.5, 2.0), (4.0, 6.5), (9.0, 9.8)]


def test_noise_alone_and_digital_silence_are_not_speech():
    assert channel_utterances(tone_bursts([], level=-30, noise=-50, seconds=5), Deaf) == []
    assert channel_utterances(bytes(RATE * 2 * 5), Deaf) == []


def test_the_detector_still_decides_when_it_hears_speech():
    class Sure:
        def probability(self, frame: bytes) -> float:
            return 1.0

    detector = ChannelDetector(bytes(RATE * 2), Sure())
    assert detector.probability(bytes(FRAME_BYTES)) == 1.0
    assert detector.level_probability(bytes(FRAME_BYTES)) == 0.0


def telephone_call(path: Path, trainee: list[Path], caller: list[Path], rate: int, levels: tuple[float, float]) -> None:
    """Caller left, trainee right, taking turns; through sox's telephone band at `rate`, each side at
    its level (dBFS RMS), over line noise at -52 dBFS."""
    gap = np.zeros(RATE // 2, "<i2")
    left, right = [gap], [gap]
    for i in range(max(len(trainee), len(caller))):
        for clips, mine, other in ((trainee, right, left), (caller, left, right)):
            if i < len(clips):
                said = np.frombuffer(read_wav(clips[i]), "<i2")
                mine += [said, gap]
                other += [np.zeros_like(said), gap]
    stereo = np.stack([np.concatenate(left), np.concatenate(right)], axis=1).astype(np.float64) / 32768
    for side, level in enumerate(levels):
        loud = stereo[:, side][np.abs(stereo[:, side]) > 0.01]
        stereo[:, side] *= 10 ** (level / 20) / np.sqrt(np.mean(loud ** 2))
    stereo += np.random.default_rng(1).standard_normal(stereo.shape) * 10 ** (-52 / 20)
    wide = path.with_name("large-bande.wav")
    with wave.open(str(wide), "wb") as wav:
        wav.setnchannels(2), wav.setsampwidth(2), wav.setframerate(RATE)
        wav.writeframes((np.clip(stereo, -1, 1) * 32767).astype("<i2").tobytes())
    subprocess.run(["sox", "-q", str(wide), "-r", str(rate), str(path), "sinc", "300-3400"], check=True)


@pytest.mark.parametrize(("rate", "levels"), [(8000, (-30.0, -8.0)), (16000, (-8.0, -30.0))])
def test_every_turn_of_a_telephone_recording_is_heard(tmp_path, rate, levels):
    trainee = sorted((REPLIES / "appel-calme-bon").glob("*.wav"))
    caller = sorted((REPLIES / "appel-calme-voix2").glob("*.wav"))[1:4]  # the other voice, as a caller
    call = tmp_path / "appel-telephone.wav"
    telephone_call(call, trainee, caller, rate, levels)
    result = CliRunner().invoke(cli, ["score", str(call), "--organisation", "Clinique Nest", "--trainee", "Camille",
                                      "--json"])
    assert result.exit_code == 0, result.output
    scored = json.loads(result.output[result.output.index("{"):])
    kinds = [e["kind"] for e in scored["transcription"] if e["kind"] != "fin"]
    assert kinds.count("stagiaire") == len(trainee) and kinds.count("appelant") == len(caller), scored["transcription"]
    closing = next(c for c in scored["criteria"] if c["id"] == "closing")
    assert closing["passed"], scored["transcription"]
