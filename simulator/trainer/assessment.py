"""A recorded session as a trainer sees it: re-scored with the current rubric and vocabulary (as
`accueil show` does), the trainers' overrides in place beside the machine's verdicts, its timeline
and its recording. One `Assessment` serves the terminal replay, the report and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from simulator.errors import AccueilError
from simulator.records import RECORDING
from simulator.scoring import Scorecard
from simulator.scoring.review import Override, ReviewedResult, reviewed
from simulator.session.rescore import scored
from simulator.store import SessionInfo, SessionStore
from simulator.trainer.timeline import Timeline, build_timeline
from simulator.transcript.model import Transcript


@dataclass(frozen=True)
class Assessment:
    """One stored session, assessed. `machine` and `final` are None when its rubric or scenario is
    gone and nothing can be scored (`problem` says why)."""

    info: SessionInfo
    transcript: Transcript
    machine: Scorecard | None  # the machine's verdicts
    final: Scorecard | None  # the verdicts that count: the trainers' where they overrode
    rows: tuple[ReviewedResult, ...]
    overrides: dict[str, Override]
    problem: str = ""
    notes: tuple[str, ...] = ()  # about the files it was scored with (a draft's copy, a changed scenario)
    # What pages derive from it, kept with it: an assessment never changes, a changed session gets
    # a new one. Rendering is most of a page's time.
    views: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def score(self) -> int | None:
        return self.final.score if self.final else self.info.score

    @cached_property
    def machine_score(self) -> int | None:
        return self.machine.score if self.machine else self.info.score

    @cached_property
    def duration(self) -> float | None:
        return self.transcript.last_moment

    @property
    def started(self) -> datetime:
        return datetime.fromisoformat(self.info.started_at)

    @cached_property
    def timeline(self) -> Timeline:
        return build_timeline(self.transcript, list(self.rows))

    @property
    def recording(self) -> Path | None:
        path = self.info.directory / RECORDING
        return path if path.is_file() and path.stat().st_size > 44 else None  # more than a WAV header


def assess(store: SessionStore, info: SessionInfo, *, strict: bool = False) -> Assessment:
    """The session assessed; with `strict`, a session that cannot be scored raises why."""
    transcript = store.transcript(info.id)
    overrides = store.overrides(info.id)
    try:
        machine, notes = scored(info, transcript, store)
    except AccueilError as exc:
        if strict:
            raise
        return Assessment(info, transcript, None, None, (), overrides, exc.format_message())
    final, rows = reviewed(machine, overrides)
    return Assessment(info, transcript, machine, final, tuple(rows), overrides, notes=notes)


def assessed(store: SessionStore, session_id: str) -> Assessment:
    """The stored session `session_id`, scored (raises when it is unknown or cannot be scored)."""
    return assess(store, store.get(session_id), strict=True)
