"""The caller's voice put together for a call: the scenario's settings, the lines said otherwise,
every line ready before the call, and the telephone line between the caller and the headset."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from simulator.audio.fake import MemoryOut
from simulator.audio.line import telephone
from simulator.scenario.loader import find_scenario
from simulator.session import headset
from simulator.session.voice import VoiceClock
from simulator.tts.base import Voice
from simulator.tts.cache import CachedSynthesizer
from simulator.tts.voices import PERSONAS


class Recording:
    def __init__(self):
        self.caller: list[bytes] = []

    def write_caller(self, pcm: bytes, at: float) -> None:
        self.caller.append(pcm)

    def write_trainee(self, pcm: bytes, at: float) -> None:
        pass


class Engine:
    """Speech as a tone whose length is the text's and whose frequency is the rate's."""

    engine_id = "essai"

    def __init__(self):
        self.calls: list[tuple[str, Voice]] = []

    def render(self, text: str, voice: Voice) -> bytes:
        self.calls.append((text, voice))
        t = np.arange(int(0.01 * len(text) * 16000)) / 16000
        return (np.sin(2 * np.pi * voice.rate * 5 * t) * 8000).astype("<i2").tobytes()


@pytest.fixture
def engine(monkeypatch, tmp_path):
    engine = Engine()
    monkeypatch.setattr(headset, "synthesizer", lambda: CachedSynthesizer(engine, tmp_path / "voix"))
    return engine


def marked_scenario():
    scenario = find_scenario("appel-calme").addressing("madame")
    asked = scenario.states["demande"]
    states = {**scenario.states, "demande": replace(asked, lines=("(debit=120 volume=80) " + asked.lines[0],))}
    return replace(scenario, states=states, voice_settings={"hauteur": 35})


def test_every_line_is_rendered_before_the_call_in_its_own_voice(engine):
    scenario = marked_scenario()
    renderer, voice, line_voices = headset.caller_voice(scenario)
    calm = PERSONAS["calme"]
    assert (voice.rate, voice.pitch, voice.volume) == (calm.rate, 35, calm.volume)  # voix_reglages: hauteur
    (marked, marked_voice), = line_voices.items()
    assert not marked.startswith("(") and (marked_voice.rate, marked_voice.pitch, marked_voice.volume) == (120, 35, 80)
    assert {text for text, _ in engine.calls} == set(scenario.caller_lines())
    assert (marked, marked_voice) in engine.calls
    rendered = len(engine.calls)
    out, tape = MemoryOut(), Recording()
    VoiceClock(renderer, voice, out, recording=tape, line_voices=line_voices).caller_speaks(marked)
    assert len(engine.calls) == rendered  # ready: read from the cache
    assert out.played == tape.caller == [engine.render(marked, marked_voice)]


def test_on_the_telephone_line_the_headset_and_the_recording_get_the_filtered_voice(engine):
    scenario = marked_scenario()
    renderer, voice, line_voices = headset.caller_voice(scenario, line="telephone")
    text = scenario.caller_lines()[-1]
    out, tape = MemoryOut(), Recording()
    VoiceClock(renderer, voice, out, recording=tape, line_voices=line_voices).caller_speaks(text)
    assert out.played == tape.caller == [telephone(engine.render(text, voice))]
    assert headset.music_on_hold("telephone") == telephone(headset.music_on_hold(), loop=True)
