"""What `accueil replay` prints (simulator.ui.replay): the heading, each line then the criteria it
decided, pauses, and the score with the trainer's review, on a recording console."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from simulator.trainer.assessment import assessed
from simulator.trainer.timeline import Mark
from simulator.ui.replay import ReplayScreen, mark_text


@pytest.fixture
def session(records, voice_session):
    return assessed(records, voice_session)


def replayed(session) -> str:
    console = Console(record=True, width=160, color_system=None, file=io.StringIO())
    screen = ReplayScreen(console)
    screen.header(session)
    for step in session.timeline.steps:
        screen.line(step)
        screen.marks(step.marks)
    screen.paused(True)
    screen.paused(False)
    screen.footer(session)
    return console.export_text()


def test_each_line_is_followed_by_the_criteria_it_decided(session):
    text = replayed(session)
    lines = text.splitlines()
    assert session.info.id in lines[0] and session.info.trainee in lines[0]
    spoken = [s for s in session.timeline.steps if s.spoken]
    first_marked = next(s for s in spoken if s.marks)
    at = next(n for n, line in enumerate(lines) if first_marked.event.text[:30] in line)
    assert lines[at + 1].strip() == str(first_marked.marks[0])
    assert "⏸  Pause : [espace] pour reprendre" in text and "▶  Reprise" in text
    assert lines[-1] == f"Note : {session.final.score}/100"


def shown(mark: Mark, width: int = 160) -> list[str]:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(mark_text(mark))
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_a_trainers_override_is_said_beside_the_verdict():
    assert shown(Mark("greeting", "Présentation", False, "prénom absent", detail="Prénom absent.")) == [
        "      ✗ Présentation : Prénom absent."]
    assert shown(Mark("greeting", "Présentation", True, overridden=True))[0].endswith("✓ Présentation  (formateur)")


def test_the_whole_reason_wraps_under_the_criterion():
    reason = "Vous n'avez pas demandé à l'appelant s'il avait besoin d'autre chose avant de raccrocher."
    lines = shown(Mark("satisfaction", "Vérification de la satisfaction", False, "court", detail=reason), width=50)
    assert lines[0].startswith("      ✗ Vérification de la satisfaction : ") and len(lines) > 2
    assert all(line.startswith(" " * 8) and line.strip() for line in lines[1:])  # under the label, not the mark
    assert " ".join(line.strip() for line in lines).endswith(reason)
