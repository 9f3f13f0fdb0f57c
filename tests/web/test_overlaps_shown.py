"""Two voices at once, marked where trainers read the call: the session page, the HTML report and
`accueil show`, on a headset session whose turns overlap, and on none of a clean one."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from rich.console import Console

from simulator.cli import cli
from simulator.events import CallEnded, CallerSaid, TraineeSaid
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric, score_transcript
from simulator.session.recorder import Recorder
from simulator.trainer.assessment import assessed
from simulator.transcript.model import Transcript
from simulator.ui.replay import ReplayScreen
from simulator.web.report import render_report

OVER_THE_CALLER = "chevauchement : vous avez parlé par-dessus l'appelant (1,2\u00a0s)"
CUT_IN = "chevauchement : l'appelant vous a coupé la parole (0,6\u00a0s)"
OVERLAPPING = (
    TraineeSaid(0.0, "Clinique Nest, Camille, bonjour.", 1.5),
    CallerSaid(2.0, "Bonjour, je voudrais les horaires de la radiologie, s'il vous plaît.", 5.0),
    TraineeSaid(3.8, "Oui, la radiologie ouvre de 8 h à 18 h.", 6.0),  # 1.2 s over the caller's last words
    CallerSaid(5.4, "Et le samedi ?", 6.4),  # cuts in 0.6 s before the trainee's end
    TraineeSaid(7.0, "Le samedi matin. Au revoir madame, bonne journée.", 9.0),
    CallEnded(9.5, "stagiaire"),
)
# The same call, each voice waiting for the other.
CLEAN = (OVERLAPPING[0], OVERLAPPING[1], TraineeSaid(5.4, OVERLAPPING[2].text, 7.6),
         CallerSaid(8.0, "Et le samedi ?", 9.0), TraineeSaid(9.5, OVERLAPPING[4].text, 11.5),
         CallEnded(12.0, "stagiaire"))


def recorded(store, events) -> str:
    calm = find_scenario("appel-calme")
    transcript = Transcript(calm.context("Camille"), events)
    recorder = Recorder(store, transcript.context, calm.rubric, "voix", seed=1)
    for event in events:
        recorder.record(event)
    recorder.finish(score_transcript(transcript, find_rubric(calm.rubric), calm.intents))
    return recorder.info.id


@pytest.fixture
def sessions(store) -> dict[str, str]:
    return {"overlapping": recorded(store, OVERLAPPING), "clean": recorded(store, CLEAN)}


def escaped(note: str) -> str:
    return note.replace("'", "&#39;")


def test_the_session_page_marks_each_overlap_on_the_line_that_began_it(client, sessions):
    html = client.get(f"/seances/{sessions['overlapping']}").text
    trainee_line = html[html.index('id="tour-3"'):html.index('id="tour-4"')]
    caller_line = html[html.index('id="tour-4"'):html.index('id="tour-5"')]
    assert f'<span class="chevauchement">{escaped(OVER_THE_CALLER)}</span>' in trainee_line
    assert f'<span class="chevauchement">{escaped(CUT_IN)}</span>' in caller_line
    assert html.count('class="chevauchement"') == 2


def test_a_clean_call_has_no_overlap_mark(client, sessions, ids):
    for session in (sessions["clean"], ids["voice"], ids["text"]):
        assert 'class="chevauchement"' not in client.get(f"/seances/{session}").text


def test_the_report_and_the_terminal_mark_them_too(store, sessions):
    report = render_report(assessed(store, sessions["overlapping"]), None)
    assert escaped(OVER_THE_CALLER) in report and escaped(CUT_IN) in report
    shown = CliRunner().invoke(cli, ["show", sessions["overlapping"]], env={"COLUMNS": "160"})
    assert shown.exit_code == 0, shown.output
    assert OVER_THE_CALLER in shown.output and CUT_IN in shown.output
    console = Console(record=True, width=160, color_system=None, file=io.StringIO())
    for step in assessed(store, sessions["overlapping"]).timeline.steps:
        ReplayScreen(console).line(step)
    replayed = console.export_text().splitlines()
    said_over = next(n for n, line in enumerate(replayed) if "Oui, la radiologie" in line)
    assert replayed[said_over + 1].strip() == OVER_THE_CALLER
    clean = render_report(assessed(store, sessions["clean"]), None)
    assert "chevauchement :" not in clean
    assert "chevauchement :" not in CliRunner().invoke(cli, ["show", sessions["clean"]]).output
