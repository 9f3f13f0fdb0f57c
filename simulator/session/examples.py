"""Golden example calls (YAML `exemples`): replay the trainee's side through a real call, then
compare the states visited and the verdicts with what the author expects.

The call is the same loop as `accueil play --script` (Call, VirtualClock); only the input differs:
a timed trainee line waits for its time, so the silence timers fire in between as they would live.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

from simulator.engine.runtime import CallRuntime, collapsed
from simulator.errors import NotFoundError, Problem
from simulator.events import CallerSaid, Event, SlipFilled
from simulator.scenario.lint import no_example_warnings
from simulator.scenario.loader import scenario_files, scenario_problems
from simulator.scenario.model import VERDICTS, Example, Scenario
from simulator.scoring.rubric import Rubric, find_rubric
from simulator.scoring.scorer import CriterionResult, Scorecard
from simulator.session.call import Call, NoDisplay
from simulator.session.inputs import Action, Pause, VirtualClock
from simulator.session.recorder import MemoryRecorder
from simulator.transcript.dialogue import parse_dialogue


class DialogueInput:
    """The trainee's side of a written dialogue (the caller's lines are the scenario's to say).

    A timed line is said at its time, or as soon as the caller has finished if that time is past;
    an untimed one follows on. A slip is never timed (its time is the previous line's)."""

    def __init__(self, events: list[Event], clock: VirtualClock):
        self.clock = clock
        self._pending = deque(e if not isinstance(e, SlipFilled) else replace(e, t=None)
                              for e in events if not isinstance(e, CallerSaid))

    def next(self, timeout: float | None) -> Action | None:
        if not self._pending:
            raise EOFError
        event = self._pending[0]
        if event.t is not None and event.t > self.clock.now() + 1e-6:
            return Pause(event.t - self.clock.now())
        self._pending.popleft()
        return replace(event, t=None)  # the call stamps it with the clock's time


@dataclass(frozen=True)
class ExampleResult:
    example: Example
    path: tuple[str, ...]  # states visited, repeats collapsed
    scorecard: Scorecard
    mismatches: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.mismatches

    def as_dict(self) -> dict:
        return {"titre": self.example.title, "ligne": self.example.line, "reussi": self.passed,
                "chemin": list(self.path), "note": self.scorecard.score,
                "verdicts": {r.id: _verdict(r) for r in self.scorecard.results}, "ecarts": list(self.mismatches)}


def _verdict(result: CriterionResult) -> str:
    return "sans_objet" if not result.applicable else "reussi" if result.passed else "echoue"


def run_example(scenario: Scenario, example: Example, rubric: Rubric | None = None) -> ExampleResult:
    """Play the example's dialogue through the scenario and compare with what it expects."""
    rubric = rubric or find_rubric(scenario.rubric)
    clock = VirtualClock()
    runtime = CallRuntime(scenario, seed=example.seed)
    trainee_input = DialogueInput(parse_dialogue(example.dialogue_text).events, clock)
    call = Call(scenario, rubric, runtime, MemoryRecorder(scenario.context(example.trainee)), trainee_input,
                clock, NoDisplay())
    scorecard = call.run()
    path = runtime.path
    mismatches = []
    expected_path = collapsed(example.path)
    if expected_path and expected_path != path:
        mismatches.append(f"chemin attendu {' → '.join(expected_path)}, obtenu {' → '.join(path)}")
    for criterion_id, expected in example.verdicts.items():
        result = scorecard.result(criterion_id)
        got = _verdict(result)
        if got != expected:
            detail = f" ({result.detail})" if result.detail else ""
            mismatches.append(f"{criterion_id} : attendu {VERDICTS[expected]}, obtenu {VERDICTS[got]}{detail}")
    return ExampleResult(example, path, scorecard, tuple(mismatches))


@dataclass(frozen=True)
class FileResults:
    """One scenario file: its problems if it is invalid, else the result of each example (and a
    warning when it has none: nothing proves it)."""

    path: str
    scenario: Scenario | None
    problems: tuple[Problem, ...] = ()
    results: tuple[ExampleResult, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems and all(r.passed for r in self.results)

    @property
    def warnings(self) -> list[Problem]:
        return no_example_warnings(self.scenario) if self.scenario is not None else []

    def as_dict(self) -> dict:
        return {"fichier": self.path, "scenario": self.scenario.id if self.scenario else None,
                "problemes": [str(p) for p in self.problems], "avertissements": [str(w) for w in self.warnings],
                "sans_exemple": bool(self.warnings), "exemples": [r.as_dict() for r in self.results]}


def check_file(path: str | Path) -> FileResults:
    scenario, problems = scenario_problems(path)
    if scenario is None:
        return FileResults(str(path), None, tuple(problems))
    rubric = find_rubric(scenario.rubric)
    return FileResults(str(path), scenario, (), tuple(run_example(scenario, e, rubric) for e in scenario.examples))


def example_files(targets: list[str | Path]) -> list[Path]:
    """Scenario files from paths, folders or scenario ids; none given: every shipped scenario."""
    if not targets:
        return scenario_files()
    shipped = {p.stem: p for p in scenario_files()}
    files: list[Path] = []
    for target in map(Path, targets):
        if target.is_dir():
            files += sorted(p for p in target.glob("*.y*ml") if p.name != "intentions.yaml")
        elif target.is_file():
            files.append(target)
        elif str(target) in shipped:
            files.append(shipped[str(target)])
        else:
            raise NotFoundError(f"scénario introuvable : {target} (fichier, dossier ou identifiant)")
    return files
