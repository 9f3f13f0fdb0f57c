"""A recorded session as a trainer sees it: re-scored like `accueil show`, with the trainers'
overrides in place, its timeline and its recording."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from simulator.records import RECORDING
from simulator.scoring import Scorecard
from simulator.scoring.review import Override, ReviewedResult, reviewed
from simulator.session.rescore import machine_scorecard
from simulator.store import SessionInfo, SessionStore
from simulator.trainer.timeline import Timeline, build_timeline
from simulator.transcript.model import Transcript



@dataclass(frozen=True)
class ReviewedSession:
    info: SessionInfo
    transcript: Transcript
    machine: Scorecard  # the machine's verdicts
    scorecard: Scorecard  # the verdicts that count: the trainers' where they overrode
    rows: list[ReviewedResult]
    overrides: dict[str, Override]
    timeline: Timeline

    @property
    def recording(self) -> Path | None:
        path = self.info.directory / RECORDING
        return path if path.is_file() and path.stat().st_size > 44 else None  # more than a WAV header


def load_session(records: SessionStore, session_id: str) -> ReviewedSession:
    info = records.get(session_id)
    transcript = records.transcript(session_id)
    machine = machine_scorecard(info, transcript)
    overrides = records.overrides(session_id)
    scorecard, rows = reviewed(machine, overrides)
    return ReviewedSession(info, transcript, machine, scorecard, rows, overrides, build_timeline(transcript, rows))
