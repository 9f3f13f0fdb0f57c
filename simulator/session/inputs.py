"""Where the trainee's actions come from in text mode: a script file or the terminal.

Both understand the same lines: plain text is speech; switchboard commands start with « / »:
/attente, /reprise, /transfert CIBLE, /raccrocher, /fiche (then nom:, téléphone:, motif:,
destinataire:), /pause SECONDES (scripts: let time pass), /aide. In a voice session's reply script,
« @fichier.wav » is a recorded reply played as the trainee's voice (text after « # » is a note).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import queue
import sys
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


@dataclass(frozen=True)
class LongTurn:
    """The trainee has been speaking for a while without stopping (voice: once per turn); an
    impatient caller may cut in."""

    seconds: float


Action = Union[Event, Pause, SlipRequest, Help, SpokenClip, LongTurn]


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


PROMPT = "Vous > "


class TypedLines(Protocol):
    """Where typed lines come from, and where the terminal's own messages go."""

    def read(self, prompt: str, timeout: float | None) -> str | None:
        """The next line typed after `prompt`; None if `timeout` seconds passed first (the prompt
        stays). Raises EOFError at the end of input, KeyboardInterrupt on Ctrl-C."""

    def show(self, text: str) -> None: ...


class TerminalInput:
    """Lines typed in a terminal. Waiting for the trainee can time out, to let the caller react to
    silence; a line that says nothing (an Enter pressed by accident) is ignored."""

    def __init__(self, lines: TypedLines):
        self.lines = lines

    def next(self, timeout: float | None) -> Action | None:
        line = self.lines.read(PROMPT, timeout)
        if line is None or not line.strip():
            return None  # the call loop asks again, with what is left of the timeout
        try:
            action = parse_line(line)
        except CommandError as exc:
            self.lines.show(f"{exc}\n")
            return None
        if isinstance(action, SpokenClip):
            self.lines.show("Les fichiers audio ne se jouent qu'en séance vocale (--replies).\n")
            return None
        if isinstance(action, SlipRequest):
            values = {attr: self._field(label) for attr, label in SLIP_PROMPTS}
            return SlipFilled(None, MessageSlip(**values))
        return action

    def _field(self, label: str) -> str:
        line = self.lines.read(f"{label} : ", None)
        assert line is not None  # no timeout
        return line.strip()


class StreamLines:
    """Lines from a stream that is not a terminal (a pipe, a test). A reader thread feeds a queue,
    so that waiting can time out; the prompt is printed once per line awaited."""

    def __init__(self, stream: TextIO, show: Callable[[str], None]):
        self.show = show
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._prompted = False
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: TextIO) -> None:
        for line in stream:
            self._lines.put(line)
        self._lines.put(None)

    def read(self, prompt: str, timeout: float | None) -> str | None:
        if not self._prompted:
            self.show(prompt)
            self._prompted = True
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            return None
        if line is None:
            self._lines.put(None)  # stay at end of input
            raise EOFError
        self._prompted = False
        return line


class PromptLines:
    """Lines typed at a prompt that holds the terminal's last line (prompt_toolkit): what the call
    prints meanwhile appears above it, and the half-typed line stays as it was.

    Use it as a context manager: inside, sys.stdout and sys.stderr write above the prompt (Rich
    consoles created without a file look them up at each print). The prompt runs on an event loop
    of its own thread, since the call's thread waits for lines with a timeout."""

    def __init__(self, show: Callable[[str], None]):
        self.show = show
        self._pending: concurrent.futures.Future[str | None] | None = None
        self._task: asyncio.Task[str | None] | None = None

    def __enter__(self) -> PromptLines:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.patch_stdout import StdoutProxy

        self._session: PromptSession[str] = PromptSession()  # on the real terminal, before sys.stdout is replaced
        self._proxy = StdoutProxy(raw=True)  # raw: Rich's colours pass
        self._saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = self._proxy  # type: ignore[assignment]
        self._loop = asyncio.new_event_loop()
        # The same prompt_toolkit session (a context variable) in both threads, so that the proxy
        # sees the running prompt.
        self._thread = threading.Thread(target=contextvars.copy_context().run, args=(self._loop.run_forever,),
                                        daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._proxy.close()  # what was printed reaches the screen (or the prompt's loop) first
        sys.stdout, sys.stderr = self._saved
        asyncio.run_coroutine_threadsafe(self._close_prompt(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def read(self, prompt: str, timeout: float | None) -> str | None:
        if self._pending is None:
            self._pending = asyncio.run_coroutine_threadsafe(self._ask(prompt), self._loop)
        try:
            line = self._pending.result(timeout)  # EOFError (Ctrl-D) stays pending: the end of input
        except concurrent.futures.TimeoutError:
            return None
        self._pending = None
        if line is None:
            raise KeyboardInterrupt
        return line

    async def _ask(self, prompt: str) -> str | None:
        """The line typed; None for Ctrl-C (a KeyboardInterrupt would stop the event loop itself)."""
        self._task = asyncio.current_task()
        try:
            return await self._session.prompt_async(prompt)
        except KeyboardInterrupt:
            return None

    async def _close_prompt(self) -> None:
        """The call is over: the prompt still open goes away and the terminal is given back."""
        if self._task is not None and not self._task.done():
            self._session.app.erase_when_done = True
            self._task.cancel()
            await asyncio.wait({self._task})


@dataclass(frozen=True)
class Spoken:
    """A caller's line once said: when it started and ended on the call's clock."""

    start: float
    end: float
    cut: bool = False  # the caller stopped early: the trainee spoke over a caller who yields
    talked_over: bool = False  # the trainee spoke while the caller did


class RealClock:
    def __init__(self) -> None:
        self._start = time.monotonic()

    def now(self) -> float:
        return time.monotonic() - self._start

    def wait_until(self, t: float) -> None:
        time.sleep(max(0.0, t - self.now()))

    def caller_speaks(self, text: str, yields: bool = True) -> Spoken:
        """Text mode: the line is shown, not spoken."""
        now = self.now()
        return Spoken(now, now)

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

    def caller_speaks(self, text: str, yields: bool = True) -> Spoken:
        start = self.t
        self._speak(text)
        return Spoken(start, self.t)

    def trainee_spoke(self, text: str) -> None:
        self._speak(text)
