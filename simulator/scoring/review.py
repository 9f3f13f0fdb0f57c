"""A trainer's review of the machine's verdicts: overrides, the reviewed scorecard, agreement.

The machine's verdict is never replaced: an override sits beside it, with who decided, when and
why, and the score shown uses the override. Agreement between the machine and the trainers is
measured on the overridden and the confirmed verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable

from simulator.scoring.scorer import CriterionResult, Scorecard


@dataclass(frozen=True)
class Override:
    session_id: str
    criterion_id: str
    passed: bool  # the trainer's verdict
    machine_passed: bool | None  # the machine's verdict at the time (None: it judged « sans objet »)
    comment: str
    author: str
    at: str  # ISO 8601, UTC

    def as_dict(self) -> dict:
        return {"session": self.session_id, "criterion": self.criterion_id, "passed": self.passed,
                "machine_passed": self.machine_passed, "comment": self.comment, "author": self.author, "at": self.at}


@dataclass(frozen=True)
class ReviewedResult:
    machine: CriterionResult
    override: Override | None = None

    @property
    def result(self) -> CriterionResult:
        """The verdict that counts: the trainer's when there is one."""
        if self.override is None:
            return self.machine
        return replace(self.machine, applicable=True, passed=self.override.passed)


def reviewed(scorecard: Scorecard, overrides: dict[str, Override]) -> tuple[Scorecard, list[ReviewedResult]]:
    """The scorecard with the trainers' verdicts in place, and each criterion's machine verdict
    beside its override."""
    rows = [ReviewedResult(r, overrides.get(r.id)) for r in scorecard.results]
    return Scorecard(scorecard.rubric_id, tuple(row.result for row in rows)), rows


@dataclass(frozen=True)
class Agreement:
    criterion_id: str
    reviewed: int  # verdicts a trainer looked at and overrode
    disagreed: int

    @property
    def rate(self) -> float | None:
        return None if not self.reviewed else 1 - self.disagreed / self.reviewed


def agreement(overrides: Iterable[Override]) -> list[Agreement]:
    """Per criterion: how often the trainers' overrides kept the machine's verdict."""
    counts: dict[str, list[int]] = {}
    for o in overrides:
        seen = counts.setdefault(o.criterion_id, [0, 0])
        seen[0] += 1
        seen[1] += o.machine_passed is None or o.passed != o.machine_passed
    return [Agreement(c, n, d) for c, (n, d) in sorted(counts.items())]
