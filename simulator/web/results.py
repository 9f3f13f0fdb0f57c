"""What the dashboard shows, read from the store: each session re-scored with the current rubric and
vocabulary (as `accueil show` does), with the trainers' overrides applied beside the machine's verdicts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

from simulator.errors import AccueilError
from simulator.events import CallerSaid, TraineeSaid
from simulator.scoring import Scorecard
from simulator.scoring.review import ReviewedResult, reviewed
from simulator.store import SessionInfo, SessionStore
from simulator.trainer.session import machine_scorecard
from simulator.transcript.model import Transcript


@dataclass(frozen=True)
class Assessment:
    """One session as the trainer sees it."""

    info: SessionInfo
    transcript: Transcript
    machine: Scorecard | None  # None: the rubric or scenario is gone, nothing can be scored
    final: Scorecard | None  # overrides applied
    rows: tuple[ReviewedResult, ...]
    problem: str = ""

    @property
    def score(self) -> int | None:
        return self.final.score if self.final else self.info.score

    @property
    def machine_score(self) -> int | None:
        return self.machine.score if self.machine else self.info.score

    @property
    def duration(self) -> float | None:
        times = [t for e in self.transcript.events for t in (e.t, getattr(e, "end", None)) if t is not None]
        return max(times) if times else None

    @property
    def started(self) -> datetime:
        return datetime.fromisoformat(self.info.started_at)


def assess(store: SessionStore, info: SessionInfo, overrides=None) -> Assessment:
    transcript = store.transcript(info.id)
    if overrides is None:
        overrides = store.overrides(info.id)
    try:
        machine = machine_scorecard(info, transcript)
    except AccueilError as exc:
        return Assessment(info, transcript, None, None, (), exc.format_message())
    final, rows = reviewed(machine, overrides)
    return Assessment(info, transcript, machine, final, tuple(rows))


def assess_all(store: SessionStore, infos: Iterable[SessionInfo] | None = None) -> list[Assessment]:
    """Every session (most recent first), reading all overrides in one query."""
    by_session: dict[str, dict] = defaultdict(dict)
    for o in store.all_overrides():
        by_session[o.session_id][o.criterion_id] = o
    return [assess(store, info, by_session.get(info.id, {})) for info in (store.list() if infos is None else infos)]


def turn_numbers(transcript: Transcript) -> dict[int, int]:
    """Event index -> 1-based spoken-turn number (the numbering used by evidence)."""
    numbers, n = {}, 0
    for i, event in enumerate(transcript.events):
        if isinstance(event, (CallerSaid, TraineeSaid)):
            n += 1
            numbers[i] = n
    return numbers


@dataclass(frozen=True)
class Rate:
    passed: int = 0
    applicable: int = 0

    @property
    def value(self) -> float | None:
        return self.passed / self.applicable if self.applicable else None

    def add(self, passed: bool) -> "Rate":
        return Rate(self.passed + passed, self.applicable + 1)


def criterion_rates(assessments: Iterable[Assessment]) -> dict[str, Rate]:
    """Per criterion id: how often it passed among the sessions where it applied (reviewed verdicts)."""
    rates: dict[str, Rate] = {}
    for a in assessments:
        for r in a.final.results if a.final else ():
            rates.setdefault(r.id, Rate())
            if r.applicable:
                rates[r.id] = rates[r.id].add(r.passed)
    return rates


def weakest_first(rates: dict[str, Rate]) -> list[str]:
    """Criteria ordered from the lowest pass rate; never-applicable ones last."""
    return sorted(rates, key=lambda c: (rates[c].value is None, rates[c].value or 0.0, c))


def export_rows(assessments: Iterable[Assessment]) -> list[dict]:
    """One row per session and criterion, for the CSV and JSON exports (French column names)."""
    rows = []
    for a in assessments:
        for row in a.rows:
            m, o = row.machine, row.override
            rows.append({
                "seance": a.info.id, "stagiaire": a.info.trainee, "scenario": a.info.scenario_id or "",
                "date": a.info.started_at, "statut": a.info.status, "note_machine": a.machine_score,
                "note_revue": a.score, "critere": m.id, "libelle": m.criterion.label, "poids": m.criterion.weight,
                "verdict_machine": verdict_word(m.applicable, m.passed),
                "verdict_revue": verdict_word(True, o.passed) if o else "",
                "verdict_retenu": verdict_word(row.result.applicable, row.result.passed),
                "detail": m.detail, "commentaire": o.comment if o else "", "auteur": o.author if o else "",
                "date_revue": o.at if o else "",
            })
    return rows


def verdict_word(applicable: bool, passed: bool) -> str:
    return "sans objet" if not applicable else "réussi" if passed else "à revoir"
