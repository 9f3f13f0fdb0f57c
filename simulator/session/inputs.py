"""Where the trainee's actions come from in text mode: a script file or the terminal.

Both understand the same lines: plain text is speech; switchboard commands start with « / »:
/attente, /reprise, /transfert CIBLE, /raccrocher, /fiche (then nom:, téléphone:, motif:,
destinataire:), /pause SECONDES (scripts: let time pass), /aide. In a voice session's reply script,
« @fichier.wav » is a recorded reply played as the trainee's voice (text after « # » is a note).
"""

from __future__ import annotations

import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Protocol, TextIO, Union

from simulator.errors import InputError
from simulator.files import is_file, read_user_text
from simulator.events import CallEnded, Event, HoldEnded, HoldStarted, MessageSlip, SlipFilled, TraineeSaid, Transferred
from simulator.text.normalize import strip_accents
from simulator.transcript.dialogue import check_line_length, slip_field

SLIP_PROMPTS = (("name", "Nom de l'appelant"), ("phone", "Téléphone"), ("reason", "Motif de l'appel"),
                ("recipient", "Destinataire"))
MAX_SCRIPT_BYTES = 128 * 1024  # as a dialogue file: scoring it stays under seconds
HELP = ("Commandes : /attente (mettre en attente), /reprise (reprendre l'appel), /transfert CIBLE, "
        "/fiche (remplir la fiche message), /raccrocher, /aide. Tout autre texte est votre réponse.")


@dataclass(frozen=True)
class Pause:
    """Let `seconds` pass without saying anything (scripts)."""

    seconds: float


@dataclass(frozen=True)
class SlipRequest:
    """The trainee wants to fill the message slip (the terminal prompts for its fields)."""


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class SpokenClip:
    """A recorded reply to play as the trainee's voice (voice sessions with --replies)."""

    path: Path


Action = Union[Event, Pause, SlipRequest, Help, SpokenClip]


class CommandError(ValueError):
    """A line the trainee typed that is not a valid command (French message)."""


def parse_line(line: str) -> Action:
    text = line.strip()
    if text.startswith("@"):
        name = text[1:].split(" #", 1)[0].strip()
        if not name:
            raise CommandError("indiquez le fichier audio : @01-accueil.wav")
        return SpokenClip(Path(name))
    if not text.startswith("/"):
        return TraineeSaid(None, text)
    command, _, rest = text[1:].partition(" ")
    command, rest = strip_accents(command).lower(), rest.strip()
    if command == "attente":
        return HoldStarted(None)
    if command == "reprise":
        return HoldEnded(None)
    if command == "transfert":
        if not rest:
            raise CommandError("indiquez la cible du transfert : /transfert service des admissions")
        return Transferred(None, rest)
    if command == "raccrocher":
        return CallEnded(None, "stagiaire")
    if command == "fiche":
        return SlipRequest()
    if command == "aide":
        return Help()
    if command == "pause":
        try:
            seconds = float(rest.replace(",", "."))
        except ValueError:
            raise CommandError("durée invalide : /pause 35 (en secondes)") from None
        if not 0 < seconds <= 3600:
            raise CommandError("la pause doit durer entre 0 et 3600 secondes")
        return Pause(seconds)
    raise CommandError(f"commande inconnue « /{command} ». {HELP}")


class TraineeInput(Protocol):
    def next(self, timeout: float | None) -> Action | None:
        """The trainee's next action; None if `timeout` seconds passed first. Raises EOFError at the end."""


class ScriptInput:
    """Replies read from a file, checked entirely before the session starts (errors lose nothing).

    « @fichier.wav » lines are resolved beside the script and must exist."""

    def __init__(self, path: str | Path):
        path = Path(path)
        lines = read_user_text(path, "fichier de répliques", MAX_SCRIPT_BYTES).splitlines()
        self.actions: list[Action] = []
        slip: dict[str, str] | None = None
        for number, raw in enumerate(lines, 1):
            line = raw.strip()
            check_line_length(line, str(path), number)
            if slip is not None:
                found = slip_field(line) if line else None
                if found:
                    slip[found[0]] = found[1]
                    continue
                self.actions.append(SlipFilled(None, MessageSlip(**slip)))
                slip = None
            if not line or line.startswith("#"):
                continue
            try:
                action = parse_line(line)
            except CommandError as exc:
                raise InputError(f"{path}:{number}: {exc}") from None
            if isinstance(action, SpokenClip):
                action = SpokenClip(path.parent / action.path)
                if not is_file(action.path):
                    raise InputError(f"{path}:{number}: fichier audio introuvable : {action.path}")
            if isinstance(action, SlipRequest):
                slip = {}
            elif not isinstance(action, Help):
                self.actions.append(action)
        if slip is not None:
            self.actions.append(SlipFilled(None, MessageSlip(**slip)))
        if not any(isinstance(a, (TraineeSaid, SpokenClip)) for a in self.actions):
            raise InputError(f"{path} : aucune réplique du stagiaire dans le fichier")
        self.has_audio = any(isinstance(a, SpokenClip) for a in self.actions)
        self._iter: Iterator[Action] = iter(self.actions)

    def next(self, timeout: float | None) -> Action | None:
        try:
            return next(self._iter)
        except StopIteration:
            raise EOFError from None


class TerminalInput:
    """Lines typed in a terminal. A reader thread feeds a queue, so that waiting for the trainee
    can time out and let the caller react to silence."""

    def __init__(self, stream: TextIO, prompt: Callable[[str], None]):
        self.prompt = prompt
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._prompted = False
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: TextIO) -> None:
        for line in stream:
            self._lines.put(line)
        self._lines.put(None)

    def _line(self, timeout: float | None) -> str:
        line = self._lines.get(timeout=timeout)
        if line is None:
            self._lines.put(None)  # stay at end of input
            raise EOFError
        return line

    def next(self, timeout: float | None) -> Action | None:
        if not self._prompted:
            self.prompt("Vous > ")
            self._prompted = True
        try:
            line = self._line(timeout)
        except queue.Empty:
            return None
        self._prompted = False
        try:
            action = parse_line(line)
        except CommandError as exc:
            self.prompt(f"{exc}\n")
            return self.next(timeout)
        if isinstance(action, SpokenClip):
            self.prompt("Les fichiers audio ne se jouent qu'en séance vocale (--replies).\n")
            return self.next(timeout)
        if isinstance(action, SlipRequest):
            values = {}
            for attr, label in SLIP_PROMPTS:
                self.prompt(f"{label} : ")
                values[attr] = self._line(None).strip()
            return SlipFilled(None, MessageSlip(**values))
        return action


class RealClock:
    def __init__(self) -> None:
        self._start = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self._start

    def wait_until(self, t: float) -> None:
        time.sleep(max(0.0, t - self.now()))

    def caller_speaks(self, text: str) -> tuple[float, float]:
        """Text mode: the line is shown, not spoken."""
        now = self.now()
        return now, now

    def trainee_spoke(self, text: str) -> None:
        """Real speech takes its own time; nothing to simulate."""


class VirtualClock:
    """Simulated time for scripts: speech takes time by its length, pauses take their duration."""

    SECONDS_PER_WORD = 0.35
    REACTION = 1.0  # pause before the other party answers

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def wait_until(self, t: float) -> None:
        self.t = max(self.t, t)

    def _speak(self, text: str) -> None:
        self.t += self.REACTION + self.SECONDS_PER_WORD * len(text.split())

    def caller_speaks(self, text: str) -> tuple[float, float]:
        start = self.t
        self._speak(text)
        return start, self.t

    def trainee_spoke(self, text: str) -> None:
        self._speak(text)
