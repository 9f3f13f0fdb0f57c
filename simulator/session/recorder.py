"""Record a session as it happens: each event goes to the store and to the session's transcript file."""

from __future__ import annotations

import json
import os
from pathlib import Path

from simulator.events import Event
from simulator.scoring.scorer import Scorecard
from simulator.store.sessions import COMPLETED, SessionInfo, SessionStore
from simulator.transcript.dialogue import format_event, format_headers
from simulator.transcript.model import CallContext, Transcript


class MemoryRecorder:
    """Keeps a call's events in memory only: for calls that are checked, not stored (example calls)."""

    def __init__(self, context: CallContext):
        self.context = context
        self.events: list[Event] = []

    def record(self, event: Event) -> None:
        self.events.append(event)

    def transcript(self) -> Transcript:
        return Transcript(self.context, tuple(self.events))

    def finish(self, scorecard: Scorecard, status: str = COMPLETED) -> None:
        """Nothing to keep: the caller reads the scorecard it was given."""


class Recorder(MemoryRecorder):
    def __init__(self, store: SessionStore, context: CallContext, rubric_id: str, mode: str, seed: int | None):
        super().__init__(context)
        self.store = store
        self.info: SessionInfo = store.create(context, rubric_id, mode, seed)
        self.transcript_path: Path = self.info.directory / "transcript.txt"
        self._append_text(format_headers(context))

    def record(self, event: Event) -> None:
        self.store.append(self.info.id, len(self.events), event)
        super().record(event)
        self._append_text(format_event(event) + "\n")

    def finish(self, scorecard: Scorecard, status: str = COMPLETED) -> None:
        self.store.finish(self.info.id, scorecard, status)
        (self.info.directory / "scorecard.json").write_text(
            json.dumps(scorecard.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")

    def _append_text(self, text: str) -> None:
        with self.transcript_path.open("a", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
