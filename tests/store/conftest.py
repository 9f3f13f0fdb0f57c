"""Store tests run on SQLite and, when a server answers, on PostgreSQL.

PostgreSQL: ACCUEIL_TEST_POSTGRES_URL, else the server of scripts/postgres-test-server.sh if it
is up; skipped when none answers, unless ACCUEIL_REQUIRE_POSTGRES=1 (CI), which fails instead.
Each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets

import psycopg
import pytest
from sqlalchemy import make_url

from simulator.store import SessionStore

SCRIPT_SERVER = "postgresql://accueil:accueil@127.0.0.1:5432/accueil_test"


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    url = libpq(os.environ.get("ACCUEIL_TEST_POSTGRES_URL") or SCRIPT_SERVER)
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as exc:
        reason = f"no PostgreSQL server for the store tests ({exc}); run scripts/postgres-test-server.sh"
        if os.environ.get("ACCUEIL_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A database URL of its own for this test: a SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'accueil.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    schema = f"test_{secrets.token_hex(6)}"
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    yield (make_url(server).set(drivername="postgresql+psycopg")
           .update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False))
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def open_store(tmp_path, store_url):
    """Open the test's store, as a new process would; every store opened is closed afterwards."""
    opened = []

    def open_() -> SessionStore:
        opened.append(SessionStore(tmp_path, url=store_url))
        return opened[-1]
    yield open_
    for store in opened:
        store.close()
