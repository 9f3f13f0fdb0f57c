"""Score a transcript against a rubric: verdict, evidence and feedback per criterion, and a 0-100 score."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scoring.criteria import CHECKS, Evidence
from simulator.scoring.feedback import for_call
from simulator.scoring.rubric import Criterion, Rubric
from simulator.text.lexicon import Lexicon
from simulator.transcript.model import Transcript


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    applicable: bool
    passed: bool
    detail: str
    evidence: tuple[Evidence, ...]

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def feedback(self) -> str:
        if not self.applicable:
            return ""
        return self.criterion.on_pass if self.passed else self.criterion.on_fail

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.criterion.label, "references": list(self.criterion.references),
                "weight": self.criterion.weight, "applicable": self.applicable,
                "passed": self.passed if self.applicable else None, "detail": self.detail,
                "evidence": [e.as_dict() for e in self.evidence], "feedback": self.feedback}


@dataclass(frozen=True)
class Scorecard:
    rubric_id: str
    results: tuple[CriterionResult, ...]

    @property
    def score(self) -> int:
        applicable = [r for r in self.results if r.applicable]
        total = sum(r.criterion.weight for r in applicable)
        if not total:
            return 0
        return round(100 * sum(r.criterion.weight for r in applicable if r.passed) / total)

    def result(self, criterion_id: str) -> CriterionResult:
        return next(r for r in self.results if r.id == criterion_id)

    def as_dict(self) -> dict:
        return {"rubric": self.rubric_id, "criteria": [r.as_dict() for r in self.results], "score": self.score}


def score_transcript(transcript: Transcript, rubric: Rubric, lexicon: Lexicon) -> Scorecard:
    results = []
    for criterion in rubric.criteria:
        verdict = CHECKS[criterion.id](transcript, lexicon, criterion.params)
        criterion = for_call(criterion, transcript.context)  # its feedback in the words of this call
        results.append(CriterionResult(criterion, verdict.applicable, verdict.applicable and verdict.passed,
                                       verdict.detail, verdict.evidence))
    return Scorecard(rubric.id, tuple(results))
