"""The call as a timeline: each event with the criteria decided at that moment.

A criterion is decided where the last piece of evidence it cites happened: the greeting at the
first trainee line, the hold at the line that thanked the caller after it, the message at the
slip. A criterion that failed for lack of something (no rephrasing, no question about anything
else) has nothing to point to: it is decided when the call ends, or « sur l'ensemble de
l'appel » when the transcript has no end. A turn begun over the other voice carries the overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from simulator.events import CallEnded, CallerSaid, Event, SlipFilled, TraineeSaid
from simulator.scoring.criteria import Evidence
from simulator.scoring.review import ReviewedResult
from simulator.transcript.overlaps import Overlap, talked_over
from simulator.transcript.model import Transcript

WHOLE_CALL = "sur l'ensemble de l'appel"
SPOKEN = (CallerSaid, TraineeSaid)
_REASON_WORDS = 12


@dataclass(frozen=True)
class Mark:
    """One criterion's verdict, shown where it was decided."""

    criterion_id: str
    label: str  # the rubric's French name of the criterion
    passed: bool
    reason: str = ""  # short, for failures and trainers' overrides (the report's margin)
    overridden: bool = False
    detail: str = ""  # the whole reason, where there is room for it (the terminal replay)

    @property
    def symbol(self) -> str:
        return "✓" if self.passed else "✗"

    def __str__(self) -> str:
        return f"{self.symbol} {self.label}" + (f" : {self.detail}" if self.detail else "")


@dataclass(frozen=True)
class Step:
    """One event of the call, and the criteria decided there."""

    event: Event
    turn: int | None  # 1-based among spoken turns, as evidence counts them
    marks: tuple[Mark, ...] = ()
    overlap: Overlap | None = None  # this turn began while the other voice was still speaking

    @property
    def spoken(self) -> bool:
        return isinstance(self.event, SPOKEN)


@dataclass(frozen=True)
class Timeline:
    steps: tuple[Step, ...]
    whole_call: tuple[Mark, ...] = ()  # decided on the whole call, with no end event to attach them to

    @property
    def marks(self) -> list[Mark]:
        return [m for s in self.steps for m in s.marks] + list(self.whole_call)


def short_reason(detail: str) -> str:
    """The first clause of a scorer's detail, lower-cased: « Attente de 45 s (reprendre la ligne
    avant 30 s). » → « attente de 45 s »."""
    clause = re.split(r"; | \(|\. ", detail.strip(), maxsplit=1)[0].rstrip(" .:")
    words = clause.split()
    if len(words) > _REASON_WORDS:
        clause = " ".join(words[:_REASON_WORDS]) + "…"
    return clause[:1].lower() + clause[1:]


def mark_for(row: ReviewedResult) -> Mark:
    result = row.result
    if row.override is not None:
        comment = row.override.comment.strip()
        reason = "revu par le formateur" + (f" : {comment}" if comment else "")
        return Mark(result.id, result.criterion.label, result.passed, reason, overridden=True, detail=reason)
    if result.passed:
        return Mark(result.id, result.criterion.label, True)
    detail = result.detail.strip()
    return Mark(result.id, result.criterion.label, False, short_reason(detail), detail=detail)


def _position(transcript: Transcript, criterion_id: str, evidence: Evidence) -> int | None:
    """Index in `transcript.events` of the event an evidence points to (None: nowhere)."""
    events = transcript.events
    if evidence.turn is not None:
        turn = transcript.turns[evidence.turn - 1]
        return next(i for i, e in enumerate(events) if e is turn)
    if evidence.t is not None:  # a switchboard mark (hold, transfer): the event at that time
        switchboard = [i for i, e in enumerate(events) if e.t == evidence.t and not isinstance(e, SPOKEN)]
        earlier = [i for i, e in enumerate(events) if e.t is not None and e.t <= evidence.t]
        return switchboard[0] if switchboard else earlier[-1] if earlier else None
    if criterion_id == "message":  # the slip's contents, cited without turn or time
        slips = [i for i, e in enumerate(events) if isinstance(e, SlipFilled)]
        return slips[-1] if slips else None
    return None


def build_timeline(transcript: Transcript, rows: list[ReviewedResult]) -> Timeline:
    """`rows` from `review.reviewed`: the trainers' verdicts count; « sans objet » is left out."""
    marks: dict[int, list[Mark]] = {}
    whole_call: list[Mark] = []
    ends = [i for i, e in enumerate(transcript.events) if isinstance(e, CallEnded)]
    for row in rows:
        if not row.result.applicable:
            continue
        positions = [p for e in row.result.evidence if (p := _position(transcript, row.result.id, e)) is not None]
        at = max(positions) if positions else (ends[-1] if ends else None)
        (whole_call if at is None else marks.setdefault(at, [])).append(mark_for(row))
    turn_numbers = {id(t): n for n, t in enumerate(transcript.turns, 1)}
    overlaps = talked_over(transcript.events)
    steps = tuple(Step(e, turn_numbers.get(id(e)), tuple(marks.get(i, ())), overlaps.get(i))
                  for i, e in enumerate(transcript.events))
    return Timeline(steps, tuple(whole_call))
