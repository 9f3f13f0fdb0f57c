"""The competency grid read from the store: which trainees (one, a group, or all), their sessions
assessed as the dashboard assesses them (`assess`: re-scored, trainers' overrides in place), their
groups and the levels trainers set by hand. The rule itself is simulator.trainer.competency."""

from __future__ import annotations

from collections.abc import Iterable

from simulator.errors import AccueilError, InputError, NotFoundError
from simulator.scenario.loader import find_scenario
from simulator.scoring import Rubric
from simulator.store import ManualLevel, Membership, SessionInfo, SessionStore
from simulator.store.sessions import COMPLETED, trainee_key
from simulator.trainer.assessment import assess
from simulator.trainer.competency import Grid, Level, build_grid, rubric_codes


def _difficulty(scenario_id: str | None) -> int | None:
    if not scenario_id:
        return None
    try:
        return find_scenario(scenario_id).difficulty
    except AccueilError:
        return None


def difficulties(scenario_ids: Iterable[str | None]) -> dict[str | None, int | None]:
    """Each scenario's difficulty today (what `build_grid` takes); None for a free dialogue or a
    scenario gone."""
    return {scenario_id: _difficulty(scenario_id) for scenario_id in set(scenario_ids)}


def trainee_names(sessions: list[SessionInfo], memberships: dict[str, Membership], trainee: str | None,
              group: str | None) -> list[str]:
    """The names of the grid's rows, sorted: every trainee with a session or a group, or those asked for."""
    names: dict[str, str] = {key: m.trainee for key, m in memberships.items()}
    for info in reversed(sessions):  # oldest first: the latest spelling of a name wins
        names[trainee_key(info.trainee)] = info.trainee
    keys = set(names)
    if not keys:
        raise NotFoundError("aucun stagiaire : ni séance enregistrée ni groupe (accueil play en enregistre une)")
    if group is not None:
        wanted = trainee_key(group)
        keys = {key for key, m in memberships.items() if trainee_key(m.group) == wanted}
        if not keys:
            known = sorted({m.group for m in memberships.values()}, key=str.casefold)
            raise NotFoundError(f"groupe « {group} » introuvable ; "
                                + (f"groupes : {', '.join(known)}" if known else
                                   "aucun groupe encore (accueil groupe PRÉNOM GROUPE en crée un)"))
    if trainee is not None:
        key = trainee_key(trainee)
        if key not in names:
            raise NotFoundError(f"stagiaire « {trainee} » inconnu : ni séance ni groupe (accueil sessions liste "
                                "les séances)")
        if key not in keys:
            raise InputError(f"{names[key]} n'est pas dans le groupe « {group} »")
        keys = {key}
    return sorted((names[key] for key in keys), key=trainee_key)


def read_grid(store: SessionStore, rubric: Rubric, trainee: str | None = None, group: str | None = None) -> Grid:
    """The grid of one trainee, of a group, or of every trainee (raises when none is found)."""
    sessions, memberships = store.list(), store.memberships()
    names = trainee_names(sessions, memberships, trainee, group)
    keys = {trainee_key(name) for name in names}
    mine = [info for info in sessions if info.status == COMPLETED and trainee_key(info.trainee) in keys]
    return build_grid(names, (assess(store, info) for info in mine), rubric,
                      difficulties(info.scenario_id for info in mine), memberships,
                      store.manual_levels())


def known_trainee(store: SessionStore, trainee: str) -> str:
    """The trainee's name as the store knows it (raises when neither a session nor a group names them)."""
    return trainee_names(store.list(), store.memberships(), trainee, None)[0]


def rubric_code(rubric: Rubric, code: str) -> str:
    """The code as the rubric writes it (« c221.1 » is C221.1); raises if no criterion reaches it."""
    codes = rubric_codes(rubric)
    found = next((c for c in codes if c.casefold() == code.strip().casefold()), None)
    if found is None:
        raise InputError(f"code « {code} » inconnu de la grille « {rubric.id} » ; codes : {', '.join(codes)}")
    return found


def set_manual_level(store: SessionStore, rubric: Rubric, trainee: str, code: str, level: Level | None,
                     comment: str, author: str) -> ManualLevel:
    """A trainer's level for a code the rubric reaches (None: back to the computed level)."""
    return store.set_level(known_trainee(store, trainee), rubric_code(rubric, code), level.value if level else None,
                           comment, author)
