"""Trainees' competencies of the référentiel, from their reviewed sessions: the grid a trainer files
for the certification, each code « acquis », « en cours d'acquisition », « non acquis » or « non
évalué », with the sessions that prove it.

How sessions count (the numbers are the rubric's `acquisition:` rule, simulator.scoring.acquisition):

- Only completed sessions that could be scored count, as for the training path: a call cut short is
  no evidence. Their verdicts are the reviewed ones (`Assessment.final`): a trainer's override wins
  over the machine's verdict.
- A code is reached by every criterion whose `references` name it. A session *applies* to a code
  when at least one of those criteria applied, and *passes* it when every one of those that applied
  passed (T22.1 is reached by the identification and the rephrasing: a call passes it when both
  pass). A session where none applied is « sans objet » for the code and does not count.
- The window is the last `fenetre` sessions that applied to the code. Acquis: passed in at least
  `reussites` of them, one of those on a scenario of difficulty `difficulte_min` or more (a free
  dialogue or a scenario gone has no known difficulty: it does not meet that condition). En cours
  d'acquisition: passed at least once in the window. Non acquis: applied, never passed. Non évalué:
  no session applied.
- A level a trainer sets by hand (the store's ManualLevel, with who, when and why) is the one the
  grid retains; the computed level and its sessions stay beside it. A trainer can go back to the
  computed level; every manual level stays in the history.

Pure functions: the store is read by simulator.trainer.grid."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from simulator.scoring import CriterionResult, Rubric
from simulator.scoring.acquisition import AcquisitionRule
from simulator.store import ManualLevel, Membership
from simulator.store.sessions import COMPLETED, trainee_key
from simulator.trainer.assessment import Assessment


class Level(Enum):
    ACQUIRED = "acquis"
    IN_PROGRESS = "en-cours"
    NOT_ACQUIRED = "non-acquis"
    NOT_ASSESSED = "non-evalue"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {Level.ACQUIRED: "acquis", Level.IN_PROGRESS: "en cours d'acquisition",
          Level.NOT_ACQUIRED: "non acquis", Level.NOT_ASSESSED: "non évalué"}
MANUAL = (Level.ACQUIRED, Level.IN_PROGRESS, Level.NOT_ACQUIRED)  # what a trainer may set by hand


@dataclass(frozen=True)
class Played:
    """One session as the rule reads it."""

    session_id: str
    trainee: str
    scenario_id: str | None
    started_at: str  # ISO 8601 with its offset
    difficulty: int | None  # the scenario's; None: a free dialogue, or a scenario gone
    results: tuple[CriterionResult, ...]  # the verdicts that count: the trainers' where they overrode


def played(assessment: Assessment, difficulty: int | None) -> Played | None:
    """The session as evidence, or None when it is none (cut short, or it could not be scored)."""
    if assessment.info.status != COMPLETED or assessment.final is None:
        return None
    info = assessment.info
    return Played(info.id, info.trainee, info.scenario_id, info.started_at, difficulty, assessment.final.results)


def outcome(session: Played, code: str) -> bool | None:
    """Whether the session passes the code; None when it does not apply (« sans objet »)."""
    applied = [r for r in session.results if r.applicable and code in r.criterion.references]
    return all(r.passed for r in applied) if applied else None


@dataclass(frozen=True)
class Proof:
    """A session of the window: what it says of the code."""

    session_id: str
    started_at: str
    difficulty: int | None
    passed: bool


@dataclass(frozen=True)
class Competency:
    code: str
    computed: Level
    proofs: tuple[Proof, ...]  # the window, most recent first
    manual: ManualLevel | None = None  # a trainer's level, when one stands

    @property
    def level(self) -> Level:
        """The level retained: the trainer's when there is one."""
        return Level(self.manual.level) if self.manual else self.computed

    @property
    def latest(self) -> str | None:
        """When the most recent session of the window started."""
        return self.proofs[0].started_at if self.proofs else None


def _moment(started_at: str) -> datetime:
    return datetime.fromisoformat(started_at)


def computed_level(proofs: Sequence[Proof], rule: AcquisitionRule) -> Level:
    passed = [p for p in proofs if p.passed]
    if not proofs:
        return Level.NOT_ASSESSED
    if len(passed) >= rule.successes and any((p.difficulty or 0) >= rule.min_difficulty for p in passed):
        return Level.ACQUIRED
    return Level.IN_PROGRESS if passed else Level.NOT_ACQUIRED


def competency(history: Iterable[Played], code: str, rule: AcquisitionRule,
               manual: ManualLevel | None = None) -> Competency:
    """One code for one trainee: `history`, their sessions (any order); `manual`, the latest level a
    trainer set for it (one going back to the computed level is no level)."""
    applied = [(s, passed) for s in history if (passed := outcome(s, code)) is not None]
    applied.sort(key=lambda pair: (_moment(pair[0].started_at), pair[0].session_id), reverse=True)
    proofs = tuple(Proof(s.session_id, s.started_at, s.difficulty, passed) for s, passed in applied[:rule.window])
    return Competency(code, computed_level(proofs, rule), proofs, manual if manual and manual.level else None)


def _code_order(code: str) -> tuple:
    """C111.1 < C221.1 < CP122.1 < T22.1: letters, then the numbers as numbers."""
    letters, numbers = re.match(r"([A-Z]*)(.*)", code).groups()
    return letters, tuple(int(n) for n in re.findall(r"\d+", numbers))


def rubric_codes(rubric: Rubric) -> dict[str, tuple[str, ...]]:
    """Each référentiel code the rubric's criteria reach, in the référentiel's order, with the labels
    of the criteria that reach it."""
    codes: dict[str, list[str]] = {}
    for criterion in rubric.criteria:
        for code in criterion.references:
            codes.setdefault(code, []).append(criterion.label)
    return {code: tuple(codes[code]) for code in sorted(codes, key=_code_order)}


@dataclass(frozen=True)
class TraineeRow:
    trainee: str
    group: str | None
    competencies: tuple[Competency, ...]  # in the grid's code order
    sessions: tuple[Played, ...]  # those that count as evidence, oldest first

    @property
    def cited(self) -> tuple[Played, ...]:
        """The sessions some competency's window holds, oldest first: those a grid lists."""
        shown = {p.session_id for c in self.competencies for p in c.proofs}
        return tuple(s for s in self.sessions if s.session_id in shown)


@dataclass(frozen=True)
class Grid:
    """Trainees × competencies."""

    rubric: Rubric
    codes: dict[str, tuple[str, ...]]  # code -> labels of the criteria that reach it
    rows: tuple[TraineeRow, ...]

    @property
    def rule(self) -> AcquisitionRule:
        return self.rubric.acquisition


def build_grid(trainees: Sequence[str], assessments: Iterable[Assessment], rubric: Rubric,
               difficulties: Mapping[str | None, int | None], memberships: Mapping[str, Membership] = {},
               manual_levels: Iterable[ManualLevel] = ()) -> Grid:
    """The grid of `trainees` (names; their sessions found by trainee_key) with the rubric's codes and
    rule; `difficulties`, by scenario id; `memberships`, by trainee_key (the store's); the latest
    manual level per trainee and code (the store's `manual_levels`)."""
    histories: dict[str, list[Played]] = {}
    for assessment in assessments:
        session = played(assessment, difficulties.get(assessment.info.scenario_id))
        if session is not None:
            histories.setdefault(trainee_key(session.trainee), []).append(session)
    manual = {(trainee_key(m.trainee), m.code): m for m in manual_levels}
    codes = rubric_codes(rubric)
    rows = []
    for name in trainees:
        key = trainee_key(name)
        history = sorted(histories.get(key, []), key=lambda s: (_moment(s.started_at), s.session_id))
        member = memberships.get(key)
        rows.append(TraineeRow(name, member.group if member else None,
                               tuple(competency(history, code, rubric.acquisition, manual.get((key, code)))
                                     for code in codes), tuple(history)))
    return Grid(rubric, codes, tuple(rows))
