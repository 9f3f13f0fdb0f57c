"""Signing in with the dashboard's token, and out."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from simulator.web.dashboard import Dashboard, local
from simulator.web.guard import COOKIE, LOGIN, cookie_value, token_matches


def routes(d: Dashboard) -> list[Route]:
    async def login(request: Request) -> Response:
        if d.token is None:
            return RedirectResponse("/", status_code=303)
        if request.method == "GET":
            return d.page(request, "connexion.html", next=local(request.query_params.get("suite", "/")), error="")
        form = await request.form()
        target = local(str(form.get("suite", "/")))
        if not token_matches(str(form.get("jeton", "")), d.token):
            return d.page(request, "connexion.html", 401, next=target, error="Jeton incorrect.")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(COOKIE, cookie_value(d.token), httponly=True, samesite="strict",
                            secure=request.url.scheme == "https", path="/")
        return response

    async def logout(request: Request) -> Response:
        response = RedirectResponse(LOGIN, status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    return [Route(LOGIN, login, methods=["GET", "POST"]), Route("/deconnexion", logout, methods=["POST"])]
