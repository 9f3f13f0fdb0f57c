"""A training path: the scenarios in order of rising difficulty, each unlocked once the trainee
has passed the one before (a completed call scored at least PASS_SCORE)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from simulator.errors import InputError
from simulator.scenario.loader import list_scenarios
from simulator.scenario.model import Scenario
from simulator.store.sessions import COMPLETED, SessionInfo
from simulator.text.normalize import strip_accents

PASS_SCORE = 80

PASSED, OPEN, LOCKED = "réussi", "à faire", "verrouillé"


@dataclass(frozen=True)
class Step:
    scenario: Scenario
    best: int | None  # best score of a completed call, None if never completed
    status: str  # PASSED, OPEN or LOCKED


def _same_trainee(a: str, b: str) -> bool:
    return strip_accents(a).strip().lower() == strip_accents(b).strip().lower()


def training_path(scenarios: list[Scenario], sessions: list[SessionInfo], trainee: str) -> list[Step]:
    """`scenarios` in path order (easiest first); the trainee's recorded sessions decide the rest."""
    steps: list[Step] = []
    unlocked = True
    for scenario in scenarios:
        scores = [s.score for s in sessions if s.scenario_id == scenario.id and s.status == COMPLETED
                  and s.score is not None and _same_trainee(s.trainee, trainee)]
        best = max(scores) if scores else None
        passed = best is not None and best >= PASS_SCORE
        steps.append(Step(scenario, best, PASSED if passed else OPEN if unlocked else LOCKED))
        unlocked = unlocked and passed
    return steps


def next_step(steps: list[Step]) -> Step | None:
    """The first scenario not yet passed, or None when the whole path is done."""
    return next((step for step in steps if step.status == OPEN), None)


def scenario_to_play(scenario: str | None, next_in_path: bool, trainee: str,
                     sessions: Callable[[], list[SessionInfo]]) -> str:
    """The scenario named, or with `next_in_path` the trainee's next one on the path."""
    if not next_in_path:
        if not scenario:
            raise InputError("indiquez le scénario à jouer (accueil scenarios les liste) ou --parcours")
        return scenario
    if scenario:
        raise InputError("indiquez un scénario ou --parcours, pas les deux")
    upcoming = next_step(training_path(list_scenarios(), sessions(), trainee))
    if upcoming is None:
        raise InputError(f"{trainee} a réussi tout le parcours (accueil parcours -t {trainee})")
    return upcoming.scenario.id
