"""A call typed at the keyboard (`accueil play --text`), or read from a script of replies
(`--script`, for demonstrations and tests): the terminal's side of a text call."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Callable, Iterator

from rich.console import Console

from simulator.engine import CallRuntime
from simulator.errors import InputError
from simulator.scenario.model import Scenario
from simulator.scoring import Rubric, Scorecard
from simulator.session.call import Call
from simulator.session.inputs import (HELP, PromptLines, RealClock, ScriptInput, StreamLines, TerminalInput, TypedLines,
                                      VirtualClock)
from simulator.session.recorder import Recorder
from simulator.store import SessionStore
from simulator.ui.render import RichDisplay, print_call_opening

# Typing is slower than speaking: in interactive text mode silence timers are stretched.
TYPING_SLOWDOWN = 3.0


def run_text_call(scenario: Scenario, rubric: Rubric, trainee: str, seed: int, script: Path | None,
                  records: Callable[[], SessionStore], console: Console) -> tuple[Recorder, Call, Scorecard]:
    """Play the call; the store is opened (`records`) only once the script, if any, is read."""
    trainee_input = ScriptInput(script) if script else None  # checked before anything is recorded
    if trainee_input is not None and trainee_input.has_audio:
        raise InputError(f"{script} : les lignes « @fichier.wav » demandent le mode voix (--replies DOSSIER)")
    recorder = Recorder.playing(records(), scenario, rubric, trainee, "texte", seed)
    print_call_opening(console, scenario.title, scenario.organisation, scenario.instructions)
    with contextlib.ExitStack() as terminal:
        if trainee_input is None:
            console.print(HELP, style="dim")
            console.print("Le téléphone sonne… vous décrochez. Parlez le premier.", style="bold")
            if "message" in scenario.expected:
                console.print("Cet appel demande une fiche message : tapez /fiche pour la remplir.", style="bold")
            clock, timer_scale = RealClock(), TYPING_SLOWDOWN
            trainee_input = TerminalInput(terminal.enter_context(typed_lines(console)))
        else:
            clock, timer_scale = VirtualClock(), 1.0
        call = Call(scenario, rubric, CallRuntime(scenario, seed=seed, timer_scale=timer_scale), recorder,
                    trainee_input, clock, RichDisplay(console), echo_trainee=script is not None)
        return recorder, call, call.run()


@contextlib.contextmanager
def typed_lines(console: Console) -> Iterator[TypedLines]:
    """A prompt that holds in a terminal; in a pipe (scripts, tests), lines read as they come."""
    def show(text: str) -> None:
        console.print(text, end="", markup=False)

    if sys.stdin.isatty() and console.file.isatty():
        with PromptLines(show) as lines:
            yield lines
    else:
        yield StreamLines(sys.stdin, show)
