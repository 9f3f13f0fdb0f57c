"""The référentiel's competencies on the dashboard: the class matrix (trainees × codes, by family),
filtered by group and by the dates of the sessions, and the same grid as the files of `accueil
grille`. Built from the dashboard's snapshot of assessments (the rule: simulator.trainer.competency);
groups and trainers' levels are read from the store at each request, since they change nothing the
snapshot holds."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.errors import InputError
from simulator.scoring import Rubric, find_rubric
from simulator.store.sessions import Membership, trainee_key
from simulator.trainer.assessment import Assessment
from simulator.trainer.competency import Grid, Level, Played, TraineeRow, build_grid
from simulator.trainer.grid import difficulties, trainee_names
from simulator.web import grid as files
from simulator.web.dashboard import Dashboard, NotFound
from simulator.web.present import local_time
from simulator.web.results import Snapshot

FILE_NAME = "grille-competences"


def rubric() -> Rubric:
    """The rubric whose codes and acquisition rule the dashboard shows: the standard one, as `accueil grille`."""
    return find_rubric(None)


@dataclass(frozen=True)
class Filters:
    """The class view's filters, as GET parameters: `groupe`, and the sessions' dates `du` … `au`."""

    group: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, request: Request) -> Filters:
        params = request.query_params
        return cls(" ".join(params.get("groupe", "").split()), _day(params.get("du", ""), "du"),
                   _day(params.get("au", ""), "au"))

    def keeps(self, a: Assessment) -> bool:
        day = local_time(a.info.started_at).date()
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    @property
    def query(self) -> str:
        """The filters as a query string ("" without any), for links that keep them."""
        params = {"groupe": self.group, "du": self.since.isoformat() if self.since else "",
                  "au": self.until.isoformat() if self.until else ""}
        shown = urlencode({k: v for k, v in params.items() if v})
        return "?" + shown if shown else ""


def _day(raw: str, name: str) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InputError(f"date « {raw[:40]} » non reconnue pour « {name} » : attendu AAAA-MM-JJ") from None


def trainees_grid(d: Dashboard, names: list[str], assessments: list[Assessment],
                  memberships: dict[str, Membership]) -> Grid:
    """The grid of `names` from these assessments, with the trainers' levels as the store has them now."""
    keys = {trainee_key(name) for name in names}
    theirs = [a for a in assessments if trainee_key(a.info.trainee) in keys]
    return build_grid(names, theirs, rubric(), difficulties(a.info.scenario_id for a in theirs), memberships,
                      d.store.manual_levels())


def class_grid(d: Dashboard, snapshot: Snapshot, filters: Filters) -> Grid | None:
    """The grid the filters ask for; None when there is nobody yet (no session, no group)."""
    memberships = d.store.memberships()
    if not snapshot.assessments and not memberships:
        return None
    if filters.group and trainee_key(filters.group) not in {trainee_key(m.group) for m in memberships.values()}:
        raise NotFound("Groupe introuvable.")
    names = trainee_names([a.info for a in snapshot.assessments], memberships, None, filters.group or None)
    return trainees_grid(d, names, [a for a in snapshot.assessments if filters.keeps(a)], memberships)


def groups(memberships: dict[str, Membership]) -> list[str]:
    """The groups the store knows, as they were named."""
    named = {trainee_key(m.group): m.group for m in memberships.values()}
    return sorted(named.values(), key=trainee_key)


def sessions_of(row: TraineeRow) -> dict[str, Played]:
    """The row's sessions by id: what a proof's link says (its date, scenario, difficulty)."""
    return {s.session_id: s for s in row.sessions}


def routes(d: Dashboard) -> list[Route]:
    async def matrix(request: Request) -> Response:
        filters = Filters.of(request)
        snapshot = await d.everything()
        grid = await run_in_threadpool(class_grid, d, snapshot, filters)
        return d.page(request, "competences.html", grid=grid, filters=filters, groups=groups(d.store.memberships()),
                      families=files.families, sessions_of=sessions_of, with_page=set(snapshot.trainees),
                      downloads=[(suffix, FILE_NAME + suffix + filters.query) for suffix in files.FORMATS],
                      titles=snapshot.titles, levels=list(Level), day=files.day)

    async def download(request: Request) -> Response:
        suffix = "." + request.path_params["format"]
        if suffix not in files.FORMATS:
            raise NotFound("Format de grille non pris en charge.")
        filters = Filters.of(request)
        snapshot = await d.everything()
        grid = await run_in_threadpool(class_grid, d, snapshot, filters)
        if grid is None:
            raise NotFound("Aucun stagiaire : ni séance enregistrée ni groupe.")
        content = await run_in_threadpool(written, grid, suffix, grid.rows[0].group if filters.group else None)
        media = mimetypes.guess_type(FILE_NAME + suffix)[0] or "application/octet-stream"
        return Response(content, media_type=media + ("; charset=utf-8" if media.startswith("text/") else ""),
                        headers={"Content-Disposition": f'attachment; filename="{FILE_NAME}{suffix}"'})

    return [Route("/competences", matrix), Route(f"/competences/{FILE_NAME}.{{format}}", download)]


def written(grid: Grid, suffix: str, group: str | None) -> bytes:
    """The grid as `accueil grille` writes it, whichever formats its writer knows."""
    return files.grid_content(grid, suffix, group)
