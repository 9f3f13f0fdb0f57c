"""Both voices at once: where a caller line and a trainee turn overlap, from their times.

Read by the delivery indicators (simulator.session.delivery), the timeline and the transcript's
notes; a voice session's turns carry start and end times, a typed dialogue's do not (no overlap).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.events import CallerSaid, Event, TraineeSaid

MIN_OVERLAP = 0.1  # seconds of both voices at once that count as talking over the other


@dataclass(frozen=True)
class Overlap:
    """Both voices at once, from the turns' times: the turn at `over` (an index in the call's
    events) began while the one at `under` was still being spoken."""

    over: int
    under: int
    seconds: float  # of both voices at once
    by_trainee: bool  # the trainee talked over the caller; else the caller cut in on the trainee


def overlaps(events: list[Event] | tuple[Event, ...]) -> list[Overlap]:
    """Every stretch where a caller line and a trainee turn were spoken at once, told to the one
    that began second (the trainee when both began together). Turns without both times have none."""
    def timed(kind: type) -> list[tuple[int, Event]]:
        return [(i, e) for i, e in enumerate(events) if isinstance(e, kind) and e.t is not None and e.end is not None]

    found = []
    for i, turn in timed(TraineeSaid):
        for j, line in timed(CallerSaid):
            seconds = min(turn.end, line.end) - max(turn.t, line.t)
            if seconds > 0:
                by_trainee = turn.t >= line.t
                found.append(Overlap(*((i, j) if by_trainee else (j, i)), seconds, by_trainee))
    return sorted(found, key=lambda o: o.over)


def talked_over(events: list[Event] | tuple[Event, ...]) -> dict[int, Overlap]:
    """The overlaps long enough to count (`MIN_OVERLAP`), by the index of the turn that began over
    the other voice: the longest, should one turn begin over two."""
    return {o.over: o for o in sorted(overlaps(events), key=lambda o: o.seconds) if o.seconds >= MIN_OVERLAP}
