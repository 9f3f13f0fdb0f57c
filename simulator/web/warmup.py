"""`accueil serve` scores every recorded session in the background as it starts, so that the first
trainer does not wait for the whole history to be scored; the terminal shows how far it is."""

from __future__ import annotations

import threading
import time
from typing import Callable

from rich.console import Console

from simulator.errors import AccueilError
from simulator.web.results import Assessments

# Opens progress bars on a console: (update(what, done, total), done()); the terminal's own
# (simulator.ui.progress.open_progress), given by the command that starts the server.
OpenProgress = Callable[[Console], tuple[Callable[[str, int, int], None], Callable[[], None]]]


def warm_up(assessments: Assessments, console: Console, open_progress: OpenProgress) -> float:
    """Score the sessions not yet up to date, with a progress bar; returns the seconds it took."""
    started = time.monotonic()
    try:
        if console.is_terminal:
            update, done = open_progress(console)
            try:
                progress = assessments.warm(lambda p: update("Évaluation des séances", p.done, p.total))
            finally:
                done()
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


def start_warm_up(assessments: Assessments, console: Console, open_progress: OpenProgress) -> threading.Thread:
    thread = threading.Thread(target=warm_up, args=(assessments, console, open_progress), name="accueil-warm-up",
                              daemon=True)
    thread.start()
    return thread
