"""`accueil serve` scores every recorded session in the background as it starts, so that the first
trainer does not wait for the whole history to be scored; the terminal shows how far it is."""

from __future__ import annotations

import threading
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from simulator.errors import AccueilError
from simulator.web.results import Assessments


def warm_up(assessments: Assessments, console: Console) -> float:
    """Score the sessions not yet up to date, with a progress bar; returns the seconds it took."""
    started = time.monotonic()
    try:
        if console.is_terminal:
            bar = Progress(TextColumn("Évaluation des séances"), BarColumn(), MofNCompleteColumn(),
                           TimeElapsedColumn(), console=console, transient=True)
            task = bar.add_task("", total=None)
            with bar:
                progress = assessments.warm(lambda p: bar.update(task, completed=p.done, total=p.total))
        else:  # a log file: the summary line only
            progress = assessments.warm()
    except AccueilError as exc:  # the database gone meanwhile: the pages will say so, and retry
        console.print(f"Évaluation des séances interrompue : {exc.format_message()}", markup=False)
        return time.monotonic() - started
    seconds = time.monotonic() - started
    if progress.total:
        console.print(f"{progress.total} séances évaluées en {seconds:.1f} s : le tableau de bord est prêt."
                      .replace(".", ",", 1))  # French decimal comma
    return seconds


def start_warm_up(assessments: Assessments, console: Console) -> threading.Thread:
    thread = threading.Thread(target=warm_up, args=(assessments, console), name="accueil-warm-up", daemon=True)
    thread.start()
    return thread
