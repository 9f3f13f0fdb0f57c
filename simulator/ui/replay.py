"""The replay of a recorded session in the terminal: each line, then the criteria it decided."""

from __future__ import annotations

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from simulator.trainer.assessment import Assessment
from simulator.trainer.timeline import WHOLE_CALL, Mark, Step
from simulator.ui.render import event_text, overlap_text, session_heading


def mark_text(mark: Mark) -> Padding:
    """« ✗ Mise en attente : » and the whole reason, wrapped under the criterion's name."""
    style = "bold green" if mark.passed else "bold red"
    row = Table.grid(padding=(0, 1, 0, 0))
    row.add_column(no_wrap=True)
    row.add_column()
    text = Text(mark.label, style=style)
    if mark.detail:
        text.append(" : ", style=style)
        text.append(mark.detail)
    if mark.overridden:
        text.append("  (formateur)", style="dim")
    row.add_row(Text(mark.symbol, style=style), text)
    return Padding(row, (0, 0, 0, 6))


def score_text(session: Assessment) -> Text:
    text = Text.assemble(("Note : ", "bold"), f"{session.final.score}/100")
    if session.overrides:
        text.append(f"  (revue par un formateur ; note de la machine : {session.machine.score}/100)", style="dim")
    return text


class ReplayScreen:
    """What `accueil replay` prints; the same lines with or without audio."""

    def __init__(self, console: Console):
        self.console = console

    def header(self, session: Assessment) -> None:
        info = session.info
        session_heading(self.console, info.id, info.trainee, info.scenario_id, info.status)

    def notice(self, text: str) -> None:
        self.console.print(Text(text, style="italic"))

    def line(self, step: Step) -> None:
        self.console.print(event_text(step.event))
        if step.overlap:
            self.console.print(overlap_text(step.overlap))

    def marks(self, marks: tuple[Mark, ...]) -> None:
        for mark in marks:
            self.console.print(mark_text(mark))

    def paused(self, paused: bool) -> None:
        self.notice("⏸  Pause : [espace] pour reprendre" if paused else "▶  Reprise")

    def footer(self, session: Assessment) -> None:
        if session.timeline.whole_call:
            self.console.print(Text(WHOLE_CALL[:1].upper() + WHOLE_CALL[1:] + " :", style="bold"))
            self.marks(session.timeline.whole_call)
        self.console.print(score_text(session))

