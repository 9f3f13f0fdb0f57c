"""The trainer's dashboard: sessions, a session's call and verdicts with their review, a trainee's
progress, a scenario's class results, the class's competencies of the référentiel, and exports.
Starlette routes over the session store, one module of routes per subject (simulator.web.pages),
assembled here."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from simulator.store import SessionStore
from simulator.web.dashboard import HERE, Dashboard
from simulator.web.guard import Guard
from simulator.web.pages import competencies, exports, login, review, scenarios, sessions, trainees
from simulator.web.results import Assessments

PAGES = (sessions, review, trainees, competencies, scenarios, exports, login)


def create_app(store: SessionStore, token: str | None = None, assessments: Assessments | None = None) -> Starlette:
    """The dashboard over `store`; `assessments` is the results cache (`accueil serve` warms it up)."""
    dashboard = Dashboard(store, token, assessments or Assessments(store))
    routes = [route for pages in PAGES for route in pages.routes(dashboard)]
    app = Starlette(routes=[*routes, Mount("/static", StaticFiles(directory=HERE / "static"), name="static")],
                    exception_handlers=dashboard.handlers())
    app.add_middleware(Guard, token=token, refuse=dashboard.refuse)
    return app
