"""A call to score: who answered for which organisation, what the caller wanted, what was said."""

from __future__ import annotations

from dataclasses import dataclass, field

from simulator.events import CallerSaid, Event, MessageSlip, SlipFilled, TraineeSaid, Turn


@dataclass(frozen=True)
class CallerFacts:
    """What the caller knows and says (from a scenario); the reference for the message slip."""

    name: str = ""
    phone: str = ""
    reason: str = ""
    recipient: str = ""
    civility: str = ""  # « madame » or « monsieur »: how the trainee should address the caller
    rephrasing: str = ""  # how a trainee may rephrase this caller's request (the feedback's example)


@dataclass(frozen=True)
class CallContext:
    organisation: str
    trainee: str
    scenario_id: str | None = None
    organisation_aliases: tuple[str, ...] = ()
    caller: CallerFacts | None = None
    # Criteria the scenario requires to happen (a transfer scenario expects a transfer):
    # they are applicable, and fail, even when the event never occurred.
    expected: tuple[str, ...] = ()
    civility: str | None = None  # the trainee's: « madame », « monsieur », or None when not known
    may_interrupt: bool = False  # the scenario allows speaking over the caller (calming an aggressive one)


@dataclass(frozen=True)
class Transcript:
    context: CallContext
    events: tuple[Event, ...] = field(default_factory=tuple)

    @property
    def turns(self) -> list[Turn]:
        return [e for e in self.events if isinstance(e, (CallerSaid, TraineeSaid))]

    @property
    def trainee_turns(self) -> list[TraineeSaid]:
        return [e for e in self.events if isinstance(e, TraineeSaid)]

    @property
    def caller_turns(self) -> list[CallerSaid]:
        return [e for e in self.events if isinstance(e, CallerSaid)]

    @property
    def last_moment(self) -> float | None:
        """The latest time the call reached: the last event, or the end of the last line said."""
        times = [t for e in self.events for t in (e.t, getattr(e, "end", None)) if t is not None]
        return max(times) if times else None

    @property
    def slip(self) -> MessageSlip | None:
        slips = [e.slip for e in self.events if isinstance(e, SlipFilled)]
        return slips[-1] if slips else None

    def turn_number(self, turn: Turn) -> int:
        """1-based position of a turn among all spoken turns (how trainers count them)."""
        return next(i for i, e in enumerate(self.turns, 1) if e is turn)
