"""The plain-text dialogue format, written by hand by trainers and by the recorder.

    # organisation: Clinique Nest
    # stagiaire: Clémence
    # scenario: appel-calme            (optional)
    [00:00] STAGIAIRE: Clinique Nest, Clémence, bonjour.
    [00:03] APPELANT: Bonjour, ...
    [00:20] ATTENTE
    [00:35] REPRISE
    [00:40] TRANSFERT: service des admissions
    [01:10] FIN
    FICHE MESSAGE
    nom: Jean Dupont
    téléphone: 06 12 34 56 78
    motif: rappeler au sujet du devis
    destinataire: Mme Leroy

Timestamps are optional; other `#` lines are comments. A FICHE MESSAGE block usually ends the
file; the recorder writes it where the slip was filled, and the next event line closes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from simulator.errors import InputError
from simulator.files import read_user_text
from simulator.events import (CallEnded, CallerSaid, Event, HoldEnded, HoldStarted, MessageSlip,
                              SlipFilled, TraineeSaid, Transferred)
from simulator.text.normalize import strip_accents
from simulator.transcript.model import CallContext, Transcript

_TIME = re.compile(r"^\[(?:(\d+):)?(\d{1,3}):(\d{2}(?:[.,]\d+)?)\]\s*(.*)$")
_SPEECH = re.compile(r"^(APPELANT|STAGIAIRE)\s*:\s*(.*)$", re.IGNORECASE)
_TRANSFER = re.compile(r"^TRANSFERT\s*:\s*(.+)$", re.IGNORECASE)
_HEADER = re.compile(r"^#\s*([\w\s-]+?)\s*:\s*(.*)$")
SLIP_KEYS = {"nom": "name", "telephone": "phone", "tel": "phone", "motif": "reason", "destinataire": "recipient"}
_USAGE = ("attendu : « [mm:ss] APPELANT: texte », « [mm:ss] STAGIAIRE: texte », "
          "ATTENTE, REPRISE, « TRANSFERT: cible », FIN ou FICHE MESSAGE")
# A minute of conversation is about 1.3 kB, so this is over an hour and a half; a spoken turn, even
# a long monologue, is a few thousand characters. Scoring takes up to 60 µs a character (turns full
# of near-matches of the intents): these limits keep any file under about 8 seconds.
MAX_BYTES = 128 * 1024
MAX_LINE_CHARS = 5000


class DialogueError(InputError):
    """A bad line: `file:line: reason`; line and reason kept apart to relocate embedded dialogues."""

    def __init__(self, path: str, line: int, reason: str):
        self.line, self.reason = line, reason
        super().__init__(f"{path}:{line}: {reason}")


@dataclass
class Dialogue:
    """A parsed dialogue file: headers (organisation, stagiaire, scenario...) and events."""

    headers: dict[str, str] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)

    def transcript(self, context: CallContext | None = None) -> Transcript:
        if context is None:
            context = CallContext(organisation=self.headers.get("organisation", ""),
                                  trainee=self.headers.get("stagiaire", ""),
                                  scenario_id=self.headers.get("scenario"))
        return Transcript(context, tuple(self.events))


def format_time(t: float | None) -> str:
    if t is None:
        return ""
    minutes, seconds = divmod(int(round(t)), 60)
    return f"[{minutes:02d}:{seconds:02d}] "


def parse_time(hours: str | None, minutes: str, seconds: str) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", "."))


def read_dialogue(path: str | Path) -> Dialogue:
    """Read a dialogue file; bad input raises InputError with `file:line: message`."""
    return parse_dialogue(read_user_text(path, "fichier de dialogue", MAX_BYTES), str(path))


def parse_dialogue(text: str, path: str = "<dialogue>") -> Dialogue:
    dialogue = Dialogue()
    slip: dict[str, str] | None = None
    slip_line = 0
    for number, raw_line in enumerate(text.splitlines(), 1):
        line = raw_line.strip()
        if not line:
            continue
        check_line_length(line, path, number)
        if slip is not None:
            found = slip_field(line)
            if found:
                slip[found[0]] = found[1]
                continue
            if not slip:
                raise DialogueError(path, number, f"ligne inattendue dans la fiche message : « {line[:60]} » "
                                    "(attendu nom:, téléphone:, motif:, destinataire:)")
            _close_slip(dialogue, slip, path, slip_line)  # a recorded slip may be filled mid-call
            slip = None
        if line.startswith("#"):
            header = _HEADER.match(line)
            if header:
                dialogue.headers[strip_accents(header.group(1)).strip().lower()] = header.group(2).strip()
            continue
        if strip_accents(line).upper().rstrip(":") == "FICHE MESSAGE":
            slip, slip_line = {}, number
            continue
        dialogue.events.append(_parse_event(line, path, number))
    if slip is not None:
        _close_slip(dialogue, slip, path, slip_line)
    return dialogue


def check_line_length(line: str, path: str, number: int) -> None:
    if len(line) > MAX_LINE_CHARS:
        raise DialogueError(path, number, f"ligne trop longue ({len(line)} caractères, maximum {MAX_LINE_CHARS}) : "
                            "coupez-la en plusieurs répliques")


def _close_slip(dialogue: Dialogue, slip: dict[str, str], path: str, line: int) -> None:
    if not slip:
        raise DialogueError(path, line, "fiche message vide (attendu nom:, téléphone:, motif:, destinataire:)")
    t = dialogue.events[-1].t if dialogue.events else None
    dialogue.events.append(SlipFilled(t, MessageSlip(**slip)))


def slip_field(line: str) -> tuple[str, str] | None:
    """`téléphone: 06 12` -> ("phone", "06 12"); None if the line is not a slip field."""
    key, sep, value = line.partition(":")
    attr = SLIP_KEYS.get(strip_accents(key).strip().lower())
    return (attr, value.strip()) if sep and attr else None


def _parse_event(line: str, path: str, number: int) -> Event:
    t = None
    timed = _TIME.match(line)
    if timed:
        t = parse_time(*timed.group(1, 2, 3))
        line = timed.group(4).strip()
    speech = _SPEECH.match(line)
    if speech:
        who, said = speech.group(1).upper(), speech.group(2).strip()
        return (CallerSaid if who == "APPELANT" else TraineeSaid)(t, said)
    transfer = _TRANSFER.match(line)
    if transfer:
        return Transferred(t, transfer.group(1).strip())
    word = strip_accents(line).upper()
    if word == "ATTENTE":
        return HoldStarted(t)
    if word == "REPRISE":
        return HoldEnded(t)
    if word == "FIN":
        return CallEnded(t)
    raise DialogueError(path, number, f"ligne non reconnue : « {line[:60]} » ({_USAGE})")


def format_event(event: Event) -> str:
    """One dialogue line (or block, for a slip) for an event."""
    stamp = format_time(event.t)
    if isinstance(event, CallerSaid):
        return f"{stamp}APPELANT: {event.text}"
    if isinstance(event, TraineeSaid):
        return f"{stamp}STAGIAIRE: {event.text}"
    if isinstance(event, HoldStarted):
        return f"{stamp}ATTENTE"
    if isinstance(event, HoldEnded):
        return f"{stamp}REPRISE"
    if isinstance(event, Transferred):
        return f"{stamp}TRANSFERT: {event.target}"
    if isinstance(event, CallEnded):
        return f"{stamp}FIN"
    if isinstance(event, SlipFilled):
        s = event.slip
        return (f"FICHE MESSAGE\nnom: {s.name}\ntéléphone: {s.phone}\nmotif: {s.reason}\n"
                f"destinataire: {s.recipient}")
    raise TypeError(event)


def format_headers(context: CallContext) -> str:
    lines = [f"# organisation: {context.organisation}", f"# stagiaire: {context.trainee}"]
    if context.scenario_id:
        lines.append(f"# scenario: {context.scenario_id}")
    return "\n".join(lines) + "\n"


def format_dialogue(transcript: Transcript) -> str:
    """The whole transcript as a dialogue file; a slip goes last, as the format requires."""
    body = [e for e in transcript.events if not isinstance(e, SlipFilled)]
    slips = [e for e in transcript.events if isinstance(e, SlipFilled)]
    lines = [format_event(e) for e in body + slips[-1:]]
    return format_headers(transcript.context) + "\n".join(lines) + "\n"
