"""The screen of a voice session: the caller's words as subtitles and, on the bottom line, whether
the simulator is listening, the microphone level, what it is hearing, and the hold timer."""

from __future__ import annotations

import time

from rich.console import Console, Group
from rich.live import Live
from rich.text import Text

from simulator.events import CallEnded, CallerSaid, Event, HoldEnded, HoldStarted
from simulator.ui.render import event_text

FLOOR_DB = -60.0  # the meter's empty end


def level_bar(dbfs: float, width: int = 20) -> str:
    filled = round(width * min(1.0, max(0.0, (dbfs - FLOOR_DB) / -FLOOR_DB)))
    return "▮" * filled + "▯" * (width - filled)


class LiveScreen:
    """A Display (events, notices) and a Monitor (level, listening, partial) on one console."""

    def __init__(self, console: Console, keys_help: str = ""):
        self.console, self.keys_help = console, keys_help
        self._level, self._speaking, self._partial = FLOOR_DB, False, ""
        self.peak = FLOOR_DB  # loudest input level seen (set-up advice)
        self._hold_since: float | None = None
        self._live = Live(console=console, get_renderable=self._status, refresh_per_second=8, transient=True,
                          redirect_stdout=False, redirect_stderr=False)

    def __enter__(self) -> LiveScreen:
        if self.console.is_terminal:
            self._live.start()
        return self

    def __exit__(self, *exc) -> None:
        self._live.stop()

    # -- Display ------------------------------------------------------------------------------

    def event(self, event: Event) -> None:
        if isinstance(event, CallerSaid) and self._hold_since is not None:
            # The trainee cannot hear a caller on hold: a stage note, not a subtitle.
            self.console.print(Text(f"(en attente, l'appelant dit : « {event.text} »)", style="dim italic"))
        else:
            self.console.print(event_text(event))
        if isinstance(event, HoldStarted):
            self._hold_since = time.monotonic()
        elif isinstance(event, (HoldEnded, CallEnded)):
            self._hold_since = None

    def notice(self, text: str) -> None:
        self.console.print(Text(text, style="italic"))

    # -- Monitor ------------------------------------------------------------------------------

    def level(self, dbfs: float) -> None:
        self._level = dbfs
        self.peak = max(self.peak, dbfs)

    def listening(self, speaking: bool) -> None:
        self._speaking = speaking
        if not speaking:
            self._partial = ""

    def partial(self, text: str) -> None:
        self._partial = text

    def _status(self) -> Group:
        line = Text()
        if self._hold_since is not None:
            waited = time.monotonic() - self._hold_since
            line.append(f"⏸ attente {int(waited) // 60:02d}:{int(waited) % 60:02d}  ",
                        style="bold red" if waited > 30 else "bold yellow")
        line.append("🎙 je vous écoute  " if self._speaking else "🎙 à vous  ",
                    style="bold green" if self._speaking else "green")
        line.append(level_bar(self._level), style="green")
        if self._partial:
            line.append(f"  « {self._partial} »", style="dim")
        parts = [line]
        if self.keys_help:
            parts.append(Text(self.keys_help, style="dim"))
        return Group(*parts)
