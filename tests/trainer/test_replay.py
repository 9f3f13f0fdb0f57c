"""The replay loop with an in-memory headset and a scripted keyboard."""

import queue
import threading

import pytest
from recorded import CALLER_HZ, TRAINEE_HZ, dominant_frequency

from simulator.audio.fake import MemoryOut
from simulator.trainer.replay import Player, turn_audio
from simulator.trainer.assessment import assessed

class FakeScreen:
    def __init__(self, on_paused=None):
        self.shown: list[str] = []
        self.on_paused = on_paused

    def line(self, step):
        self.shown.append(f"line {step.turn or step.event.kind}")

    def marks(self, marks):
        self.shown += [f"{m.symbol} {m.criterion_id}" for m in marks]

    def paused(self, paused):
        self.shown.append("pause" if paused else "reprise")
        if self.on_paused:
            self.on_paused(paused)


def player(session, out, keys, screen, clock=None):
    steps = session.timeline.steps
    segments = {id(s): bytes([n]) * 3200 if s.spoken else b"" for n, s in enumerate(steps)}  # 0.1 s each
    kwargs = {"clock": clock} if clock else {}
    return Player(steps, lambda s: segments[id(s)], out, screen, keys, **kwargs), segments


def scripted_out(pressed: dict[int, str], keys: queue.Queue) -> MemoryOut:
    played = []

    def on_played(pcm, at):
        played.append(pcm)
        if len(played) - 1 in pressed:
            keys.put(pressed[len(played) - 1])
    return MemoryOut(on_played=on_played)


@pytest.fixture
def session(records, voice_session):
    return assessed(records, voice_session)


def spoken(session):
    return [s for s in session.timeline.steps if s.spoken]


def test_without_keys_every_turn_plays_in_order_with_its_marks_after_it(session):
    keys = queue.Queue()
    out = MemoryOut()
    screen = FakeScreen()
    p, segments = player(session, out, keys, screen)
    p.run()
    assert out.played == [segments[id(s)] for s in spoken(session)]
    assert screen.shown[:3] == ["line 1", "✓ greeting", "line 2"]
    assert screen.shown[-5:-4] == ["line fin"] and screen.shown[-4].startswith("✗ identify")


def test_c_jumps_to_the_next_turn_that_decided_a_criterion(session):
    keys = queue.Queue()
    out = scripted_out({0: "c", 1: "c"}, keys)
    screen = FakeScreen()
    p, segments = player(session, out, keys, screen)
    p.run()
    turns = spoken(session)
    # turn 1 decides greeting; the next decided one is turn 4 (hold, courtesy), then turn 6 (closing)
    assert out.played == [segments[id(turns[0])], segments[id(turns[3])], segments[id(turns[5])]]
    assert screen.shown[:4] == ["line 1", "✓ greeting", "line 4", "✓ courtesy"]


def test_n_skips_to_the_next_turn_and_q_quits(session):
    keys = queue.Queue()
    out = scripted_out({0: "n", 1: "q"}, keys)
    screen = FakeScreen()
    p, segments = player(session, out, keys, screen)
    p.run()
    assert len(out.played) == 2
    assert screen.shown == ["line 1", "✓ greeting", "line 2"]  # quitting shows nothing more


class BlockingOut(MemoryOut):
    """Plays its first sound until stopped, like a headset halfway through a line."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stopped = threading.Event()

    def play(self, pcm):
        super().play(pcm)
        if len(self.played) == 1:
            self.stopped.wait(5)

    def stop(self):
        self.stopped.set()


def test_space_pauses_then_resumes_where_it_stopped(session):
    keys = queue.Queue()
    out = BlockingOut(on_played=lambda pcm, at: len(out.played) == 1 and keys.put(" "))
    screen = FakeScreen(on_paused=lambda paused: paused and keys.put(" "))
    times = iter([100.0, 100.05])  # started, then paused 0.05 s in
    p, segments = player(session, out, keys, screen, clock=lambda: next(times, 101.0))
    p.run()
    first = segments[id(spoken(session)[0])]
    assert out.played[0] == first and out.played[1] == first[1600:]  # 0.05 s = 800 samples = 1600 bytes
    assert screen.shown[:4] == ["line 1", "pause", "reprise", "✓ greeting"]


def test_turn_audio_cuts_each_line_from_the_mixed_recording(session):
    segment = turn_audio(session.recording)
    first, second = spoken(session)[:2]
    assert len(segment(first)) == 0.6 * 16000 * 2
    assert dominant_frequency(segment(first)) == TRAINEE_HZ
    assert dominant_frequency(segment(second)) == CALLER_HZ
    assert segment(session.timeline.steps[3]) == b""  # the hold: nothing said
