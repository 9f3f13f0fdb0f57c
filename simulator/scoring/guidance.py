"""Telephone-reception guidance for the trainee's voice, in one place for the two that use it: the
delivery indicators, which only advise (simulator.session.delivery), and the `delivery`
criterion, which scores a call against these ranges when a rubric lists it; and the time to
answer as both measure it."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.events import CallerSaid, Event, HoldStarted, TraineeSaid, Transferred


@dataclass(frozen=True)
class Guidance:
    """A reference range, as telephone-reception guidance gives it (README, « Indicateurs de voix »)."""

    low: float
    high: float
    text: str


RATE = Guidance(4.0, 5.5, "4 à 5,5 syll/s")
WORDS = Guidance(120, 160, "120 à 160 mots/min")
LEVEL = Guidance(-35.0, -15.0, "−35 à −15 dBFS")
GAP = Guidance(0.0, 1.5, "0 à 1,5 s")
MIN_VOICED = 0.8  # seconds: a shorter turn (« oui ») gives no rate, one syllable is not a pace


def answer_gaps(events: list[Event] | tuple[Event, ...]) -> list[float | None]:
    """For each trainee turn in order, the seconds from the end of the caller's line just before
    to the turn's start, when it answers that line (not after a hold, a transfer or another of the
    trainee's own turns); negative: begun over the line. None without both times."""
    gaps: list[float | None] = []
    previous = None
    for event in events:
        if isinstance(event, TraineeSaid):
            answers = isinstance(previous, CallerSaid) and previous.end is not None and event.t is not None
            gaps.append(event.t - previous.end if answers else None)
        if isinstance(event, (CallerSaid, TraineeSaid, HoldStarted, Transferred)):
            previous = event
    return gaps
