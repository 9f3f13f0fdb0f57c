"""The statements of recorded sessions, read from the store: the machine's verdicts as they were
stored when the call ended (not re-scored: a statement, once made, says the same), the trainers'
reviews, and the labels and référentiel codes of the rubric and scenario the session was played
with."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from simulator.errors import NotFoundError
from simulator.scenario.loader import find_scenario
from simulator.scoring.review import Override
from simulator.session.rescore import scoring_files
from simulator.store import SessionInfo, SessionStore
from simulator.store.sessions import COMPLETED, trainee_key
from simulator.xapi.statements import (CriterionInfo, Names, ScenarioInfo, SessionFacts, Statement, review_statement,
                                       session_statements)


def session_facts(store: SessionStore, info: SessionInfo) -> SessionFacts | None:
    """None for a session not finished (being recorded, or cut short and not yet recovered)."""
    verdicts = store.results(info.id)
    if not verdicts or info.ended_at is None:
        return None
    try:
        rubric = scoring_files(info, store).rubric
        criteria = {c.id: CriterionInfo(c.label, c.references) for c in rubric.criteria}
    except NotFoundError:  # neither today's rubric nor a copy: the statements go without labels and codes
        criteria = {}
    scenario = None
    if info.scenario_id:
        try:
            found = find_scenario(info.scenario_id)
            scenario = ScenarioInfo(found.title, found.difficulty, tuple(found.references))
        except NotFoundError:
            pass
    return SessionFacts(info.id, info.trainee, trainee_key(info.trainee), info.scenario_id, info.rubric_id,
                        info.started_at, info.ended_at, info.status == COMPLETED, info.score,
                        tuple((v["criterion"], v["passed"], v["detail"]) for v in verdicts), criteria, scenario)


def statements_of(facts: SessionFacts, reviews: list[Override], names: Names) -> list[Statement]:
    """The session's statements, then one per review, oldest first."""
    return [*session_statements(facts, names), *(review_statement(facts, o, names) for o in reviews)]


def recorded_statements(store: SessionStore, names: Names, since: date | None = None) -> Iterator[Statement]:
    """Every finished session's statements (those started on `since` or later), oldest session first."""
    reviews: dict[str, list[Override]] = {}
    for override in store.override_log():
        reviews.setdefault(override.session_id, []).append(override)
    for info in reversed(store.list()):
        if since is not None and info.started_at[:10] < since.isoformat():
            continue
        facts = session_facts(store, info)
        if facts is not None:
            yield from statements_of(facts, reviews.get(info.id, []), names)
