"""Switchboard keys in a voice session (simulator.session.keys): single keys become actions, the
transfer target and the message slip are typed on the same keyboard, with backspace."""

from __future__ import annotations

import io
import queue

from simulator.events import CallEnded, HoldEnded, HoldStarted, MessageSlip, SlipFilled, Transferred
from simulator.session.inputs import Help
from simulator.session.keys import KeyReader, cbreak


def read_keys(typed: str) -> tuple[list, str]:
    actions: queue.Queue = queue.Queue()
    said: list[str] = []
    reader = KeyReader(io.StringIO(typed), actions, said.append)
    reader.thread.join(timeout=5)
    found = []
    while not actions.empty():
        found.append(actions.get())
    assert reader.stream.read(1) == ""  # every key was read
    return found, "".join(said)


def test_single_keys_hold_resume_help_and_hang_up():
    actions, said = read_keys("aRhx?q")
    assert actions == [HoldStarted(None), HoldEnded(None), Help(), Help(), CallEnded(None, "stagiaire")]
    assert said == ""  # nothing to type: nothing echoed


def test_a_transfer_asks_for_its_target_and_backspace_corrects_it():
    actions, said = read_keys("tDr Marton\x7f\x7fin\n")
    assert actions == [Transferred(None, "Dr Martin")]
    assert said.startswith("Transférer vers : Dr Marton") and said.count("\b \b") == 2 and said.endswith("in\n")


def test_a_transfer_without_a_target_is_no_action():
    actions, _ = read_keys("t\nq")
    assert actions == [CallEnded(None, "stagiaire")]


def test_the_message_slip_is_typed_field_by_field():
    actions, said = read_keys("fJean Dupont\n06 12 34 56 78\nrappel facture\nM. Leroy\n")
    assert actions == [SlipFilled(None, MessageSlip("Jean Dupont", "06 12 34 56 78", "rappel facture", "M. Leroy"))]
    assert "Jean Dupont" in said


def test_cbreak_changes_nothing_when_the_input_is_not_a_terminal():
    with cbreak(io.StringIO("a")) as interactive:
        assert interactive is False
