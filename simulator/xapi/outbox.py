"""The outbox: statements are queued in the store in the same form they are sent, then sent to the
learning record store, and marked sent only once it has them. A store that does not answer leaves
them queued for the next call, review or `accueil xapi envoyer`; a statement queued twice (same id)
is kept once, so nothing is sent twice.

The command line calls `after_session` once a call is saved, the dashboard `after_review` once a
review is saved: neither ever fails what called it, and both do nothing when ACCUEIL_LRS_URL is not
set."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass

from simulator.errors import AccueilError, InputError
from simulator.scoring.review import Override
from simulator.store import SessionStore
from simulator.xapi.config import XapiSettings
from simulator.xapi.lrs import send
from simulator.xapi.recorded import session_facts, statements_of
from simulator.xapi.statements import Names, Statement, review_statement, review_statement_id

BATCH = 100
log = logging.getLogger(__name__)


def as_text(statement: Statement) -> str:
    """The statement's JSON on one line, as it is queued, sent and exported."""
    return json.dumps(statement.as_json(), ensure_ascii=False, separators=(",", ":"))


def _queue(store: SessionStore, session_id: str, statements: list[Statement]) -> int:
    return store.enqueue((s.id, session_id, as_text(s)) for s in statements)


def enqueue_session(store: SessionStore, session_id: str, names: Names) -> int:
    """Queue a finished session's statements, its reviews' included; returns how many were new."""
    facts = session_facts(store, store.get(session_id))
    if facts is None:
        return 0
    return _queue(store, session_id, statements_of(facts, store.override_history(session_id), names))


def enqueue_review(store: SessionStore, override: Override, names: Names) -> int:
    facts = session_facts(store, store.get(override.session_id))
    return 0 if facts is None else _queue(store, override.session_id, [review_statement(facts, override, names)])


def catch_up(store: SessionStore, names: Names) -> int:
    """Queue what was never queued: sessions finished, and reviews made, while no store was set (or
    whose process stopped before queuing them). Returns how many statements were new."""
    statement_ids, session_ids = store.queued()
    added = 0
    for info in reversed(store.list()):
        if info.id not in session_ids and info.ended_at is not None:
            added += enqueue_session(store, info.id, names)
    for override in store.override_log():
        if review_statement_id(names, override) not in statement_ids:
            added += enqueue_review(store, override, names)
    return added


@dataclass(frozen=True)
class Flushed:
    sent: int
    refused: int
    pending: int
    stopped: str | None  # why sending stopped early


def flush(store: SessionStore, settings: XapiSettings) -> Flushed:
    """Send what waits, oldest first, until the outbox is empty or the store stops answering."""
    if not settings.lrs_url:
        raise InputError("ACCUEIL_LRS_URL n'est pas réglée : indiquez l'adresse xAPI du LRS du centre, par "
                         "exemple https://lrs.formation.example/xAPI")
    sent = refused = 0
    stopped = None
    tried: set[str] = set()  # refused statements stay queued, but are tried once per flush
    while stopped is None:
        batch = [o for o in store.pending(BATCH + len(tried)) if o.id not in tried][:BATCH]
        if not batch:
            break
        answer = send(settings, batch)
        store.record_attempt(answer.sent)
        for statement_id, why in answer.refused.items():
            store.record_attempt([statement_id], why)
        done = set(answer.sent) | set(answer.refused)
        if answer.stopped:
            stopped = answer.stopped
            store.record_attempt([o.id for o in batch if o.id not in done][:1], stopped)  # the one it stopped at
        sent, refused = sent + len(answer.sent), refused + len(answer.refused)
        tried |= set(answer.refused)
    return Flushed(sent, refused, store.outbox_counts()[1], stopped)


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n <= 1 else many}"  # French: « 0 déclaration »


def flushed_notice(result: Flushed) -> str:
    said = [f"xAPI : {_plural(result.sent, 'déclaration envoyée', 'déclarations envoyées')} au LRS"]
    if result.refused:
        said.append(f"{_plural(result.refused, 'refusée', 'refusées')} par le LRS (gardées en attente, raison dans "
                    "la table xapi_outbox, colonne last_error)")
    if result.pending:
        said.append(f"{result.pending} en attente")
    text = ", ".join(said) + "."
    if result.stopped:
        text += f" {result.stopped[0].upper()}{result.stopped[1:]} : elles partiront au prochain envoi " \
                "(fin d'appel, révision ou accueil xapi envoyer)."
    return text


def after_session(store: SessionStore, session_id: str) -> str | None:
    """Queue and send a session just saved. Returns a French notice, or None when no store is set."""
    try:
        settings = XapiSettings.from_env()
        if not settings.lrs_url:
            return None
        enqueue_session(store, session_id, Names(settings))
        return flushed_notice(flush(store, settings))
    except (AccueilError, OSError) as exc:  # the call is saved whatever happens here
        return f"xAPI : envoi au LRS impossible ({exc}) ; la séance est enregistrée."


def _send_review(store: SessionStore, override: Override, settings: XapiSettings) -> None:
    try:
        enqueue_review(store, override, Names(settings))
        result = flush(store, settings)
        (log.warning if result.stopped or result.refused else log.info)(flushed_notice(result))
    except (AccueilError, OSError) as exc:
        log.warning("xAPI : envoi au LRS impossible (%s) ; la révision est enregistrée.", exc)


def after_review(store: SessionStore, override: Override) -> threading.Thread | None:
    """Queue and send a review just saved, in the background (the trainer's page does not wait).
    Returns the thread (None when no store is set, or its settings are wrong: said in the log)."""
    try:
        settings = XapiSettings.from_env()
    except InputError as exc:
        log.warning("xAPI : %s", exc)
        return None
    if not settings.lrs_url:
        return None
    thread = threading.Thread(target=_send_review, args=(store, override, settings), name="xapi", daemon=True)
    thread.start()
    return thread
