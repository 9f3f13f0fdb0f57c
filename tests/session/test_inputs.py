"""The trainee's typed actions: lines from a terminal or a pipe (TerminalInput over StreamLines),
and scripts (ScriptInput). A line that says nothing is never a turn."""

from __future__ import annotations

import io
import os

import pytest

from simulator.events import CallEnded, MessageSlip, SlipFilled, TraineeSaid
from simulator.session.inputs import PROMPT, ScriptInput, StreamLines, TerminalInput

GREETING = "Clinique Nest, Clémence, bonjour."


def test_blank_lines_mistakes_and_the_slip_typed_in_a_pipe():
    typed = f"\n   \n\t\n{GREETING}\n/inconnue\n@accueil.wav\n/fiche\nMartine Lefèvre\n06 12 34 56 78\n\nradiologie\n"
    shown: list[str] = []
    trainee = TerminalInput(StreamLines(io.StringIO(typed), shown.append))
    actions = [trainee.next(None) for _ in range(7)]
    assert actions == [None, None, None, TraineeSaid(None, GREETING), None, None,
                       SlipFilled(None, MessageSlip("Martine Lefèvre", "06 12 34 56 78", "", "radiologie"))]
    assert any("commande inconnue « /inconnue »" in s for s in shown)
    assert any("séance vocale" in s for s in shown)
    assert shown[-4:] == ["Nom de l'appelant : ", "Téléphone : ", "Motif de l'appel : ", "Destinataire : "]
    with pytest.raises(EOFError):
        trainee.next(None)
    with pytest.raises(EOFError):  # and stays at the end
        trainee.next(None)


def test_waiting_times_out_with_the_prompt_shown_once_until_a_line_comes():
    read_end, write_end = os.pipe()
    shown: list[str] = []
    with os.fdopen(read_end, encoding="utf-8") as stream, os.fdopen(write_end, "w", encoding="utf-8") as typing:
        trainee = TerminalInput(StreamLines(stream, shown.append))
        assert trainee.next(0.01) is None and trainee.next(0.01) is None
        assert shown == [PROMPT]
        typing.write(f"{GREETING}\n")
        typing.flush()
        assert trainee.next(10) == TraineeSaid(None, GREETING)
        assert trainee.next(0.01) is None
        assert shown == [PROMPT, PROMPT]


def test_a_script_skips_blank_and_whitespace_only_lines(tmp_path):
    script = tmp_path / "reponses.txt"
    script.write_text(f"\n   \n\t\n{GREETING}\n \u00a0\n/fiche\nnom: Martine Lefèvre\n  \n/raccrocher\n",
                      encoding="utf-8")
    assert ScriptInput(script).actions == [TraineeSaid(None, GREETING),
                                           SlipFilled(None, MessageSlip(name="Martine Lefèvre")),
                                           CallEnded(None, "stagiaire")]
