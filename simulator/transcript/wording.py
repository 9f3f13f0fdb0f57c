"""The words for what a transcript shows besides speech (holds, transfers, the message slip, the
end of the call), for a line checked on the recording and for two voices at once: one wording
for the terminal, the dashboard and the report."""

from __future__ import annotations

from simulator.events import (ENDED_BY, CallEnded, CallerSaid, Event, HoldEnded, HoldStarted, MessageSlip, SlipFilled,
                              TraineeSaid, Transferred)
from simulator.transcript.overlaps import Overlap
from simulator.text.figures import measured

SYMBOLS: dict[type, str] = {HoldStarted: "⏸", HoldEnded: "▶", Transferred: "↪", SlipFilled: "🗒", CallEnded: "☎"}


def slip_text(slip: MessageSlip) -> str:
    return (f"nom « {slip.name} », téléphone « {slip.phone} », motif « {slip.reason} », "
            f"destinataire « {slip.recipient} »")


def switchboard_text(event: Event) -> str:
    """« Appelant mis en attente », « Transfert vers … », « Fin de l'appel (l'appelant a raccroché) »…"""
    if isinstance(event, HoldStarted):
        return "Appelant mis en attente"
    if isinstance(event, HoldEnded):
        return "Reprise de l'appel"
    if isinstance(event, Transferred):
        return f"Transfert vers {event.target}"
    if isinstance(event, SlipFilled):
        return f"Fiche message : {slip_text(event.slip)}"
    if isinstance(event, CallEnded):
        why = ENDED_BY.get(event.by, "")
        return "Fin de l'appel" + (f" ({why})" if why else "")
    raise TypeError(event)


def symbolized(event: Event) -> str:
    """The switchboard event's words after its symbol: « ⏸  Appelant mis en attente »."""
    return f"{SYMBOLS[type(event)]}  {switchboard_text(event)}"


def heard_note(event: TraineeSaid) -> str:
    """What the recognizer wrote first, when a second look at the audio changed it; else ""."""
    return f"transcrit « {event.heard} », vérifié sur l'enregistrement" if event.heard else ""


CUT_NOTE = "interrompu : vous avez parlé par-dessus"


def cut_note(event: CallerSaid) -> str:
    """Said of a caller's line stopped because the trainee spoke over it; else ""."""
    return CUT_NOTE if event.cut else ""


def overlap_note(overlap: Overlap) -> str:
    """Said of a turn begun over the other voice, with how long both were heard at once:
    « chevauchement : vous avez parlé par-dessus l'appelant (1,2 s) »."""
    who = "vous avez parlé par-dessus l'appelant" if overlap.by_trainee else "l'appelant vous a coupé la parole"
    return f"chevauchement : {who} ({measured(overlap.seconds, 's')})"
