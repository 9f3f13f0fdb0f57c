"""A trainee's progress: every session, the score over time, each criterion's rate, the voice
indicators session after session."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.web import charts
from simulator.web.dashboard import Dashboard, labels
from simulator.session.delivery import LEVEL, RATE, measured
from simulator.web.pages.sessions import SORTS, delivery_of
from simulator.web.results import criterion_rates, weakest_first


def routes(d: Dashboard) -> list[Route]:
    async def trainee_page(request: Request) -> Response:
        name = request.path_params["name"]
        mine = await d.matching_or_404(lambda a: a.info.trainee == name, "Stagiaire introuvable.")
        mine.sort(key=SORTS["date"])
        rates = criterion_rates(mine)
        order = weakest_first(rates)
        names = labels(mine)
        # Kept beside each recording: read, or measured once for a session older than them.
        voices = await run_in_threadpool(lambda: [(a, v) for a in mine if (v := delivery_of(a)) is not None])
        return d.page(request, "stagiaire.html", name=name, sessions=mine, rates=rates, order=order, labels=names,
                      chart=charts.score_chart(mine), grid=charts.criterion_grid(mine, order, names, rates),
                      voices=voices, measured=measured, rate_range=RATE, level_range=LEVEL)

    return [Route("/stagiaires/{name}", trainee_page)]
