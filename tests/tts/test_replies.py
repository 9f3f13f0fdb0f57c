"""The committed trainee replies (tests/make_replies.py): audio format, scripts, and what they
make of their scenario once spoken (their text played in a scripted call)."""

import importlib.util
import re
import sys
import wave
from pathlib import Path

import pytest

from simulator.audio.base import RATE, SAMPLE_WIDTH
from simulator.engine import CallRuntime
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric
from simulator.session.call import Call, NoDisplay
from simulator.session.inputs import ScriptInput, SpokenClip, VirtualClock
from simulator.session.recorder import Recorder
from simulator.store import SessionStore

TESTS = Path(__file__).resolve().parent.parent
REPLIES = TESTS / "data" / "replies"
SPEECH_CRITERIA = ("greeting", "identify", "rephrasing", "courtesy", "satisfaction", "closing")


def load_generator():
    spec = importlib.util.spec_from_file_location("make_replies", TESTS / "make_replies.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


GENERATOR = load_generator()
SETS = {s.name: s for s in GENERATOR.SETS}


def test_every_set_is_committed():
    assert sorted(p.name for p in REPLIES.iterdir() if p.is_dir()) == sorted(SETS)
    assert sum(p.stat().st_size for p in REPLIES.rglob("*.wav")) < 3_000_000


@pytest.mark.parametrize("name", sorted(SETS))
def test_script_matches_generator_and_clips(name):
    folder = REPLIES / name
    lines = (folder / GENERATOR.SCRIPT).read_text(encoding="utf-8").splitlines()
    assert lines == GENERATOR.script_lines(SETS[name])
    clips = [a.path for a in ScriptInput(folder / GENERATOR.SCRIPT).actions if isinstance(a, SpokenClip)]
    assert sorted(p.name for p in clips) == sorted(p.name for p in folder.glob("*.wav"))
    for clip in clips:
        with wave.open(str(clip)) as wav:
            assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, SAMPLE_WIDTH, RATE)
            assert 1.0 <= wav.getnframes() / RATE <= 8.0
    for line in lines:
        if line.startswith("@"):
            assert re.fullmatch(r"@\d\d-[a-z-]+\.wav # \S.*", line)


def play_text(tmp_path, name):
    """The set's script with each clip replaced by the words it speaks, played in text mode."""
    reply_set = SETS[name]
    text = [line.split(" # ", 1)[1] if line.startswith("@") else line for line in GENERATOR.script_lines(reply_set)]
    script = tmp_path / "script.txt"
    script.write_text("\n".join(text) + "\n", encoding="utf-8")
    scenario = find_scenario(reply_set.scenario)
    store = SessionStore(tmp_path / "data")
    recorder = Recorder(store, scenario.context(GENERATOR.TRAINEE), "standard", "texte", 1)
    return Call(scenario, find_rubric("standard"), CallRuntime(scenario, seed=1), recorder, ScriptInput(script),
                VirtualClock(), NoDisplay()).run()


@pytest.mark.parametrize("name", ["appel-calme-bon", "prise-de-message-bon"])
def test_good_sets_pass_every_criterion(tmp_path, name):
    card = play_text(tmp_path, name)
    assert card.score == 100, [(r.id, r.detail) for r in card.results if r.applicable and not r.passed]


def test_negative_control_fails_every_speech_criterion(tmp_path):
    card = play_text(tmp_path, "controle-negatif")
    assert [card.result(c).passed for c in SPEECH_CRITERIA] == [False] * len(SPEECH_CRITERIA)
    assert card.score == 0
