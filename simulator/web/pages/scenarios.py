"""A scenario's class results: each trainee's runs and rates, the class average."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.trainer.assessment import Assessment
from simulator.web.dashboard import Dashboard, labels
from simulator.web.results import criterion_rates


def routes(d: Dashboard) -> list[Route]:
    async def scenario_page(request: Request) -> Response:
        scenario_id = request.path_params["scenario_id"]
        theirs = await d.matching_or_404(lambda a: a.info.scenario_id == scenario_id, "Aucune séance pour ce scénario.")
        rates = criterion_rates(theirs)
        order = list(rates)  # the rubric's order
        by_trainee: dict[str, list[Assessment]] = {}
        for a in theirs:
            by_trainee.setdefault(a.info.trainee, []).append(a)
        rows = [(name, runs, criterion_rates(runs)) for name, runs in sorted(by_trainee.items(),
                                                                             key=lambda kv: kv[0].casefold())]
        scores = [a.score for a in theirs if a.score is not None]
        return d.page(request, "scenario.html", scenario_id=scenario_id, rows=rows, rates=rates, order=order,
                      labels=labels(theirs), sessions=theirs,
                      average=round(sum(scores) / len(scores)) if scores else None)

    return [Route("/scenarios/{scenario_id}", scenario_page)]
