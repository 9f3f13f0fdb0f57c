"""Record a session as it happens: each event goes to the store and to the session's transcript file.

While it records, the process holds a lock on the session's folder (`en-cours.lock`). The kernel
releases it however the process ends, even killed: a session never finished whose lock is free is
dead (`recovery` finishes it), one whose lock is held is being recorded right now, perhaps on
another workstation sharing the data folder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from simulator.events import Event
from simulator.files import write_failure
from simulator.records import LOCK_FILE, SCORECARD, TRANSCRIPT
from simulator.store.sessions import COMPLETED, SessionInfo, SessionStore, StoreError
from simulator.transcript.dialogue import format_event, format_headers
from simulator.transcript.model import CallContext, Transcript

if TYPE_CHECKING:  # types only: opening the store (recovery) needs no scenario or rubric
    from simulator.scenario.model import Scenario
    from simulator.scoring.rubric import Rubric
    from simulator.scoring.scorer import Scorecard



class SessionLock:
    """An exclusive `flock` on a session's folder, held by the process recording it."""

    def __init__(self, file: IO):
        self._file: IO | None = file

    @classmethod
    def take(cls, directory: Path) -> SessionLock | None:
        """The lock, or None if someone holds it. Raises OSError if the folder cannot be locked
        (some network shares): then nobody can tell whether the session is alive."""
        file = open(directory / LOCK_FILE, "a")  # noqa: SIM115 - open as long as the lock is held
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            return None
        except BaseException:
            file.close()
            raise
        return cls(file)

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing the file releases the lock
            self._file = None


def write_scorecard(directory: Path, scorecard: Scorecard) -> None:
    path = directory / SCORECARD
    try:
        path.write_text(json.dumps(scorecard.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        raise StoreError(write_failure(path, exc)) from None


@contextlib.contextmanager
def _ctrl_c_deferred() -> Iterator[None]:
    """Ctrl-C during the block takes effect at its end: an event is then in the store, in memory
    and in the transcript file, or in none (half recorded, the next event would reuse its seq)."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals only reach the main thread
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and callable(previous):
        previous(signal.SIGINT, None)


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
    def __init__(self, store: SessionStore, context: CallContext, rubric_id: str, mode: str, seed: int | None,
                 played_with: tuple[Path | None, Path | None] = (None, None)):
        super().__init__(context)
        self.store = store
        session_id = store.claim_session_dir(context.trainee)  # its own: no one else holds the lock below
        directory = store.session_dir(session_id)
        try:
            # Locked before the session exists for others: no one can take it for dead.
            self.lock = SessionLock.take(directory)
        except OSError as exc:
            if exc.errno != errno.ENOLCK:
                raise StoreError(write_failure(directory, exc)) from None
            self.lock = None  # a folder without locks (some network shares): recorded, never recovered
        try:
            self.info: SessionInfo = store.create(context, rubric_id, mode, seed, session_id=session_id,
                                                  played_with=played_with)
        except StoreError:  # nothing recorded: leave nothing behind
            if self.lock is not None:
                self.lock.release()
            shutil.rmtree(directory, ignore_errors=True)
            raise
        self.transcript_path: Path = self.info.directory / TRANSCRIPT
        self._append_text(format_headers(context))

    @classmethod
    def playing(cls, store: SessionStore, scenario: Scenario, rubric: Rubric, trainee: str, mode: str,
                seed: int | None) -> Recorder:
        """A session of `trainee` playing `scenario`, with a copy of the scenario and rubric files."""
        return cls(store, scenario.context(trainee), rubric.id, mode, seed,
                   played_with=(Path(scenario.path) if scenario.path else None,
                                Path(rubric.path) if rubric.path else None))

    def record(self, event: Event) -> None:
        line = format_event(event) + "\n"
        with _ctrl_c_deferred():
            try:
                self.store.append(self.info.id, len(self.events), event)
            except StoreError:
                with contextlib.suppress(StoreError):
                    self._append_text(line)  # the transcript file keeps every line it can
                raise
            super().record(event)
            self._append_text(line)

    def finish(self, scorecard: Scorecard, status: str = COMPLETED) -> None:
        """Finished in the store last: if anything fails, the next start recovers the session."""
        try:
            write_scorecard(self.info.directory, scorecard)
            self.store.finish(self.info.id, scorecard, status)
        finally:
            if self.lock is not None:
                self.lock.release()

    def _append_text(self, text: str) -> None:
        try:
            with self.transcript_path.open("a", encoding="utf-8") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            raise StoreError(write_failure(self.transcript_path, exc)) from None
