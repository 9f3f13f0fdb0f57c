"""The session store. Every event is committed as it happens, so a crash loses at most the turn
in progress; a session is created `interrupted` and only becomes `completed` when it ends normally.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (Boolean, Column, Float, ForeignKey, Integer, MetaData, String, Table, Text, create_engine,
                        event, insert, select, update)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from simulator import paths
from simulator.errors import AccueilError, NotFoundError
from simulator.events import Event, from_record, to_record
from simulator.text.normalize import strip_accents
from simulator.transcript.model import CallContext, CallerFacts, Transcript

COMPLETED, INTERRUPTED = "completed", "interrupted"

metadata = MetaData()
sessions = Table(
    "sessions", metadata,
    Column("id", String(80), primary_key=True),
    Column("trainee", String(200), nullable=False, index=True),
    Column("scenario_id", String(200), index=True),
    Column("rubric_id", String(200), nullable=False),
    Column("mode", String(20), nullable=False),
    Column("seed", Integer),
    Column("started_at", String(40), nullable=False, index=True),
    Column("ended_at", String(40)),
    Column("status", String(20), nullable=False),
    Column("score", Integer),
    Column("context", Text, nullable=False),
)
events = Table(
    "events", metadata,
    Column("session_id", String(80), ForeignKey("sessions.id"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("t", Float),
    Column("kind", String(20), nullable=False),
    Column("data", Text, nullable=False),
)
results = Table(
    "results", metadata,
    Column("session_id", String(80), ForeignKey("sessions.id"), primary_key=True),
    Column("criterion_id", String(40), primary_key=True),
    Column("applicable", Boolean, nullable=False),
    Column("passed", Boolean),
    Column("detail", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("feedback", Text, nullable=False),
)


@dataclass(frozen=True)
class SessionInfo:
    id: str
    trainee: str
    scenario_id: str | None
    rubric_id: str
    mode: str
    started_at: str
    ended_at: str | None
    status: str
    score: int | None
    directory: Path

    def as_dict(self) -> dict:
        data = asdict(self)
        data["directory"] = str(self.directory)
        return data


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")[:20] or "x"


def _context_from(data: str) -> CallContext:
    raw = json.loads(data)
    caller = CallerFacts(**raw["caller"]) if raw.get("caller") else None
    return CallContext(organisation=raw["organisation"], trainee=raw["trainee"], scenario_id=raw.get("scenario_id"),
                       organisation_aliases=tuple(raw.get("organisation_aliases", ())), caller=caller,
                       expected=tuple(raw.get("expected", ())))


class SessionStore:
    def __init__(self, data_dir: Path | None = None, url: str | None = None):
        self.data_dir = Path(data_dir) if data_dir else paths.data_dir()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AccueilError(f"dossier de données inutilisable : {self.data_dir} ({exc.strerror})") from None
        self.url = url or f"sqlite:///{self.data_dir / 'accueil.db'}"
        self.engine = self._engine(self.url)
        try:
            metadata.create_all(self.engine)
        except SQLAlchemyError as exc:
            raise AccueilError(f"base de données inutilisable ({self.url}) : {exc.__class__.__name__}") from None

    @staticmethod
    def _engine(url: str) -> Engine:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            @event.listens_for(engine, "connect")
            def _pragmas(connection, _record):  # WAL: readers never block the recording writer
                cursor = connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA busy_timeout=10000")
                cursor.close()
        return engine

    def session_dir(self, session_id: str) -> Path:
        return self.data_dir / "sessions" / session_id

    # -- writing ------------------------------------------------------------------------------

    def create(self, context: CallContext, rubric_id: str, mode: str, seed: int | None = None) -> SessionInfo:
        started = _now()
        session_id = (f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{_slug(context.trainee)}-"
                      f"{secrets.token_hex(2)}")
        self.session_dir(session_id).mkdir(parents=True, exist_ok=True)
        with self.engine.begin() as db:
            db.execute(insert(sessions).values(
                id=session_id, trainee=context.trainee, scenario_id=context.scenario_id, rubric_id=rubric_id,
                mode=mode, seed=seed, started_at=started, status=INTERRUPTED,
                context=json.dumps(asdict(context), ensure_ascii=False)))
        return self.get(session_id)

    def append(self, session_id: str, seq: int, event: Event) -> None:
        record = to_record(event)
        with self.engine.begin() as db:
            db.execute(insert(events).values(session_id=session_id, seq=seq, t=event.t, kind=event.kind,
                                             data=json.dumps(record, ensure_ascii=False)))

    def finish(self, session_id: str, scorecard, status: str = COMPLETED) -> None:
        with self.engine.begin() as db:
            db.execute(results.delete().where(results.c.session_id == session_id))
            for r in scorecard.results:
                db.execute(insert(results).values(
                    session_id=session_id, criterion_id=r.id, applicable=r.applicable,
                    passed=r.passed if r.applicable else None, detail=r.detail,
                    evidence=json.dumps([e.as_dict() for e in r.evidence], ensure_ascii=False),
                    feedback=r.feedback))
            db.execute(update(sessions).where(sessions.c.id == session_id)
                       .values(status=status, score=scorecard.score, ended_at=_now()))

    # -- reading ------------------------------------------------------------------------------

    def _info(self, row) -> SessionInfo:
        return SessionInfo(id=row.id, trainee=row.trainee, scenario_id=row.scenario_id, rubric_id=row.rubric_id,
                           mode=row.mode, started_at=row.started_at, ended_at=row.ended_at, status=row.status,
                           score=row.score, directory=self.session_dir(row.id))

    def get(self, session_id: str) -> SessionInfo:
        with self.engine.connect() as db:
            row = db.execute(select(sessions).where(sessions.c.id == session_id)).first()
        if row is None:
            raise NotFoundError(f"séance « {session_id} » introuvable (accueil sessions les liste)")
        return self._info(row)

    def list(self) -> list[SessionInfo]:
        with self.engine.connect() as db:
            rows = db.execute(select(sessions).order_by(sessions.c.started_at.desc(), sessions.c.id.desc())).all()
        return [self._info(r) for r in rows]

    def transcript(self, session_id: str) -> Transcript:
        with self.engine.connect() as db:
            row = db.execute(select(sessions.c.context).where(sessions.c.id == session_id)).first()
            if row is None:
                raise NotFoundError(f"séance « {session_id} » introuvable (accueil sessions les liste)")
            rows = db.execute(select(events.c.data).where(events.c.session_id == session_id)
                              .order_by(events.c.seq)).all()
        return Transcript(_context_from(row.context), tuple(from_record(json.loads(r.data)) for r in rows))

    def exists(self, session_id: str) -> bool:
        with self.engine.connect() as db:
            return db.execute(select(sessions.c.id).where(sessions.c.id == session_id)).first() is not None
