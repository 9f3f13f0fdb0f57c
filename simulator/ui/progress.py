"""Progress bars in the terminal for long preparation work: models, the caller's voice, the
dashboard's scoring of every session."""

from __future__ import annotations

from typing import Callable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

Progress = Callable[[str, int, int], None]  # (what, done, total)


def open_progress(console: Console) -> tuple[Progress, Callable[[], None]]:
    """A progress bar per step, named by `what`; returns the update function and the one that ends them."""
    bars = RichProgress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                        console=console, transient=True)
    tasks: dict[str, int] = {}

    def update(what: str, done: int, total: int) -> None:
        if what not in tasks:
            tasks[what] = bars.add_task(what, total=total)
        bars.update(tasks[what], completed=done, total=total)

    bars.start()
    return update, bars.stop
