"""Who may use the dashboard. On the loopback interface without a token, only local host names are
accepted (against DNS rebinding); with a token every request needs it, as a cookie set by the
login page or as `Authorization: Bearer`. Every form POST must come from the dashboard's own pages
(Origin or Referer of the same host), so that another site cannot post reviews in a trainer's name.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.errors import InputError

COOKIE = "accueil_jeton"
LOGIN = "/connexion"
PUBLIC_PREFIXES = ("/static/", LOGIN)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
LOOPBACK_ADDRESSES = ("127.0.0.1", "localhost", "::1")  # what --host may be without a token
MIN_TOKEN_CHARS = 12
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# The pages load nothing from elsewhere and run no inline script: injected markup could not run.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def cookie_value(token: str) -> str:
    """What the cookie holds: derived from the token, so the token itself is not stored in the browser."""
    return hmac.new(token.encode(), b"accueil-web-session", hashlib.sha256).hexdigest()


def token_matches(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode(), token.encode())


def authorized(request: Request, token: str) -> bool:
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and given and token_matches(given.strip(), token):
        return True
    return hmac.compare_digest(request.cookies.get(COOKIE, "").encode(), cookie_value(token).encode())


def bearer(request: Request) -> bool:
    return request.headers.get("authorization", "").lower().startswith("bearer ")


def same_origin(request: Request) -> bool:
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == host
    referer = request.headers.get("referer")
    return bool(referer) and urlsplit(referer).netloc == host


def host_name(request: Request) -> str:
    host = request.headers.get("host", "")
    return host.rsplit(":", 1)[0] if not host.endswith("]") else host


class Guard:
    """Plain ASGI middleware: Starlette's BaseHTTPMiddleware cost 0.2 ms a request, a tenth of a page."""

    def __init__(self, app: ASGIApp, token: str | None, refuse):
        self.app = app
        self.token = token
        self.refuse = refuse  # (request, status, message) -> Response: the French error or login page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        response = self._check(Request(scope))
        if response is not None:
            response.headers.update(SECURITY_HEADERS)
            return await response(scope, receive, send)

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)
        await self.app(scope, receive, send_secured)

    def _check(self, request: Request) -> Response | None:
        if self.token is None and host_name(request) not in LOOPBACK_HOSTS:
            return self.refuse(request, 400, "Adresse inattendue : ce tableau de bord ne répond qu'en local "
                                             "(127.0.0.1 ou localhost).")
        if request.method not in SAFE_METHODS and not bearer(request) and not same_origin(request):
            return self.refuse(request, 403, "Formulaire refusé : il ne vient pas d'une page de ce tableau de bord. "
                                             "Rechargez la page et recommencez.")
        if self.token is not None and not request.url.path.startswith(PUBLIC_PREFIXES) \
                and not authorized(request, self.token):
            return self.refuse(request, 401, "")
        return None


def serving_token(host: str, token: str | None) -> str | None:
    """The token the dashboard will ask for on `host` (None: none), or why it cannot be served so."""
    token = (token or "").strip() or None
    if token is None and host not in LOOPBACK_ADDRESSES:
        raise InputError(f"écouter sur {host} rend les séances visibles depuis le réseau : donnez un jeton d'accès "
                         "(--token ou variable ACCUEIL_WEB_TOKEN), ou gardez --host 127.0.0.1")
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise InputError(f"jeton trop court (au moins {MIN_TOKEN_CHARS} caractères) ; par exemple : "
                         "python3 -c 'import secrets; print(secrets.token_urlsafe())'")
    return token
