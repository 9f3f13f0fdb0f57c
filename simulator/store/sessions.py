"""The session store. Every event is committed as it happens, so a crash loses at most the turn
in progress; a session is created `interrupted` and only becomes `completed` when it ends normally.

One workstation keeps its sessions in SQLite, `accueil.db` in the data folder. A training centre
with several workstations shares one PostgreSQL database (ACCUEIL_DATABASE_URL=postgresql://...)
*and* one data folder: recordings and transcripts stay in `sessions/<id>/` under the data folder,
and the database stores no path, only the session id (the folder is derived from it). So every
workstation must mount the same shared data folder (NFS, SMB), at any local path. SQLite itself
must not live on such a network share: its locking is not reliable there.

The schema is created and upgraded by the Alembic migrations in `migrations/`, run when the store
opens; a database made before migrations existed is adopted as revision 0001.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from simulator.scoring.review import Override
from sqlalchemy import (URL, Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        create_engine, event, func, insert, inspect, make_url, select, text, update)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import (ArgumentError, DBAPIError, InterfaceError, NoSuchModuleError, OperationalError,
                            SQLAlchemyError)

from simulator import paths
from simulator.errors import AccueilError, InputError, NotFoundError
from simulator.events import Event, from_record, to_record
from simulator.files import write_failure
from simulator.text.normalize import strip_accents
from simulator.transcript.model import CallContext, CallerFacts, Transcript

COMPLETED, INTERRUPTED = "completed", "interrupted"


class StoreError(AccueilError):
    """The sessions could not be written (or read) mid-way: a full disk, a database server gone.
    What was already committed stays; a call cut short this way ends as « interrompue »."""


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
    # Raised by every write to the session, in the same transaction: readers see what changed.
    Column("revision", Integer, nullable=False, server_default="0"),
    Index("ix_sessions_revision", "id", "revision"),  # covers change_mark and revisions
    # The scenario and rubric files the session was played with (snapshots.hash); None before 0004.
    Column("scenario_hash", String(64)),
    Column("rubric_hash", String(64)),
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
trainees = Table(  # what is remembered of a trainee between sessions
    "trainees", metadata,
    Column("key", String(200), primary_key=True),  # the name, case and accents folded (same_trainee)
    Column("name", String(200), nullable=False),
    Column("civility", String(20)),  # « madame », « monsieur », or None: the caller says neither
    Column("updated_at", String(40), nullable=False),
)
snapshots = Table(  # file contents by their SHA-256: the same file played a thousand times is kept once
    "snapshots", metadata,
    Column("hash", String(64), primary_key=True),
    Column("name", String(200), nullable=False),  # the file's name when first kept
    Column("content", Text, nullable=False),
)
overrides = Table(  # added only: the latest row per session and criterion counts
    "overrides", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("session_id", String(80), ForeignKey("sessions.id"), nullable=False, index=True),
    Column("criterion_id", String(40), nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("machine_passed", Boolean),
    Column("comment", Text, nullable=False),
    Column("author", String(200), nullable=False),
    Column("at", String(40), nullable=False),
)
memberships = Table(  # the group (class, training course) each trainee belongs to: one at most
    "memberships", metadata,
    Column("trainee_key", String(200), primary_key=True),  # trainee_key(name)
    Column("trainee", String(200), nullable=False),  # the name as the trainer typed it
    Column("group_name", String(200), nullable=False),
    Column("updated_at", String(40), nullable=False),
)
manual_levels = Table(  # added only, as overrides: the latest row per trainee and code counts
    "manual_levels", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee_key", String(200), nullable=False, index=True),
    Column("trainee", String(200), nullable=False),
    Column("code", String(40), nullable=False),  # a référentiel code (C221.1)
    Column("level", String(20)),  # None: back to the level computed from the sessions
    Column("comment", Text, nullable=False),
    Column("author", String(200), nullable=False),
    Column("at", String(40), nullable=False),
)
xapi_outbox = Table(  # statements for the centre's learning record store (simulator.xapi), until it has them
    "xapi_outbox", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),  # the order they were queued in: sent in it
    Column("id", String(36), nullable=False, unique=True),  # the statement's id: stable, so never queued twice
    Column("session_id", String(80), ForeignKey("sessions.id"), nullable=False, index=True),
    Column("statement", Text, nullable=False),  # the JSON sent, frozen when queued
    Column("created_at", String(40), nullable=False),
    Column("sent_at", String(40), index=True),  # None: still to send
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
)

_MIGRATIONS = Path(__file__).with_name("migrations")
_BASELINE = "0001"  # the schema of databases made before migrations existed
_MIGRATION_LOCK = 0x61636375_65696C  # PostgreSQL advisory lock key: one process migrates at a time
_URL_HELP = "attendu postgresql://utilisateur:mot-de-passe@serveur:5432/base ou sqlite:///chemin/accueil.db"


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
    scenario_hash: str | None = None  # the files it was played with (SessionStore.snapshot)
    rubric_hash: str | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["directory"] = str(self.directory)
        return data


@dataclass(frozen=True)
class Membership:
    trainee: str  # the name as the trainer typed it
    group: str
    at: str


@dataclass(frozen=True)
class Outgoing:
    """A statement waiting in the outbox for the learning record store."""

    id: str
    session_id: str
    statement: str  # JSON text, as it is sent
    attempts: int


@dataclass(frozen=True)
class ManualLevel:
    """A trainer's level for one trainee and one référentiel code, kept beside the computed one."""

    trainee: str
    code: str
    level: str | None  # simulator.trainer.competency's codes; None: back to the computed level
    comment: str
    author: str
    at: str  # ISO 8601, UTC


def _dialect_insert(db: Connection):
    """The INSERT of this database, which knows ON CONFLICT (SQLite and PostgreSQL both do)."""
    if db.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def content_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def trainee_key(name: str) -> str:
    """One trainee whatever the case and accents typed: « Clémence » is « clemence »."""
    return " ".join(strip_accents(name).lower().split())


def _now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", strip_accents(text).lower()).strip("-")[:20] or "x"


def _context_from(data: str) -> CallContext:
    raw = json.loads(data)
    caller = CallerFacts(**raw["caller"]) if raw.get("caller") else None
    return CallContext(organisation=raw["organisation"], trainee=raw["trainee"], scenario_id=raw.get("scenario_id"),
                       organisation_aliases=tuple(raw.get("organisation_aliases", ())), caller=caller,
                       expected=tuple(raw.get("expected", ())), civility=raw.get("civility"),
                       may_interrupt=bool(raw.get("may_interrupt", False)))


def _database_url(raw: str | None, data_dir: Path) -> URL:
    if not raw:
        return URL.create("sqlite", database=str(data_dir / "accueil.db"))
    try:
        url = make_url(raw)
    except ArgumentError:
        raise InputError(f"adresse de base de données invalide : {_URL_HELP}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(f"base de données « {url.get_backend_name()} » non prise en charge : {_URL_HELP}")
    return url


def _store_error(exc: SQLAlchemyError, url: URL) -> StoreError:
    """One French message for a database that fails once open: what happened and what to do."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    kept = "ce qui était déjà enregistré est conservé"
    if url.get_backend_name() == "sqlite":
        where = url.database
        if "full" in reason:  # SQLITE_FULL: « database or disk is full »
            return StoreError(f"base de données : disque plein ({where}) ; libérez de la place, {kept}")
        if "I/O" in reason:
            return StoreError(f"base de données : erreur d'écriture sur le disque ({where} : {reason}) ; "
                              f"disque plein ou défaillant ? {kept}")
        if "locked" in reason or "busy" in reason:
            return StoreError(f"base de données occupée trop longtemps par un autre programme ({where}) ; {kept}")
        return StoreError(f"base de données : écriture impossible ({where} : {reason}) ; {kept}")
    shown = url.render_as_string(hide_password=True)
    if isinstance(exc, (OperationalError, InterfaceError)) or getattr(exc, "connection_invalidated", False):
        return StoreError(f"base de données injoignable ({shown} : {reason}) ; vérifiez que le serveur est "
                          f"démarré et que le réseau fonctionne, {kept}")
    return StoreError(f"base de données : écriture impossible ({shown} : {reason}) ; {kept}")


def _alembic_config(connection: Connection | None) -> Config:
    from alembic.config import Config

    config = Config()  # built here: no alembic.ini to find at run time
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@cache
def _migrations() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None))


# The newest migration (tests/store/test_migrations.py checks it against migrations/): a store that
# is up to date opens without loading Alembic (0.4 s of every command).
SCHEMA_HEAD = "0006"


def _schema_revision(db: Connection) -> str | None:
    """The database's migration revision, read without Alembic (None: no version table)."""
    if not inspect(db).has_table("alembic_version"):
        return None
    return db.execute(text("SELECT version_num FROM alembic_version")).scalar()


_CANDIDATES = 5  # sessions named when a prefix fits several
OPEN_PATIENCE = 15.0  # seconds a store waits for others opening the same database


class SessionStore:
    def __init__(self, data_dir: Path | None = None, url: str | None = None):
        """Sessions in `url`, else ACCUEIL_DATABASE_URL, else SQLite in the data folder; session
        files always in the data folder (shared by every workstation when the database is)."""
        self.data_dir = Path(data_dir) if data_dir else paths.data_dir()
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AccueilError(f"dossier de données inutilisable : {self.data_dir} ({exc.strerror})") from None
        self.url = _database_url(url or paths.database_url(), self.data_dir)
        shown = self.url.render_as_string(hide_password=True)
        try:
            self.engine = self._engine(self.url)
            # Writes take the write lock up front: see _engine.
            self._writer = self.engine.execution_options(accueil_writer=True)
            self._open()
        except (NoSuchModuleError, ImportError) as exc:
            raise InputError(f"pilote de base de données indisponible ({shown}) : {exc}") from None
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else exc.__class__.__name__
            raise AccueilError(f"connexion à la base de données impossible ({shown}) : {reason}") from None
        except SQLAlchemyError as exc:
            raise AccueilError(f"base de données inutilisable ({shown}) : {exc.__class__.__name__}") from None
        except UnicodeDecodeError:  # SQLite's own message quotes a schema damaged into invalid UTF-8
            raise AccueilError(f"base de données endommagée ({shown}) : son schéma est illisible ; restaurez une "
                               "sauvegarde") from None

    @staticmethod
    def _engine(url: URL) -> Engine:
        if url.get_backend_name() == "postgresql":
            timeout = {} if "connect_timeout" in url.query else {"connect_timeout": 5}
            return create_engine(url, pool_pre_ping=True, connect_args=timeout)
        engine = create_engine(url)

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record):  # WAL: readers never block the recording writer
            connection.isolation_level = None  # transactions are begun below, not by the driver
            cursor = connection.cursor()
            cursor.execute("PRAGMA busy_timeout=10000")  # first: the next pragma may wait for a lock
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection):
            # A writer that read first cannot wait for the write lock (SQLite answers « locked » at
            # once, whatever busy_timeout says); taking it at BEGIN makes concurrent writers queue.
            immediate = connection.get_execution_options().get("accueil_writer")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        return engine

    def _open(self) -> None:
        """Migrate, waiting out other workstations opening the same new SQLite file: switching it
        to WAL can answer « locked » at once, without waiting for the busy timeout."""
        deadline = time.monotonic() + OPEN_PATIENCE
        while True:
            try:
                return self._migrate()
            except OperationalError as exc:
                if "locked" not in str(exc.orig) or time.monotonic() > deadline:
                    raise
                self.engine.dispose()
                time.sleep(0.05 + random.random() * 0.1)

    def _migrate(self) -> None:
        with self.engine.connect() as db:
            current = _schema_revision(db)
        if current == SCHEMA_HEAD:
            return
        from alembic import command

        if current is not None and current not in {r.revision for r in _migrations().walk_revisions()}:
            raise AccueilError(f"base de données mise à jour par une version plus récente d'accueil (révision "
                               f"{current}) : installez cette version sur ce poste")
        with self._writer.begin() as db:  # SQLite: BEGIN IMMEDIATE already locks out the other writers
            if db.dialect.name == "postgresql":
                db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            # Under the lock, look again: another process may have just done the work.
            config = _alembic_config(db)
            if _schema_revision(db) is None and inspect(db).has_table("sessions"):
                command.stamp(config, _BASELINE)  # made before migrations existed: adopt it
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    def session_dir(self, session_id: str) -> Path:
        return self.data_dir / "sessions" / session_id

    @contextmanager
    def _using(self, connection: Callable[[], ContextManager[Connection]]) -> Iterator[Connection]:
        """A database failing once open (full disk, server gone) becomes a StoreError: a write
        transaction is rolled back, what was committed before stays."""
        try:
            with connection() as db:
                yield db
        except DBAPIError as exc:
            raise _store_error(exc, self.url) from None

    def _writing(self) -> ContextManager[Connection]:
        return self._using(self._writer.begin)

    def _reading(self) -> ContextManager[Connection]:
        return self._using(self.engine.connect)

    # -- writing ------------------------------------------------------------------------------

    @staticmethod
    def new_session_id(trainee: str) -> str:
        return f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{_slug(trainee)}-{secrets.token_hex(2)}"

    def claim_session_dir(self, trainee: str) -> str:
        """A new session id whose folder this process has just created: no other workstation can
        have the same (two sessions of one trainee in the same second may draw the same suffix)."""
        for _ in range(20):
            session_id = self.new_session_id(trainee)
            try:
                self.session_dir(session_id).mkdir(parents=True)
                return session_id
            except FileExistsError:
                continue
            except OSError as exc:
                raise StoreError(write_failure(self.session_dir(session_id), exc)) from None
        raise StoreError(f"aucun identifiant de séance libre dans {self.data_dir / 'sessions'}")

    def create(self, context: CallContext, rubric_id: str, mode: str, seed: int | None = None,
               session_id: str | None = None, played_with: tuple[Path | None, Path | None] = (None, None)
               ) -> SessionInfo:
        """A new session, `interrupted` until `finish`; `session_id` (from `claim_session_dir`) lets the
        recorder lock the session's folder before the session exists for others; `played_with`, the
        scenario and rubric files, kept with it (see `snapshot`)."""
        started = _now()
        session_id = session_id or self.claim_session_dir(context.trainee)
        with self._writing() as db:
            scenario_hash, rubric_hash = (self._keep(db, path) if path else None for path in played_with)
            db.execute(insert(sessions).values(
                id=session_id, trainee=context.trainee, scenario_id=context.scenario_id, rubric_id=rubric_id,
                mode=mode, seed=seed, started_at=started, status=INTERRUPTED,
                context=json.dumps(asdict(context), ensure_ascii=False),
                scenario_hash=scenario_hash, rubric_hash=rubric_hash))
        return self.get(session_id)

    def _keep(self, db: Connection, path: Path) -> str | None:
        """The file's content kept once (by its hash); None if it cannot be read any more."""
        try:
            content = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        digest = content_hash(content)
        # Two workstations may keep the same file at once: the second insert does nothing.
        db.execute(_dialect_insert(db)(snapshots).values(hash=digest, name=path.name, content=content)
                   .on_conflict_do_nothing(index_elements=["hash"]))
        return digest

    def snapshot(self, digest: str) -> tuple[str, str] | None:
        """The file name and content kept under `digest`, if any."""
        with self._reading() as db:
            row = db.execute(select(snapshots.c.name, snapshots.c.content).where(snapshots.c.hash == digest)).first()
        return (row.name, row.content) if row else None

    # -- trainees -----------------------------------------------------------------------------

    def civility(self, trainee: str) -> str | None:
        """The civility remembered for this trainee (None: never given, or « aucune »)."""
        with self._reading() as db:
            row = db.execute(select(trainees.c.civility).where(trainees.c.key == trainee_key(trainee))).first()
        return row.civility if row else None

    def knows(self, trainee: str) -> bool:
        """Whether this trainee's profile was ever saved (their civility asked once)."""
        with self._reading() as db:
            return db.execute(select(trainees.c.key).where(trainees.c.key == trainee_key(trainee))).first() is not None

    def remember_civility(self, trainee: str, civility: str | None) -> None:
        with self._writing() as db:
            db.execute(_dialect_insert(db)(trainees)
                       .values(key=trainee_key(trainee), name=trainee.strip(), civility=civility, updated_at=_now())
                       .on_conflict_do_update(index_elements=["key"],
                                              set_={"civility": civility, "updated_at": _now()}))

    def append(self, session_id: str, seq: int, event: Event) -> None:
        record = to_record(event)
        with self._writing() as db:
            db.execute(insert(events).values(session_id=session_id, seq=seq, t=event.t, kind=event.kind,
                                             data=json.dumps(record, ensure_ascii=False)))
            self._changed(db, session_id)

    def finish(self, session_id: str, scorecard, status: str = COMPLETED, ended_at: str | None = None) -> None:
        """Store the machine's verdicts and the session's status, in one transaction."""
        with self._writing() as db:
            db.execute(results.delete().where(results.c.session_id == session_id))
            for r in scorecard.results:
                db.execute(insert(results).values(
                    session_id=session_id, criterion_id=r.id, applicable=r.applicable,
                    passed=r.passed if r.applicable else None, detail=r.detail,
                    evidence=json.dumps([e.as_dict() for e in r.evidence], ensure_ascii=False),
                    feedback=r.feedback))
            db.execute(update(sessions).where(sessions.c.id == session_id)
                       .values(status=status, score=scorecard.score, ended_at=ended_at or _now(),
                               revision=sessions.c.revision + 1))

    def add_override(self, session_id: str, criterion_id: str, passed: bool, comment: str, author: str) -> Override:
        """Record a trainer's verdict on one criterion, beside the machine's (which stays)."""
        author = author.strip()
        if not author:
            raise InputError("auteur de la révision manquant : indiquez qui décide")
        with self._writing() as db:
            self._require(db, session_id)
            machine = db.execute(select(results.c.passed).where(results.c.session_id == session_id,
                                                                results.c.criterion_id == criterion_id)).first()
            if machine is None:
                known = db.execute(select(results.c.criterion_id).where(results.c.session_id == session_id)
                                   .order_by(results.c.criterion_id)).scalars().all()
                if not known:
                    raise InputError(f"la séance « {session_id} » n'a pas de grille enregistrée "
                                     "(appel coupé avant la fin) : rien à réviser")
                raise InputError(f"critère « {criterion_id} » inconnu pour la séance « {session_id} » "
                                 f"(critères : {', '.join(known)})")
            from simulator.scoring.review import Override  # scoring only where verdicts are reviewed

            override = Override(session_id, criterion_id, bool(passed), machine.passed, comment, author, _utc_now())
            db.execute(insert(overrides).values(
                session_id=session_id, criterion_id=criterion_id, passed=override.passed,
                machine_passed=override.machine_passed, comment=comment, author=author, at=override.at))
            self._changed(db, session_id)
        return override

    @staticmethod
    def _changed(db: Connection, session_id: str) -> None:
        db.execute(update(sessions).where(sessions.c.id == session_id).values(revision=sessions.c.revision + 1))

    # -- reading ------------------------------------------------------------------------------

    def _info(self, row) -> SessionInfo:
        return SessionInfo(id=row.id, trainee=row.trainee, scenario_id=row.scenario_id, rubric_id=row.rubric_id,
                           mode=row.mode, started_at=row.started_at, ended_at=row.ended_at, status=row.status,
                           score=row.score, directory=self.session_dir(row.id),
                           scenario_hash=row.scenario_hash, rubric_hash=row.rubric_hash)

    @staticmethod
    def _require(db: Connection, session_id: str):
        row = db.execute(select(sessions).where(sessions.c.id == session_id)).first()
        if row is None:
            raise NotFoundError(f"séance « {session_id} » introuvable (accueil sessions les liste)")
        return row

    def get(self, session_id: str) -> SessionInfo:
        with self._reading() as db:
            return self._info(self._require(db, session_id))

    def resolve(self, prefix: str) -> str:
        """The id of the one session whose id starts with `prefix` (a whole id is its own prefix):
        what a trainer types after copying the start of an id."""
        prefix = prefix.strip()
        if not prefix:
            raise InputError("identifiant de séance vide (accueil sessions liste les séances)")
        with self._reading() as db:
            if db.execute(select(sessions.c.id).where(sessions.c.id == prefix)).first() is not None:
                return prefix
            found = db.execute(select(sessions.c.id).where(sessions.c.id.startswith(prefix, autoescape=True))
                               .order_by(sessions.c.started_at.desc(), sessions.c.id.desc())
                               .limit(_CANDIDATES + 1)).scalars().all()
            if not found:
                self._require(db, prefix)  # the usual « introuvable »
        if len(found) > 1:
            shown = ", ".join(found[:_CANDIDATES]) + (", …" if len(found) > _CANDIDATES else "")
            raise InputError(f"« {prefix} » désigne plusieurs séances ({shown}) : donnez un identifiant plus long")
        return found[0]

    @staticmethod
    def _matching(db: Connection, trainee: str | None, scenario: str | None) -> list:
        """The conditions of `list` and `count`. Names are compared by `trainee_key`, in Python on the
        few distinct names: SQLite and PostgreSQL fold accents differently, or not at all."""
        conditions = []
        if trainee is not None:
            key = trainee_key(trainee)
            names = [n for n in db.execute(select(sessions.c.trainee).distinct()).scalars() if trainee_key(n) == key]
            conditions.append(sessions.c.trainee.in_(names))
        if scenario is not None:
            conditions.append(sessions.c.scenario_id == scenario)
        return conditions

    def list(self, trainee: str | None = None, scenario: str | None = None,
             limit: int | None = None) -> list[SessionInfo]:
        """The sessions, newest first: all, or a trainee's (« clemence » finds « Clémence »), or a
        scenario's (its exact id), at most `limit` of them."""
        with self._reading() as db:
            query = select(sessions).where(*self._matching(db, trainee, scenario))
            rows = db.execute(query.order_by(sessions.c.started_at.desc(), sessions.c.id.desc()).limit(limit)).all()
        return [self._info(r) for r in rows]

    def count(self, trainee: str | None = None, scenario: str | None = None) -> int:
        """How many sessions `list` would give without a limit."""
        with self._reading() as db:
            return db.execute(select(func.count()).select_from(sessions)
                              .where(*self._matching(db, trainee, scenario))).scalar_one()

    def transcript(self, session_id: str) -> Transcript:
        with self._reading() as db:
            row = self._require(db, session_id)
            rows = db.execute(select(events.c.data).where(events.c.session_id == session_id)
                              .order_by(events.c.seq)).all()
        return Transcript(_context_from(row.context), tuple(from_record(json.loads(r.data)) for r in rows))

    def revisions(self) -> dict[str, int]:
        """Every session's change counter, by id: what a cache compares to know what changed."""
        with self._reading() as db:
            return dict(db.execute(select(sessions.c.id, sessions.c.revision)).all())

    def change_mark(self) -> tuple[int, int]:
        """(sessions, sum of their change counters): different after any write, since sessions are
        only ever added and counters only grow. One cheap query tells whether to read `revisions`."""
        with self._reading() as db:
            count, total = db.execute(select(func.count(), func.sum(sessions.c.revision))).one()
        return count, total or 0

    def revision(self, session_id: str) -> int | None:
        """One session's change counter; None if there is no such session."""
        with self._reading() as db:
            return db.execute(select(sessions.c.revision).where(sessions.c.id == session_id)).scalar()

    def exists(self, session_id: str) -> bool:
        with self._reading() as db:
            return db.execute(select(sessions.c.id).where(sessions.c.id == session_id)).first() is not None

    def results(self, session_id: str) -> list[dict]:
        """The machine's verdicts stored when the session ended (none if it was cut short)."""
        with self._reading() as db:
            self._require(db, session_id)
            rows = db.execute(select(results).where(results.c.session_id == session_id)
                              .order_by(results.c.criterion_id)).all()
        return [{"criterion": r.criterion_id, "applicable": r.applicable, "passed": r.passed, "detail": r.detail,
                 "evidence": json.loads(r.evidence), "feedback": r.feedback} for r in rows]

    def unfinished(self) -> list[SessionInfo]:
        """Sessions never finished (no stored verdicts): being recorded right now, or cut short by
        a crash. One query: called at every start (see session.recovery)."""
        scored = select(results.c.session_id).where(results.c.session_id == sessions.c.id).exists()
        with self._reading() as db:
            rows = db.execute(select(sessions).where(sessions.c.status == INTERRUPTED, ~scored)
                              .order_by(sessions.c.started_at, sessions.c.id)).all()
        return [self._info(r) for r in rows]

    # -- trainers' overrides ------------------------------------------------------------------

    @staticmethod
    def _override(row) -> Override:
        from simulator.scoring.review import Override

        return Override(row.session_id, row.criterion_id, row.passed, row.machine_passed, row.comment,
                        row.author, row.at)

    def _latest_overrides(self, session_id: str | None) -> list[Override]:
        latest = select(func.max(overrides.c.id)).group_by(overrides.c.session_id, overrides.c.criterion_id)
        with self._reading() as db:
            if session_id is not None:
                self._require(db, session_id)
                latest = latest.where(overrides.c.session_id == session_id)
            rows = db.execute(select(overrides).where(overrides.c.id.in_(latest))
                              .order_by(overrides.c.session_id, overrides.c.criterion_id)).all()
        return [self._override(r) for r in rows]

    def overrides(self, session_id: str) -> dict[str, Override]:
        """The verdicts that count for one session, by criterion: the latest override of each."""
        return {o.criterion_id: o for o in self._latest_overrides(session_id)}

    def all_overrides(self) -> list[Override]:
        """The latest override per session and criterion, over every session (export, agreement)."""
        return self._latest_overrides(None)

    def override_history(self, session_id: str) -> list[Override]:
        """Every override of one session, oldest first, superseded ones included."""
        with self._reading() as db:
            self._require(db, session_id)
            rows = db.execute(select(overrides).where(overrides.c.session_id == session_id)
                              .order_by(overrides.c.id)).all()
        return [self._override(r) for r in rows]

    # -- groups and trainers' competency levels ------------------------------------------------

    def set_group(self, trainee: str, group: str | None) -> None:
        """Put the trainee in `group` (out of the one they were in), or in none."""
        name = trainee.strip()
        if not name:
            raise InputError("prénom du stagiaire vide")
        key = trainee_key(name)
        if group is not None:
            group = " ".join(group.split())
            if not group:
                raise InputError("nom de groupe vide")
            if len(group) > 200:
                raise InputError("nom de groupe trop long : 200 caractères au plus")
        with self._writing() as db:
            if group is None:
                db.execute(memberships.delete().where(memberships.c.trainee_key == key))
                return
            db.execute(_dialect_insert(db)(memberships)
                       .values(trainee_key=key, trainee=name, group_name=group, updated_at=_utc_now())
                       .on_conflict_do_update(index_elements=["trainee_key"],
                                              set_={"trainee": name, "group_name": group, "updated_at": _utc_now()}))

    def memberships(self) -> dict[str, Membership]:
        """Each trainee's group, by trainee_key."""
        with self._reading() as db:
            rows = db.execute(select(memberships)).all()
        return {r.trainee_key: Membership(r.trainee, r.group_name, r.updated_at) for r in rows}

    def set_level(self, trainee: str, code: str, level: str | None, comment: str, author: str) -> ManualLevel:
        """Record a trainer's level for one competency of one trainee (None: back to the computed
        level), with who decided and why; the earlier ones stay in the history."""
        name, author, comment = trainee.strip(), author.strip(), comment.strip()
        if not name:
            raise InputError("prénom du stagiaire vide")
        if not author:
            raise InputError("auteur du niveau manquant : indiquez qui décide")
        if not comment:
            raise InputError("commentaire manquant : dites sur quoi repose ce niveau")
        manual = ManualLevel(name, code, level, comment, author, _utc_now())
        with self._writing() as db:
            db.execute(insert(manual_levels).values(trainee_key=trainee_key(name), **asdict(manual)))
        return manual

    @staticmethod
    def _manual_level(row) -> ManualLevel:
        return ManualLevel(row.trainee, row.code, row.level, row.comment, row.author, row.at)

    def manual_levels(self) -> list[ManualLevel]:
        """The trainers' levels that count: the latest per trainee and code (a return to the computed
        level included, level None), by trainee and code."""
        latest = select(func.max(manual_levels.c.id)).group_by(manual_levels.c.trainee_key, manual_levels.c.code)
        with self._reading() as db:
            rows = db.execute(select(manual_levels).where(manual_levels.c.id.in_(latest))
                              .order_by(manual_levels.c.trainee_key, manual_levels.c.code)).all()
        return [self._manual_level(r) for r in rows]

    def level_history(self, trainee: str, code: str | None = None) -> list[ManualLevel]:
        """Every level a trainer set for this trainee (for this code), oldest first."""
        conditions = [manual_levels.c.trainee_key == trainee_key(trainee)]
        if code is not None:
            conditions.append(manual_levels.c.code == code)
        with self._reading() as db:
            rows = db.execute(select(manual_levels).where(*conditions).order_by(manual_levels.c.id)).all()
        return [self._manual_level(r) for r in rows]

    # -- the outbox of statements for the learning record store ------------------------------------

    def enqueue(self, statements: Iterable[tuple[str, str, str]]) -> int:
        """Queue statements (id, session id, JSON) for the learning record store, in one transaction.
        One already queued (same id), sent or not, is left as it is: returns how many were new."""
        rows = {statement_id: (session_id, statement) for statement_id, session_id, statement in statements}
        with self._writing() as db:
            known = set(db.execute(select(xapi_outbox.c.id).where(xapi_outbox.c.id.in_(rows))).scalars())
            new = [i for i in rows if i not in known]
            for statement_id in new:  # one by one, in order: `seq` is the order they are sent in
                session_id, statement = rows[statement_id]
                db.execute(_dialect_insert(db)(xapi_outbox).values(  # another workstation may queue it too
                    id=statement_id, session_id=session_id, statement=statement, created_at=_utc_now())
                    .on_conflict_do_nothing(index_elements=["id"]))
        return len(new)

    def pending(self, limit: int | None = None) -> list[Outgoing]:
        """The statements still to send, oldest first."""
        with self._reading() as db:
            rows = db.execute(select(xapi_outbox).where(xapi_outbox.c.sent_at.is_(None))
                              .order_by(xapi_outbox.c.seq).limit(limit)).all()
        return [Outgoing(r.id, r.session_id, r.statement, r.attempts) for r in rows]

    def record_attempt(self, statement_ids: Iterable[str], error: str | None = None) -> None:
        """After sending: sent (no `error`), or tried once more and failed with `error` (kept to send)."""
        ids = list(statement_ids)
        if not ids:
            return
        with self._writing() as db:
            query = update(xapi_outbox).where(xapi_outbox.c.id.in_(ids))
            db.execute(query.values(sent_at=_utc_now(), last_error=None) if error is None else
                       query.values(attempts=xapi_outbox.c.attempts + 1, last_error=error))

    def queued(self) -> tuple[set[str], set[str]]:
        """(every statement id in the outbox, every session id with statements there)."""
        with self._reading() as db:
            rows = db.execute(select(xapi_outbox.c.id, xapi_outbox.c.session_id)).all()
        return {r.id for r in rows}, {r.session_id for r in rows}

    def outbox_counts(self) -> tuple[int, int]:
        """(statements sent, statements still to send)."""
        with self._reading() as db:
            sent, total = db.execute(select(func.count(xapi_outbox.c.sent_at), func.count())
                                     .select_from(xapi_outbox)).one()
        return sent, total - sent

    def override_log(self) -> list[Override]:
        """Every override of every session, superseded ones included, oldest first: each is a review
        that happened (simulator.xapi)."""
        with self._reading() as db:
            rows = db.execute(select(overrides).order_by(overrides.c.id)).all()
        return [self._override(r) for r in rows]
