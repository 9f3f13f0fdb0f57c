"""The list of sessions (filters, sort, pages), a session's page and its recording."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from simulator.records import RECORDING
from simulator.session.delivery import Delivery, readings, session_delivery
from simulator.text.figures import measured
from simulator.transcript.overlaps import MIN_OVERLAP
from simulator.trainer.assessment import Assessment
from simulator.web import present
from simulator.web.dashboard import Dashboard, NotFound

PAGE_SIZE = 50  # sessions per page of the list
SORTS = {"date": lambda a: (a.info.started_at, a.info.id), "note": lambda a: (a.score is None, a.score or 0)}


def routes(d: Dashboard) -> list[Route]:
    async def session_list(request: Request) -> Response:
        snapshot = await d.everything()
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
        return d.page(request, "seances.html", sessions=shown[(number - 1) * PAGE_SIZE:number * PAGE_SIZE],
                      total=len(shown), number=number, pages=pages, trainee=trainee, scenario=scenario, sort=sort,
                      order=order, link=lambda **changes: _query({**filters, **changes}),
                      trainees=snapshot.trainees, scenarios=snapshot.scenarios, titles=snapshot.titles, row=d.row)

    async def session_page(request: Request) -> Response:
        assessment = d.assessment_or_404(request.path_params["session_id"])
        delivery = await run_in_threadpool(delivery_of, assessment)  # measured on a first look at an old session
        return d.page(request, "seance.html", a=assessment, lines=d.lines(assessment),
                      evidence=present.evidence_html, audio=(assessment.info.directory / RECORDING).is_file(),
                      saved=request.query_params.get("revu", ""), delivery=delivery,
                      readings=readings(delivery) if delivery else [], measured=measured,
                      clock=present.clock, min_overlap=MIN_OVERLAP)

    async def session_audio(request: Request) -> Response:
        info = d.session_or_404(request.path_params["session_id"])
        path = info.directory / RECORDING
        sessions_root = (d.store.data_dir / "sessions").resolve()
        if not path.is_file() or not path.resolve().is_relative_to(sessions_root):
            raise NotFound("Pas d'enregistrement audio pour cette séance.")
        return FileResponse(path, media_type="audio/wav")  # answers Range requests: the player can seek

    return [Route("/", session_list),
            Route("/seances/{session_id}", session_page),
            Route(f"/seances/{{session_id}}/{RECORDING}", session_audio)]


def delivery_of(a: Assessment) -> Delivery | None:
    """The session's « Indicateurs de voix » (kept beside its recording), looked up once per assessment."""
    if "delivery" not in a.views:
        a.views["delivery"] = session_delivery(a.info.directory, a.transcript.events)
    return a.views["delivery"]


def _page_number(raw: str) -> int:
    return max(1, int(raw)) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 1


def _query(params: dict) -> str:
    """A link to the list with these filters, sort and page (empty ones and page 1 left out)."""
    return "?" + urlencode({k: v for k, v in params.items() if v and not (k == "page" and v == 1)})
