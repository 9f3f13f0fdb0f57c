"""« entendu « clinique neste » ≈ « Clinique Nest » »: a word accepted because it sounds like the
expected one is said so, to the trainee in the terminal, and to the trainer in the report and on
the dashboard."""

from __future__ import annotations

import io

from click.testing import CliRunner
from rich.console import Console
from starlette.testclient import TestClient

from recorded import EVENTS, record_session
from simulator.cli import cli
from simulator.events import TraineeSaid
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric, score_transcript
from simulator.transcript.model import Transcript
from simulator.ui.render import print_scorecard
from simulator.web import create_app

HEARD = "entendu « clinique neste » ≈ « Clinique Nest »"
MISHEARD = (TraineeSaid(0.0, "Clinique Neste, Camille, bonjour.", 0.6), *EVENTS[1:])


def test_the_scorecard_in_the_terminal_says_what_was_heard():
    scenario = find_scenario("appel-calme")
    card = score_transcript(Transcript(scenario.context("Camille"), MISHEARD), find_rubric(scenario.rubric),
                            scenario.intents)
    assert card.result("greeting").passed
    screen = Console(file=io.StringIO(), width=160, color_system=None)
    print_scorecard(screen, card)
    assert HEARD in screen.file.getvalue()


def test_the_report_and_the_dashboard_say_it_too(records, tmp_path):
    session = record_session(records, MISHEARD)
    report = tmp_path / "compte-rendu.html"
    result = CliRunner().invoke(cli, ["report", session, "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert HEARD in report.read_text(encoding="utf-8")
    page = TestClient(create_app(records), base_url="http://127.0.0.1:8765").get(f"/seances/{session}")
    assert page.status_code == 200 and HEARD in page.text
