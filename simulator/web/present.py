"""Turning results into what a page shows: French dates and durations, transcript lines with the
evidence marked. Transcripts are untrusted: every piece of text is escaped here or by Jinja."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache

from markupsafe import Markup, escape

from simulator.events import CallerSaid, Event, SlipFilled, TraineeSaid
from simulator.scoring.review import ReviewedResult
from simulator.trainer.competency import Level
from simulator.transcript.overlaps import talked_over
from simulator.text.normalize import normalize
from simulator.web.results import turn_numbers
from simulator.transcript.model import Transcript
from simulator.transcript.wording import cut_note, heard_note, overlap_note, slip_text, switchboard_text

_WORD = re.compile(r"\w+", re.UNICODE)
# A competency's level in a cell of the class matrix: short, and never said by its colour alone.
LEVEL_MARKS = {Level.ACQUIRED: "A", Level.IN_PROGRESS: "ECA", Level.NOT_ACQUIRED: "NA", Level.NOT_ASSESSED: "—"}


@lru_cache(maxsize=50_000)
def _words(text: str) -> tuple[str, ...]:
    """The normalized words of a word or phrase (normalizing was a third of a session page's time;
    the same words come back in every call)."""
    return tuple(normalize(text).split())


def clock(t: float | None) -> str:
    if t is None:
        return ""
    minutes, seconds = divmod(int(round(t)), 60)
    return f"{minutes:02d}:{seconds:02d}"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    minutes, rest = divmod(int(round(seconds)), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"


def local_time(value: str | datetime) -> datetime:
    """A stored moment (ISO 8601 with its offset; reviews are stored in UTC) in the local time zone."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone()


def date(value: str | datetime) -> str:
    """JJ/MM/AAAA HH:MM in local time, as French spreadsheets read a date; text that is no date as it is."""
    try:
        return local_time(value).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return str(value)


def highlight(text: str, matched: set[str]) -> Markup:
    """`text` escaped, with the words the scorer matched (normalized) wrapped in <mark>."""
    out, last = [], 0  # the text between two marked words is escaped in one piece
    for word in _WORD.finditer(text) if matched else ():
        pieces = _words(word.group())
        if pieces and all(p in matched for p in pieces):
            out += [escape(text[last:word.start()]), Markup("<mark>%s</mark>") % word.group()]
            last = word.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


@dataclass
class Line:
    """One transcript line on the session page."""

    index: int
    t: float | None
    who: str  # css class and label
    label: str
    text: str
    turn: int | None = None
    overlap: str = ""  # the line began over the other voice: who, and for how long
    cited_by: list[str] = field(default_factory=list)  # criterion labels
    matched: set[str] = field(default_factory=set)

    @cached_property
    def html(self) -> Markup:
        return highlight(self.text, self.matched)


def _describe(event: Event) -> tuple[str, str, str]:
    if isinstance(event, CallerSaid):
        return "appelant", "Appelant", event.text + (f"… ({cut_note(event)})" if event.cut else "")
    if isinstance(event, TraineeSaid):
        return "stagiaire", "Stagiaire", event.text + (f" ({heard_note(event)})" if event.heard else "")
    if isinstance(event, SlipFilled):
        return "standard", "Fiche message", slip_text(event.slip)
    return "standard", "Standard", switchboard_text(event)


def transcript_lines(transcript: Transcript, rows: tuple[ReviewedResult, ...]) -> list[Line]:
    numbers = turn_numbers(transcript)
    lines = []
    by_turn: dict[int, Line] = {}
    overlaps = talked_over(transcript.events)
    for i, event in enumerate(transcript.events):
        who, label, text = _describe(event)
        line = Line(i, event.t, who, label, text, numbers.get(i), overlap_note(overlaps[i]) if i in overlaps else "")
        lines.append(line)
        if line.turn:
            by_turn[line.turn] = line
    for row in rows:
        for evidence in row.machine.evidence:
            line = by_turn.get(evidence.turn) if evidence.turn else None
            if line is None:
                continue
            if row.machine.criterion.label not in line.cited_by:
                line.cited_by.append(row.machine.criterion.label)
            line.matched |= {w for phrase in evidence.matched for w in _words(phrase)}
    return lines


def evidence_html(text: str, matched: tuple[str, ...]) -> Markup:
    return highlight(text, {w for phrase in matched for w in _words(phrase)})
