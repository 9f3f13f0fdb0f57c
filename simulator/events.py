"""The one vocabulary of call events, shared by the runtime, the recorder, the store and the scorer.

Times are seconds from the start of the call, or None when unknown (a hand-written dialogue
without timestamps).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import ClassVar, Union


@dataclass(frozen=True)
class MessageSlip:
    """The message slip (fiche message) filled by the trainee."""

    name: str = ""
    phone: str = ""
    reason: str = ""
    recipient: str = ""


@dataclass(frozen=True)
class CallerSaid:
    t: float | None
    text: str
    end: float | None = None  # end of the spoken line (voice sessions)
    cut: bool | None = None  # the caller stopped before the end: the trainee spoke over them
    kind: ClassVar[str] = "appelant"


@dataclass(frozen=True)
class TraineeSaid:
    t: float | None
    text: str
    end: float | None = None  # end of speech (voice sessions)
    # The recognizer's own words when a second look at the audio put the expected ones in their
    # place (simulator.session.greeting_check); `text` is then what was checked on the audio.
    heard: str | None = None
    kind: ClassVar[str] = "stagiaire"


@dataclass(frozen=True)
class HoldStarted:
    t: float | None
    kind: ClassVar[str] = "attente"


@dataclass(frozen=True)
class HoldEnded:
    t: float | None
    kind: ClassVar[str] = "reprise"


@dataclass(frozen=True)
class Transferred:
    t: float | None
    target: str
    kind: ClassVar[str] = "transfert"


@dataclass(frozen=True)
class SlipFilled:
    t: float | None
    slip: MessageSlip
    kind: ClassVar[str] = "fiche"


@dataclass(frozen=True)
class CallEnded:
    """End of the call; `by` is « stagiaire » (hung up), « transfert » (the trainee transferred the
    call) or « appelant »."""

    t: float | None
    by: str = ""
    kind: ClassVar[str] = "fin"


ENDED_BY = {"appelant": "l'appelant a raccroché", "stagiaire": "vous avez mis fin à l'appel",
            "transfert": "appel transféré"}
"""What `CallEnded.by` means, in the trainee's words."""

Event = Union[CallerSaid, TraineeSaid, HoldStarted, HoldEnded, Transferred, SlipFilled, CallEnded]
Turn = Union[CallerSaid, TraineeSaid]
RECORDED: dict[str, type] = {c.kind: c for c in (CallerSaid, TraineeSaid, HoldStarted, HoldEnded,
                                                  Transferred, SlipFilled, CallEnded)}


def to_record(event: Event) -> dict:
    """Plain dict for storage: {"kind": ..., "t": ..., other fields}."""
    return {"kind": event.kind, **asdict(event)}


def from_record(record: dict) -> Event:
    cls = RECORDED[record["kind"]]
    values = {f.name: record.get(f.name) for f in fields(cls)}
    if cls is SlipFilled:
        values["slip"] = MessageSlip(**(record.get("slip") or {}))
    return cls(**values)
