"""What every page of the dashboard shares: the store, the results cache, the templates, the
token; a page's rendering, the sessions up to date, the lookups that answer 404, and the error
pages. The routes (simulator.web.pages) take it as their one argument."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Callable
from urllib.parse import quote

import jinja2
from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from simulator.errors import AccueilError
from simulator.records import status_label
from simulator.store import SessionStore
from simulator.store.sessions import SessionInfo, StoreError
from simulator.trainer.assessment import Assessment
from simulator.web import present
from simulator.web.results import Assessments, Snapshot, scenario_title, verdict_word

HERE = Path(__file__).parent
PATIENCE = 1.5  # seconds a page waits for the sessions being scored before showing the progress
ERRORS = {404: "Page introuvable.", 405: "Action non permise sur cette page."}


class NotFound(HTTPException):
    """A 404 whose French detail is shown to the trainer."""

    def __init__(self, detail: str):
        super().__init__(404, detail)


class NotReady(Exception):
    """Many sessions are still being scored: the page shows the progress and reloads itself."""


def templates() -> Jinja2Templates:
    # auto_reload off: the templates ship with the package, no need to look at their files at
    # every use (for `include` and `import`, that was a third of the list's time).
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date=present.date, duration=present.duration, clock=present.clock, verdict=verdict_word,
                       status=status_label, url=lambda s: quote(str(s), safe=""),
                       percent=lambda r: "—" if r is None else f"{round(100 * r)} %",
                       thousands=lambda n: f"{n:,}".replace(",", "\u202f"), mark=present.LEVEL_MARKS.get)
    return Jinja2Templates(env=env)


class Dashboard:
    def __init__(self, store: SessionStore, token: str | None, assessments: Assessments):
        self.store, self.token, self.assessments = store, token, assessments
        self.templates = templates()
        self._row_template = self.templates.env.get_template("ligne-seance.html")

    def page(self, request: Request, template: str, status: int = 200, titles: dict[str, str] | None = None,
             **context) -> Response:
        titles = dict(titles or {})  # each scenario's title looked up once per page at most

        def title(scenario_id: str | None) -> str:
            if scenario_id not in titles:
                titles[scenario_id] = scenario_title(scenario_id)
            return titles[scenario_id]
        return self.templates.TemplateResponse(request, template, {"authenticated": self.token is not None,
                                                                   "scenario_title": title, **context},
                                               status_code=status)

    def row(self, a: Assessment) -> Markup:
        """A session's row in the list, rendered once per assessment."""
        if "row" not in a.views:
            a.views["row"] = Markup(self._row_template.render(a=a, scenario_title=scenario_title))
        return a.views["row"]

    def lines(self, a: Assessment) -> list[present.Line]:
        """The session page's transcript lines, worked out once per assessment."""
        if "lines" not in a.views:
            a.views["lines"] = present.transcript_lines(a.transcript, a.rows)
        return a.views["lines"]

    async def everything(self) -> Snapshot:
        """Every session up to date; if many are still being scored, the page saying so (NotReady)."""
        deadline = time.monotonic() + PATIENCE
        while (snapshot := self.assessments.current()) is None:
            if time.monotonic() > deadline and self.assessments.progress.left > self.assessments.INLINE:
                raise NotReady()  # a few sessions are worth waiting for, not a whole history
            await asyncio.sleep(0.05)
        return snapshot

    async def matching_or_404(self, keep: Callable[[Assessment], bool], missing: str) -> list[Assessment]:
        """The sessions up to date that `keep` keeps, most recent first; a 404 saying `missing` if none."""
        found = [a for a in (await self.everything()).assessments if keep(a)]
        if not found:
            raise NotFound(missing)
        return found

    def session_or_404(self, session_id: str) -> SessionInfo:
        # The id is only ever looked up in the store; the directory comes from the store's record.
        if not session_id or not self.store.exists(session_id):
            raise NotFound("Séance introuvable.")
        return self.store.get(session_id)

    def assessment_or_404(self, session_id: str) -> Assessment:
        assessment = self.assessments.one(session_id) if session_id else None
        if assessment is None:
            raise NotFound("Séance introuvable.")
        return assessment

    # -- refusals and errors ----------------------------------------------------------------------

    def refuse(self, request: Request, status: int, message: str) -> Response:
        """The guard's answer: the login page for 401, else the error page."""
        if status == 401:
            return self.page(request, "connexion.html", 401, next=local(request.url.path), error="")
        return self.page(request, "erreur.html", status, message=message)

    def handlers(self) -> dict:
        async def not_ready(request: Request, _exc: NotReady) -> Response:
            progress = self.assessments.progress
            response = self.page(request, "preparation.html", 503, done=progress.done, total=progress.total)
            response.headers["Retry-After"] = "2"
            return response

        async def http_error(request: Request, exc: HTTPException) -> Response:
            message = exc.detail if isinstance(exc, NotFound) else ERRORS.get(exc.status_code, "Requête refusée.")
            return self.page(request, "erreur.html", exc.status_code, message=message)

        async def refused(request: Request, exc: AccueilError) -> Response:
            # The database lost or full while a page reads it: said in French, the server stays up.
            if isinstance(exc, StoreError):
                return self.page(request, "erreur.html", 503,
                                 message=f"Séances momentanément indisponibles : {exc.format_message()}")
            return self.page(request, "erreur.html", 400, message=exc.format_message())

        return {HTTPException: http_error, NotReady: not_ready, AccueilError: refused}


def local(target: str) -> str:
    """Only redirect within the dashboard after login (never to another site)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


def labels(assessments: list[Assessment]) -> dict[str, str]:
    """Each criterion's French label, from the sessions' scorecards."""
    return {r.id: r.criterion.label for a in assessments if a.machine for r in a.machine.results}
