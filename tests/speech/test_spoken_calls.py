"""Spoken calls (tests/spoken_calls.py, rendered for bench/scoring_audio.py and the speech
scoring tests), without speech engines: the voice plan, the layout of the turns on the two
channels, and the telephone band."""

import numpy as np
import pytest

from simulator.audio.base import RATE
from simulator.events import CallEnded, CallerSaid, HoldStarted, TraineeSaid

import spoken_calls as bench
TONE_SECONDS = {"mb-fr1": 0.8, "mb-fr4": 1.2}  # one sentence's length, per voice


class ToneSynthesizer:
    """A 440 Hz tone per sentence, its length set by the voice: where it lands shows who spoke."""

    def render(self, text, voice):
        t = np.arange(int(TONE_SECONDS[voice.name] * RATE)) / RATE
        return (np.sin(2 * np.pi * 440 * t + np.pi / 2) * 8000).astype("<i2").tobytes()


def spans(channel: np.ndarray) -> list[tuple[float, float]]:
    """(start, end) in seconds of each run of sound, zero crossings bridged (±2.5 ms)."""
    loud = np.convolve(np.abs(channel) > 300, np.ones(80), "same") > 0
    edges = np.flatnonzero(np.diff(np.r_[0, loud.astype(int), 0]))
    return [(a / RATE, b / RATE) for a, b in zip(edges[::2], edges[1::2])]


def test_voice_plan_is_deterministic_and_varied():
    names = [f"{n:02d}-appel.txt" for n in range(20)]
    plans = [bench.voice_plan(name, i) for i, name in enumerate(names)]
    assert plans == [bench.voice_plan(name, i) for i, name in enumerate(names)]
    for plan in plans:
        assert {plan.trainee.name, plan.caller.name} == {"mb-fr1", "mb-fr4"}
        for voice in (plan.trainee, plan.caller):
            assert 130 <= voice.rate <= 175 and 30 <= voice.pitch <= 70
        assert all(-30 <= level <= -6 for level in plan.levels) and -55 <= plan.line_noise <= -50
    assert [p.trainee.name for p in plans[:4]] == ["mb-fr1", "mb-fr4", "mb-fr1", "mb-fr4"]
    assert len({p.trainee.rate for p in plans}) > 5 and len({p.caller.pitch for p in plans}) > 5
    assert len({p.seed for p in plans}) == len(plans)


def test_layout_puts_each_side_on_its_channel_one_turn_after_the_other():
    plan = bench.voice_plan("01-appel.txt", 0)  # trainee mb-fr1 (0.8 s a sentence), caller mb-fr4 (1.2 s)
    events = [TraineeSaid(0, "Clinique Nest, Clémence, bonjour."), CallerSaid(2, "Bonjour. Une question."),
              HoldStarted(5), TraineeSaid(9, "Merci."), CallEnded(10)]
    stereo, spoken = bench.lay_out(events, plan, ToneSynthesizer())
    assert stereo.dtype == np.int16 and stereo.shape[1] == 2
    assert [s.side for s in spoken] == [bench.RIGHT, bench.LEFT, bench.RIGHT]
    trainee, caller = spans(stereo[:, bench.RIGHT]), spans(stereo[:, bench.LEFT])
    assert len(trainee) == 2 and len(caller) == 2  # the caller's two sentences, 0.25 s apart
    # Each sound is where the layout says, with the trimmed 50 ms margins around it.
    assert trainee[0][0] == pytest.approx(spoken[0].start + 0.05, abs=0.01)
    assert trainee[0][1] - trainee[0][0] == pytest.approx(0.8, abs=0.01)
    assert caller[0][0] == pytest.approx(spoken[1].start + 0.05, abs=0.01)
    assert caller[1][1] - caller[0][0] == pytest.approx(1.2 + 0.25 + 1.2, abs=0.01)
    gaps = [spoken[1].start - spoken[0].end, spoken[2].start - spoken[1].end - bench.PAUSE]
    assert all(0.5 <= gap <= 1.0 for gap in gaps) and 0.5 <= spoken[0].start <= 1.0
    assert len(stereo) / RATE == pytest.approx(spoken[-1].end + bench.TAIL, abs=0.01)


def band_energy_share(samples: np.ndarray, low: float, high: float) -> float:
    power = np.abs(np.fft.rfft(samples)) ** 2
    frequencies = np.fft.rfftfreq(len(samples), 1 / RATE)
    return power[(frequencies >= low) & (frequencies < high)].sum() / power.sum()


def test_telephone_band_cuts_above_3400_hz_and_sets_levels():
    t = np.arange(4 * RATE) / RATE
    speech = np.sin(2 * np.pi * 1000 * t) + np.sin(2 * np.pi * 6000 * t)  # in and out of the band
    speech[: RATE] = 0  # a silent second, as between turns
    stereo = (np.stack([speech, 0.5 * speech], axis=1) * 8000).astype(np.int16)
    wide = band_energy_share(stereo[:, 0].astype(float), 3600, 8000)
    for name in ("01-a.txt", "02-b.txt", "03-c.txt"):
        plan = bench.voice_plan(name, 0)
        phone = bench.telephone(stereo, plan)
        assert phone.shape == stereo.shape
        for side in (bench.LEFT, bench.RIGHT):
            channel = phone[:, side]
            assert wide > 0.4 and band_energy_share(channel, 3600, 8000) < 1e-3
            assert bench.speech_level(channel[RATE:]) == pytest.approx(plan.levels[side], abs=0.5)
            assert -30.5 <= bench.dbfs(float(np.sqrt((channel[RATE:] ** 2).mean()))) <= -5.5
            noise_floor = bench.dbfs(float(np.sqrt((channel[100:RATE - 1000] ** 2).mean())))
            assert noise_floor == pytest.approx(plan.line_noise, abs=2)
