"""What the dashboard shows, read from the store: each session re-scored with the current rubric and
vocabulary (as `accueil show` does), with the trainers' overrides applied beside the machine's verdicts.

Re-scoring takes about 10 ms a session, so `Assessments` keeps each session's result while the
session and the rubric and scenario files it was scored with are unchanged. The session's change
counter (`revision`, raised by every write in the same transaction) tells what changed, whichever
process wrote it: a trainee recording now, another workstation adding a review.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable

from simulator import paths
from simulator.errors import AccueilError, NotFoundError
from simulator.events import CallerSaid, TraineeSaid
from simulator.filecache import stamp
from simulator.records import status_label
from simulator.scenario.loader import find_scenario
from simulator.session import rescore
from simulator.store import SessionInfo, SessionStore
from simulator.trainer.assessment import Assessment, assess
from simulator.transcript.model import Transcript


def scoring_files(info: SessionInfo, store: SessionStore | None = None) -> tuple | str:
    """What the session is scored with: the rubric and vocabulary objects, which the file caches
    replace when their files change (so `is` tells whether they changed), or why there are none."""
    try:
        files = rescore.scoring_files(info, store)
    except AccueilError as exc:
        return exc.format_message()
    return files.rubric, files.lexicon, files.notes


def _same(a: tuple | str, b: tuple | str) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return all(x is y for x, y in zip(a[:2], b[:2])) and a[2:] == b[2:]  # the same objects, the same notes


@dataclass(frozen=True)
class _Entry:
    revision: int
    files: tuple | str
    assessment: Assessment


def scenario_title(scenario_id: str | None) -> str:
    if not scenario_id:
        return "Dialogue libre"
    try:
        return find_scenario(scenario_id).title
    except AccueilError:
        return scenario_id


@dataclass(frozen=True)
class Snapshot:
    """Every session at one moment, most recent first; a new snapshot when any session changes."""

    assessments: tuple[Assessment, ...]

    @cached_property
    def trainees(self) -> list[str]:
        return sorted({a.info.trainee for a in self.assessments}, key=str.casefold)

    @cached_property
    def scenarios(self) -> list[str]:
        return sorted({a.info.scenario_id for a in self.assessments if a.info.scenario_id})

    @cached_property
    def titles(self) -> dict[str, str]:
        """Each scenario's title (a changed scenario file re-scores its sessions: a new snapshot)."""
        return {s: scenario_title(s) for s in self.scenarios}


@dataclass
class Progress:
    done: int = 0
    total: int = 0

    @property
    def left(self) -> int:
        return self.total - self.done


def _folders_stamp():
    """The stamps of the rubric and scenario files: a quick look (about 0.2 ms) that tells whether
    to ask each session's rubric and scenario whether it changed (0.15 ms per scenario)."""
    return stamp(sorted([*paths.rubrics_dir().glob("*.yaml"), *paths.scenarios_dir().glob("*.yaml")]))


class Assessments:
    """Every session's Assessment, kept while the session and its scoring files are unchanged.

    A page asking for every session costs two cheap looks when nothing changed: the store's change
    mark and the scoring files' stamps. A few changed sessions are scored again while the page
    waits; many (at start, or after a rubric edit) are scored by `warm` in the background, while
    `current` answers None and `progress` says how far it is. `one` scores a session on demand."""

    INLINE = 20  # at most this many sessions are scored while a page waits

    def __init__(self, store: SessionStore):
        self.store = store
        self.progress = Progress()
        self._entries: dict[str, _Entry] = {}
        self._seen: tuple = (None, None)  # change mark and files' stamps the entries are up to date with
        self._snapshot = Snapshot(())
        self._changed = False  # entries changed since the snapshot was taken
        self._lock = threading.Lock()  # guards _entries, _snapshot and _changed
        self._warming = threading.Lock()  # held while many sessions are being scored

    @property
    def warming(self) -> bool:
        return self._warming.locked()

    def one(self, session_id: str) -> Assessment | None:
        """The session up to date, or None if there is no such session."""
        revision = self.store.revision(session_id)
        if revision is None:
            return None
        entry = self._entries.get(session_id)
        if entry is not None and entry.revision == revision and _same(entry.files,
                                                                      scoring_files(entry.assessment.info, self.store)):
            return entry.assessment
        return self._score(session_id, revision)

    def current(self) -> Snapshot | None:
        """Every session up to date; None while many are being scored in the background."""
        if self.warming:
            return None
        stale, seen = self._stale()
        if len(stale) > self.INLINE:
            if self._warming.acquire(blocking=False):
                threading.Thread(target=self._warm_in_background, name="accueil-warm-up", daemon=True).start()
            return None
        self._catch_up(stale, seen)
        with self._lock:
            if self._changed:
                ordered = sorted((e.assessment for e in self._entries.values()),
                                 key=lambda a: (a.info.started_at, a.info.id), reverse=True)
                self._snapshot = Snapshot(tuple(ordered))
                self._changed = False
            return self._snapshot

    def warm(self, report: Callable[[Progress], None] | None = None) -> Progress:
        """Score every session not up to date (the dashboard's start); `report` sees the progress."""
        with self._warming:
            return self._warm_locked(report, release=False)

    def _warm_in_background(self) -> None:
        try:
            self._warm_locked()
        except AccueilError:
            pass  # the database lost meanwhile: the next page says so, and asks again

    def _warm_locked(self, report: Callable[[Progress], None] | None = None, release: bool = True) -> Progress:
        try:
            stale, seen = self._stale()
            self.progress = Progress(0, len(stale))
            if report:
                report(self.progress)
            self._catch_up(stale, seen, self.progress, report)
            # What was just scored lives as long as the server: keep the cyclic collector from
            # walking it again and again (a full pass over 2,000 sessions stalled every request
            # for 0.2 to 0.35 s, once every few seconds under load).
            gc.collect()
            gc.freeze()
            return self.progress
        finally:
            if release:
                self._warming.release()

    def _catch_up(self, stale: dict[str, int], seen: tuple, progress: Progress | None = None,
                  report: Callable[[Progress], None] | None = None) -> None:
        # Most recent first (ids start with the date): the sessions a trainer opens first are ready first.
        for session_id in sorted(stale, reverse=True):
            self._score(session_id, stale[session_id])
            if progress:
                progress.done += 1
                if report:
                    report(progress)
        self._seen = seen  # only once every stale session is scored

    def _stale(self) -> tuple[dict[str, int], tuple]:
        """Sessions whose entry is missing or out of date, with their revision, and what the
        entries are up to date with once those are scored. Forgets sessions no longer stored."""
        seen = (self.store.change_mark(), _folders_stamp())  # first: what is read next is at least as recent
        if seen == self._seen:
            return {}, seen
        files_changed = seen[1] != self._seen[1]
        revisions = self.store.revisions()
        files: dict[tuple, tuple | str] = {}
        stale = {}
        for session_id, revision in revisions.items():
            entry = self._entries.get(session_id)
            if entry is not None and entry.revision == revision:
                if not files_changed:
                    continue
                info = entry.assessment.info
                key = (info.rubric_id, info.scenario_id, info.rubric_hash, info.scenario_hash)
                if key not in files:
                    files[key] = scoring_files(info, self.store)
                if _same(entry.files, files[key]):
                    continue
            stale[session_id] = revision
        with self._lock:
            for session_id in self._entries.keys() - revisions.keys():
                del self._entries[session_id]
                self._changed = True
        return stale, seen

    def _score(self, session_id: str, revision: int) -> Assessment | None:
        try:
            info = self.store.get(session_id)
        except NotFoundError:  # deleted meanwhile
            return None
        files = scoring_files(info, self.store)  # before scoring: a file changed meanwhile means scoring again
        assessment = assess(self.store, info)
        with self._lock:
            self._entries[session_id] = _Entry(revision, files, assessment)
            self._changed = True
        return assessment


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
    """One row per session and criterion, for the CSV and JSON exports (French column names), as
    programs read them: ISO 8601 dates, numbers, the status's code with its French label."""
    rows = []
    titles: dict[str | None, str] = {}
    for a in assessments:
        scenario = a.info.scenario_id
        if scenario not in titles:
            titles[scenario] = scenario_title(scenario)
        for row in a.rows:
            m, o = row.machine, row.override
            rows.append({
                "seance": a.info.id, "stagiaire": a.info.trainee, "scenario": scenario or "",
                "titre_scenario": titles[scenario], "date": a.info.started_at, "statut": a.info.status,
                "statut_libelle": status_label(a.info.status), "note_machine": a.machine_score,
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
