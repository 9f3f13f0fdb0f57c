"""One harness for scripted calls on the shipped scenarios: the loop of `accueil play --script`
(ScriptInput, Call, VirtualClock), recorded in memory, shown nowhere."""

from __future__ import annotations

from pathlib import Path

from simulator.engine import CallRuntime
from simulator.events import CallerSaid
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric
from simulator.session.call import Call, NoDisplay
from simulator.session.inputs import ScriptInput, VirtualClock
from simulator.session.recorder import MemoryRecorder

REUSSI, ECHOUE, SANS_OBJET = "reussi", "echoue", "sans_objet"


class ScriptedCall:
    """A whole call played from `script` (the trainee's lines and /commands) with caller variants
    drawn by `seed`: where it went, what the caller said, how it scored."""

    def __init__(self, scenario_id: str, script: str, seed: int, folder: Path, trainee: str = "Camille"):
        path = folder / f"{scenario_id}-{seed}.txt"
        path.write_text(script, encoding="utf-8")
        self.scenario = find_scenario(scenario_id)
        self.runtime = CallRuntime(self.scenario, seed=seed)
        self.recorder = MemoryRecorder(self.scenario.context(trainee))
        self.card = Call(self.scenario, find_rubric(self.scenario.rubric), self.runtime, self.recorder,
                         ScriptInput(path), VirtualClock(), NoDisplay()).run()
        assert self.runtime.finished
        self.path = list(self.runtime.path)
        self.caller = [e.text for e in self.recorder.events if isinstance(e, CallerSaid)]

    @property
    def end(self) -> str:
        return self.runtime.state

    @property
    def score(self) -> int:
        return self.card.score

    @property
    def verdicts(self) -> dict[str, str]:
        """Each criterion as the scenarios' `exemples:` write it: reussi, echoue or sans_objet."""
        return {r.id: SANS_OBJET if not r.applicable else REUSSI if r.passed else ECHOUE for r in self.card.results}

    def verdict(self, criterion: str) -> bool | None:
        result = self.card.result(criterion)
        return result.passed if result.applicable else None

    def failures(self) -> list[tuple[str, str]]:
        return [(r.id, r.detail) for r in self.card.results if r.applicable and not r.passed]

    def said(self, fragment: str) -> bool:
        """Whether a line of the caller holds `fragment`."""
        return any(fragment in line for line in self.caller)
