"""A training path: the scenarios in order of rising difficulty, each unlocked once the trainee
has passed the one before (a completed call scored at least PASS_SCORE)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from simulator.errors import InputError
from simulator.scenario.catalogue import Entry, catalogue
from simulator.scenario.model import Scenario
from simulator.store.sessions import COMPLETED, SessionInfo, trainee_key

PASS_SCORE = 80

PASSED, OPEN, LOCKED = "réussi", "à faire", "verrouillé"
AHEAD = "réussi hors parcours"  # passed while still locked (a trainer opened it): it opens in its turn


@dataclass(frozen=True)
class Step:
    scenario: Entry | Scenario  # the quick list entry, or the scenario itself
    best: int | None  # best score of a completed call, None if never completed
    status: str  # PASSED, OPEN or LOCKED


def training_path(scenarios: list[Entry] | list[Scenario], sessions: list[SessionInfo], trainee: str) -> list[Step]:
    """`scenarios` in path order (easiest first); the trainee's recorded sessions decide the rest."""
    steps: list[Step] = []
    unlocked = True
    key = trainee_key(trainee)
    for scenario in scenarios:
        scores = [s.score for s in sessions if s.scenario_id == scenario.id and s.status == COMPLETED
                  and s.score is not None and trainee_key(s.trainee) == key]
        best = max(scores) if scores else None
        passed = best is not None and best >= PASS_SCORE
        status = (PASSED if passed else OPEN) if unlocked else (AHEAD if passed else LOCKED)
        steps.append(Step(scenario, best, status))
        unlocked = unlocked and passed
    return steps


def next_step(steps: list[Step]) -> Step | None:
    """The first scenario not yet passed, or None when the whole path is done."""
    return next((step for step in steps if step.status == OPEN), None)


def check_open(scenario: Scenario, trainee: str, sessions: list[SessionInfo]) -> None:
    """Refuse a scenario the trainee's path has not opened yet (scenarios outside the path, such as
    an author's draft, are always open)."""
    steps = training_path(catalogue(), sessions, trainee)
    step = next((st for st in steps if st.scenario.id == scenario.id), None)
    if step is None or step.status in (PASSED, OPEN):
        return
    upcoming = next_step(steps)
    first = f"réussissez d'abord « {upcoming.scenario.title} » ({upcoming.scenario.id}, note ≥ {PASS_SCORE}) ; " \
        if upcoming else ""
    raise InputError(f"« {scenario.title} » n'est pas encore ouvert dans le parcours de {trainee} : {first}"
                     f"voir accueil parcours -t {trainee}. Un formateur peut l'ouvrir pour cette séance : "
                     "--hors-parcours")


def scenario_to_play(scenario: str | None, next_in_path: bool, trainee: str,
                     sessions: Callable[[], list[SessionInfo]]) -> str:
    """The scenario named, or with `next_in_path` the trainee's next one on the path."""
    if not next_in_path:
        if not scenario:
            raise InputError("indiquez le scénario à jouer (accueil scenarios les liste) ou --parcours")
        return scenario
    if scenario:
        raise InputError("indiquez un scénario ou --parcours, pas les deux")
    upcoming = next_step(training_path(catalogue(), sessions(), trainee))
    if upcoming is None:
        raise InputError(f"{trainee} a réussi tout le parcours (accueil parcours -t {trainee})")
    return upcoming.scenario.id
