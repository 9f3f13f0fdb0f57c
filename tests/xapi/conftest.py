"""xAPI tests: sessions recorded through the real store (the dashboard tests' builder), on SQLite
and, when a server answers, PostgreSQL (the store tests' fixtures); no learning record store set
unless a test sets one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))  # the dashboard tests' session builder

from store.conftest import open_store, postgres_server, store_url  # noqa: E402,F401 - SQLite and PostgreSQL

XAPI_VARIABLES = ("ACCUEIL_LRS_URL", "ACCUEIL_LRS_USER", "ACCUEIL_LRS_PASSWORD", "ACCUEIL_XAPI_BASE_IRI",
                  "ACCUEIL_XAPI_HOMEPAGE")


@pytest.fixture(autouse=True)
def no_lrs(monkeypatch):
    for name in XAPI_VARIABLES:
        monkeypatch.delenv(name, raising=False)
