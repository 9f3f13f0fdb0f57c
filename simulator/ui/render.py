"""What the trainee and the trainer see in the terminal. Transcripts are untrusted: never markup."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from simulator.events import (CallEnded, CallerSaid, Event, HoldEnded, HoldStarted, SlipFilled, TraineeSaid,
                              Transferred)
from simulator.records import status_label
from simulator.scoring.scorer import CriterionResult, Scorecard
from simulator.session.delivery import Delivery, readings
from simulator.text.figures import measured
from simulator.transcript.overlaps import Overlap, talked_over
from simulator.transcript.dialogue import format_time
from simulator.transcript.model import Transcript
from simulator.transcript.wording import SYMBOLS, cut_note, heard_note, overlap_note, slip_text, symbolized



def print_call_opening(console: Console, title: str, organisation: str, instructions: str | None) -> None:
    """The scenario's heading and instructions (author's text: shown as written, never as markup)."""
    console.rule(Text(f"{title} · {organisation}"))
    if instructions:
        console.print(Text.assemble(("Consignes : ", "bold"), instructions))


def session_heading(console: Console, session_id: str, trainee: str, scenario_id: str | None, status: str) -> None:
    console.rule(Text(f"{session_id} · {trainee} · {scenario_id or 'dialogue'} · {status_label(status)}"))


def event_text(event: Event) -> Text:
    stamp = format_time(event.t)
    if isinstance(event, CallerSaid):
        cut = (f"…  ({cut_note(event)})", "dim") if event.cut else ""
        return Text.assemble((stamp, "dim"), ("Appelant : ", "bold cyan"), event.text, cut)
    if isinstance(event, TraineeSaid):
        heard = (f"  ({heard_note(event)})", "dim") if event.heard else ""
        return Text.assemble((stamp, "dim"), ("Vous : ", "bold green"), event.text, heard)
    if isinstance(event, SlipFilled):
        return Text.assemble((f"{SYMBOLS[SlipFilled]}  Fiche message : ", "magenta"), slip_text(event.slip))
    if isinstance(event, Transferred):
        return Text.assemble((stamp, "dim"), (f"{SYMBOLS[Transferred]}  Transfert vers ", "magenta"), event.target)
    return Text.assemble((stamp, "dim"), (symbolized(event), SWITCHBOARD_STYLES[type(event)]))


SWITCHBOARD_STYLES = {HoldStarted: "yellow", HoldEnded: "yellow", CallEnded: "bold"}


def overlap_text(overlap: Overlap) -> Padding:
    """Under a line begun over the other voice: « chevauchement : … (1,2 s) »."""
    return Padding(Text(overlap_note(overlap), style="yellow"), (0, 0, 0, 6))


class RichDisplay:
    """Shows the call as it happens."""

    def __init__(self, console: Console):
        self.console = console

    def event(self, event: Event) -> None:
        self.console.print(event_text(event))

    def notice(self, text: str) -> None:
        self.console.print(Text(text, style="italic"))


def print_transcript(console: Console, transcript: Transcript) -> None:
    overlaps = talked_over(transcript.events)
    for i, event in enumerate(transcript.events):
        console.print(event_text(event))
        if i in overlaps:
            console.print(overlap_text(overlaps[i]))


def _verdict(result: CriterionResult) -> Text:
    if not result.applicable:
        return Text("—  sans objet", style="dim")
    return Text("✓  réussi", style="bold green") if result.passed else Text("✗  à revoir", style="bold red")


def _evidence(result: CriterionResult) -> Text:
    text = Text(result.detail)
    for e in result.evidence:
        text.append("\n")
        where = " ".join(x for x in (f"tour {e.turn}" if e.turn else "", format_time(e.t).strip()) if x)
        if where:
            text.append(where + " ", style="dim")
        if e.text:
            text.append(f"« {e.text} »", style="italic")
        if e.matched:
            text.append("  → " + ", ".join(e.matched), style="cyan")
        for approximation in e.approximations:
            text.append(f"\n  {approximation}", style="yellow")
        if e.note and not e.text:
            text.append(e.note)
        elif e.note:
            text.append(f"  ({e.note})", style="dim")
    return text


def print_scorecard(console: Console, scorecard: Scorecard, title: str = "Grille d'évaluation") -> None:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("Critère", ratio=2)
    table.add_column("Verdict", min_width=13, no_wrap=True)
    table.add_column("Pourquoi (les mots qui le prouvent)", ratio=5)
    for r in scorecard.results:
        label = Text(r.criterion.label, style="bold")
        label.append(f"\n{r.id} · {', '.join(r.criterion.references)}", style="dim")
        table.add_row(label, _verdict(r), _evidence(r))
    console.print(table)
    good = [r for r in scorecard.results if r.applicable and r.passed]
    bad = [r for r in scorecard.results if r.applicable and not r.passed]
    if good:
        console.print(Panel("\n".join(f"• {escape(r.feedback)}" for r in good), title="Points forts",
                            border_style="green"))
    if bad:
        console.print(Panel("\n".join(f"• {escape(r.feedback)}" for r in bad), title="À améliorer",
                            border_style="red"))
    style = "green" if scorecard.score >= 80 else "yellow" if scorecard.score >= 50 else "red"
    console.print(Text.assemble(("Note : ", "bold"), (f"{scorecard.score}/100", f"bold {style}")))


def print_delivery(console: Console, delivery: Delivery | None) -> None:
    """« Indicateurs de voix »: the call's medians beside their reference ranges, with advice, then
    each turn (they advise: the score does not depend on them)."""
    shown = readings(delivery) if delivery is not None else []
    if not shown:
        return
    table = Table(title="Indicateurs de voix (conseils, sans effet sur la note)", expand=True)
    table.add_column("Indicateur", no_wrap=True)
    table.add_column("Cet appel", no_wrap=True)
    table.add_column("Repère", no_wrap=True)
    table.add_column("Lecture", ratio=1)
    for r in shown:
        style = "" if r.good is None else "green" if r.good else "yellow"
        table.add_row(r.label, Text(r.value, style=style), r.guidance, r.advice)
    console.print(table)
    if delivery.from_audio:
        console.print(Text("Par réplique : " + " · ".join(
            f"{format_time(t.t).strip()} " + (measured(t.rate, "syll/s") if t.rate is not None else "brève")
            for t in delivery.turns), style="dim"))
