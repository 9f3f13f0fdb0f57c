"""Single-key switchboard actions during a voice session, read from the terminal in cbreak mode.

The trainee's hands are on the keyboard while their voice is on the headset: one key puts the
caller on hold, takes them back, transfers, opens the message slip or hangs up.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from typing import Callable, Iterator, TextIO

from simulator.events import CallEnded, HoldEnded, HoldStarted, MessageSlip, SlipFilled, Transferred
from simulator.session.inputs import SLIP_PROMPTS, Action, Help

KEY_HELP = ("Touches : [a] mettre en attente · [r] reprendre · [t] transférer · [f] fiche message · "
            "[q] raccrocher · [h] aide")


@contextlib.contextmanager
def cbreak(stream: TextIO) -> Iterator[bool]:
    """Keys arrive one at a time without Enter; the terminal is restored however the call ends.
    Yields False (and changes nothing) when `stream` is not a terminal."""
    try:
        import termios
        import tty
    except ImportError:  # Windows: keys are read with Enter
        yield False
        return
    if not stream.isatty():
        yield False
        return
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)
    try:
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


class KeyReader:
    """Turns key presses into switchboard actions on `actions`. Transfer and slip ask for text,
    typed on the same keyboard and ended with Enter."""

    def __init__(self, stream: TextIO, actions: queue.Queue[Action], say: Callable[[str], None]):
        self.stream, self.actions, self.say = stream, actions, say
        self.thread = threading.Thread(target=self._run, name="keys", daemon=True)  # ends with the input
        self.thread.start()

    def _run(self) -> None:
        while True:
            key = self.stream.read(1)
            if not key:
                return
            action = self.action(key.lower())
            if action is not None:
                self.actions.put(action)

    def action(self, key: str) -> Action | None:
        if key == "a":
            return HoldStarted(None)
        if key == "r":
            return HoldEnded(None)
        if key == "q":
            return CallEnded(None, "stagiaire")
        if key == "t":
            target = self._line("Transférer vers : ")
            return Transferred(None, target) if target else None
        if key == "f":
            return SlipFilled(None, MessageSlip(**{attr: self._line(f"{label} : ")
                                                  for attr, label in SLIP_PROMPTS}))
        if key in ("h", "?"):
            return Help()
        return None

    def _line(self, prompt: str) -> str:
        self.say(prompt)
        chars: list[str] = []
        while (char := self.stream.read(1)) not in ("", "\n", "\r"):
            if char in ("\x7f", "\b"):
                if chars:
                    chars.pop()
                    self.say("\b \b")
                continue
            chars.append(char)
            self.say(char)
        self.say("\n")
        return "".join(chars).strip()
