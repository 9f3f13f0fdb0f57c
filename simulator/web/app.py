"""The trainer's dashboard: sessions, a session's call and verdicts with their review, a trainee's
progress, a scenario's class results, and exports. Starlette routes over the session store."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from simulator.errors import AccueilError
from simulator.records import RECORDING, status_label
from simulator.store import SessionStore
from simulator.store.sessions import StoreError
from simulator.web import charts, present
from simulator.web.guard import COOKIE, LOGIN, Guard, cookie_value, token_matches
from simulator.web.results import (Assessment, Assessments, Snapshot, criterion_rates, export_rows, scenario_title,
                                   verdict_word, weakest_first)

HERE = Path(__file__).parent
MAX_COMMENT, MAX_AUTHOR = 2000, 100
PAGE_SIZE = 50  # sessions per page of the list
PATIENCE = 1.5  # seconds a page waits for the sessions being scored before showing the progress
SORTS = {"date": lambda a: (a.info.started_at, a.info.id), "note": lambda a: (a.score is None, a.score or 0)}
ERRORS = {404: "Page introuvable.", 405: "Action non permise sur cette page."}


class NotFound(HTTPException):
    """A 404 whose French detail is shown to the trainer."""

    def __init__(self, detail: str):
        super().__init__(404, detail)


class NotReady(Exception):
    """Many sessions are still being scored: the page shows the progress and reloads itself."""


def _templates() -> Jinja2Templates:
    # auto_reload off: the templates ship with the package, no need to look at their files at
    # every use (for `include` and `import`, that was a third of the list's time).
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date=present.date, duration=present.duration, clock=present.clock, verdict=verdict_word,
                       status=status_label, url=lambda s: quote(str(s), safe=""),
                       percent=lambda r: "—" if r is None else f"{round(100 * r)} %",
                       thousands=lambda n: f"{n:,}".replace(",", "\u202f"))
    return Jinja2Templates(env=env)


def create_app(store: SessionStore, token: str | None = None, assessments: Assessments | None = None) -> Starlette:
    """The dashboard over `store`; `assessments` is the results cache (`accueil serve` warms it up)."""
    templates = _templates()
    assessments = assessments or Assessments(store)

    def page(request: Request, template: str, status: int = 200, titles: dict[str, str] | None = None,
             **context) -> Response:
        titles = dict(titles or {})  # each scenario's title looked up once per page at most

        def title(scenario_id: str | None) -> str:
            if scenario_id not in titles:
                titles[scenario_id] = scenario_title(scenario_id)
            return titles[scenario_id]
        return templates.TemplateResponse(request, template, {"authenticated": token is not None,
                                                              "scenario_title": title, **context},
                                          status_code=status)

    row_template = templates.env.get_template("ligne-seance.html")

    def row(a: Assessment) -> Markup:
        """A session's row in the list, rendered once per assessment."""
        if "row" not in a.views:
            a.views["row"] = Markup(row_template.render(a=a, scenario_title=scenario_title))
        return a.views["row"]

    def lines(a: Assessment) -> list[present.Line]:
        """The session page's transcript lines, worked out once per assessment."""
        if "lines" not in a.views:
            a.views["lines"] = present.transcript_lines(a.transcript, a.rows)
        return a.views["lines"]

    async def everything() -> Snapshot:
        """Every session up to date; if many are still being scored, the page saying so (NotReady)."""
        deadline = time.monotonic() + PATIENCE
        while (snapshot := assessments.current()) is None:
            if time.monotonic() > deadline and assessments.progress.left > assessments.INLINE:
                raise NotReady()  # a few sessions are worth waiting for, not a whole history
            await asyncio.sleep(0.05)
        return snapshot

    async def not_ready(request: Request, _exc: NotReady) -> Response:
        progress = assessments.progress
        response = page(request, "preparation.html", 503, done=progress.done, total=progress.total)
        response.headers["Retry-After"] = "2"
        return response

    def refuse(request: Request, status: int, message: str) -> Response:
        if status == 401:
            return page(request, "connexion.html", 401, next=_local(request.url.path), error="")
        return page(request, "erreur.html", status, message=message)

    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc, NotFound) else ERRORS.get(exc.status_code, "Requête refusée.")
        return page(request, "erreur.html", exc.status_code, message=message)

    async def refused(request: Request, exc: AccueilError) -> Response:
        # The database lost or full while a page reads it: said in French, the server stays up.
        if isinstance(exc, StoreError):
            return page(request, "erreur.html", 503,
                        message=f"Séances momentanément indisponibles : {exc.format_message()}")
        return page(request, "erreur.html", 400, message=exc.format_message())

    def session_or_404(session_id: str):
        # The id is only ever looked up in the store; the directory comes from the store's record.
        if not session_id or not store.exists(session_id):
            raise NotFound("Séance introuvable.")
        return store.get(session_id)

    def assessment_or_404(session_id: str) -> Assessment:
        assessment = assessments.one(session_id) if session_id else None
        if assessment is None:
            raise NotFound("Séance introuvable.")
        return assessment

    # -- pages ----------------------------------------------------------------------------------

    async def session_list(request: Request) -> Response:
        snapshot = await everything()
        params = request.query_params
        trainee, scenario = params.get("stagiaire", ""), params.get("scenario", "")
        sort = params.get("tri", "date")
        sort = sort if sort in SORTS else "date"
        order = "asc" if params.get("ordre") == "asc" else "desc"
        shown = [a for a in snapshot.assessments
                 if (not trainee or a.info.trainee == trainee) and (not scenario or a.info.scenario_id == scenario)]
        if sort != "date" or order != "desc":  # the snapshot is already most recent first
            shown.sort(key=SORTS[sort], reverse=order == "desc")
        pages = max(1, -(-len(shown) // PAGE_SIZE))
        number = min(_page_number(params.get("page", "")), pages)
        filters = {"stagiaire": trainee, "scenario": scenario, "tri": sort, "ordre": order}
        return page(request, "seances.html", sessions=shown[(number - 1) * PAGE_SIZE:number * PAGE_SIZE],
                    total=len(shown), number=number, pages=pages, trainee=trainee, scenario=scenario, sort=sort,
                    order=order, link=lambda **changes: _query({**filters, **changes}),
                    trainees=snapshot.trainees, scenarios=snapshot.scenarios, titles=snapshot.titles, row=row)

    async def session_page(request: Request) -> Response:
        assessment = assessment_or_404(request.path_params["session_id"])
        return page(request, "seance.html", a=assessment, lines=lines(assessment),
                    evidence=present.evidence_html, audio=(assessment.info.directory / RECORDING).is_file(),
                    saved=request.query_params.get("revu", ""))

    async def session_audio(request: Request) -> Response:
        info = session_or_404(request.path_params["session_id"])
        path = info.directory / RECORDING
        sessions_root = (store.data_dir / "sessions").resolve()
        if not path.is_file() or not path.resolve().is_relative_to(sessions_root):
            raise NotFound("Pas d'enregistrement audio pour cette séance.")
        return FileResponse(path, media_type="audio/wav")  # answers Range requests: the player can seek

    async def review(request: Request) -> Response:
        assessment = assessment_or_404(request.path_params["session_id"])
        info = assessment.info
        form = await request.form()
        criterion, verdict = str(form.get("critere", "")), str(form.get("verdict", ""))
        comment, author = str(form.get("commentaire", "")).strip(), str(form.get("auteur", "")).strip()
        known = {r.machine.id for r in assessment.rows}
        problem = ("critère inconnu" if criterion not in known else
                   "choisissez « réussi » ou « à revoir »" if verdict not in ("reussi", "echoue") else
                   "indiquez votre nom" if not author else
                   "expliquez votre décision dans le commentaire" if not comment else
                   "commentaire trop long" if len(comment) > MAX_COMMENT else
                   "nom trop long" if len(author) > MAX_AUTHOR else "")
        if problem:
            return page(request, "erreur.html", 400, message=f"Révision non enregistrée : {problem}.",
                        back=f"/seances/{quote(info.id)}")
        store.add_override(info.id, criterion, verdict == "reussi", comment, author)
        return RedirectResponse(f"/seances/{quote(info.id)}?revu={quote(criterion)}#critere-{quote(criterion)}",
                                status_code=303)

    async def trainee_page(request: Request) -> Response:
        name = request.path_params["name"]
        snapshot = await everything()
        mine = [a for a in snapshot.assessments if a.info.trainee == name]
        if not mine:
            raise NotFound("Stagiaire introuvable.")
        mine.sort(key=SORTS["date"])
        rates = criterion_rates(mine)
        order = weakest_first(rates)
        labels = _labels(mine)
        return page(request, "stagiaire.html", name=name, sessions=mine, rates=rates, order=order, labels=labels,
                    chart=charts.score_chart(mine), grid=charts.criterion_grid(mine, order, labels, rates))

    async def scenario_page(request: Request) -> Response:
        scenario_id = request.path_params["scenario_id"]
        snapshot = await everything()
        theirs = [a for a in snapshot.assessments if a.info.scenario_id == scenario_id]
        if not theirs:
            raise NotFound("Aucune séance pour ce scénario.")
        rates = criterion_rates(theirs)
        order = list(rates)  # the rubric's order
        by_trainee: dict[str, list[Assessment]] = {}
        for a in theirs:
            by_trainee.setdefault(a.info.trainee, []).append(a)
        rows = [(name, runs, criterion_rates(runs)) for name, runs in sorted(by_trainee.items(),
                                                                             key=lambda kv: kv[0].casefold())]
        scores = [a.score for a in theirs if a.score is not None]
        return page(request, "scenario.html", scenario_id=scenario_id, rows=rows, rates=rates, order=order,
                    labels=_labels(theirs), sessions=theirs,
                    average=round(sum(scores) / len(scores)) if scores else None)

    # -- exports --------------------------------------------------------------------------------

    async def _export(request: Request) -> list[dict]:
        snapshot = await everything()
        trainee, scenario = request.query_params.get("stagiaire", ""), request.query_params.get("scenario", "")
        return export_rows(a for a in snapshot.assessments
                           if (not trainee or a.info.trainee == trainee)
                           and (not scenario or a.info.scenario_id == scenario))

    async def export_csv(request: Request) -> Response:
        rows = await _export(request)
        out = io.StringIO()
        out.write("\ufeff")  # so that spreadsheet programs read the accents as UTF-8
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["seance"], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="resultats.csv"'})

    async def export_json(request: Request) -> Response:
        rows = await _export(request)
        return Response(json.dumps(rows, ensure_ascii=False, indent=2),
                        media_type="application/json; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="resultats.json"'})

    # -- login ----------------------------------------------------------------------------------

    async def login(request: Request) -> Response:
        if token is None:
            return RedirectResponse("/", status_code=303)
        if request.method == "GET":
            return page(request, "connexion.html", next=_local(request.query_params.get("suite", "/")), error="")
        form = await request.form()
        target = _local(str(form.get("suite", "/")))
        if not token_matches(str(form.get("jeton", "")), token):
            return page(request, "connexion.html", 401, next=target, error="Jeton incorrect.")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, cookie_value(token), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return response

    async def logout(request: Request) -> Response:
        response = RedirectResponse(LOGIN, status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    app = Starlette(routes=[
        Route("/", session_list),
        Route("/seances/{session_id}", session_page),
        Route(f"/seances/{{session_id}}/{RECORDING}", session_audio),
        Route("/seances/{session_id}/revue", review, methods=["POST"]),
        Route("/stagiaires/{name}", trainee_page),
        Route("/scenarios/{scenario_id}", scenario_page),
        Route("/export/resultats.csv", export_csv),
        Route("/export/resultats.json", export_json),
        Route(LOGIN, login, methods=["GET", "POST"]),
        Route("/deconnexion", logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ], exception_handlers={HTTPException: http_error, NotReady: not_ready, AccueilError: refused})
    app.add_middleware(Guard, token=token, refuse=refuse)
    return app


def _labels(assessments: list[Assessment]) -> dict[str, str]:
    return {r.id: r.criterion.label for a in assessments if a.machine for r in a.machine.results}


def _page_number(raw: str) -> int:
    return max(1, int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 1


def _query(params: dict) -> str:
    """A link to the list with these filters, sort and page (empty ones and page 1 left out)."""
    return "?" + urlencode({k: v for k, v in params.items() if v and not (k == "page" and v == 1)})


def _local(target: str) -> str:
    """Only redirect within the dashboard after login (never to another site)."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


def _cell(value) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
