"""Where statements go and how they name things: read from the environment when they are made."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from simulator.errors import InputError

DEFAULT_BASE_IRI = "https://accueil.example/xapi"


def _absolute(value: str, variable: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise InputError(f"{variable} invalide : « {value} » ; attendu une adresse complète, par exemple "
                         f"https://formation.example/accueil")
    return value.rstrip("/")


@dataclass(frozen=True)
class XapiSettings:
    base_iri: str = DEFAULT_BASE_IRI  # activities, types and extensions are named under it
    homepage: str = "https://accueil.example"  # the accounts' homePage (trainees and trainers)
    lrs_url: str | None = None  # the store's xAPI endpoint, …/xAPI; None: nothing is sent
    lrs_user: str | None = None
    lrs_password: str | None = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> XapiSettings:
        """ACCUEIL_XAPI_BASE_IRI, ACCUEIL_XAPI_HOMEPAGE (default: the base's site), ACCUEIL_LRS_URL,
        ACCUEIL_LRS_USER and ACCUEIL_LRS_PASSWORD (HTTP basic authentication)."""
        env = os.environ if environ is None else environ
        base = _absolute(env.get("ACCUEIL_XAPI_BASE_IRI") or DEFAULT_BASE_IRI, "ACCUEIL_XAPI_BASE_IRI")
        site = urlsplit(base)
        homepage = _absolute(env.get("ACCUEIL_XAPI_HOMEPAGE") or f"{site.scheme}://{site.netloc}",
                             "ACCUEIL_XAPI_HOMEPAGE")
        lrs = env.get("ACCUEIL_LRS_URL") or None
        return cls(base, homepage, _absolute(lrs, "ACCUEIL_LRS_URL") if lrs else None,
                   env.get("ACCUEIL_LRS_USER") or None, env.get("ACCUEIL_LRS_PASSWORD") or None)
