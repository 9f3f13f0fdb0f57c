from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))  # the session builder shared with the browser test

from sessions import TOKEN, populate  # noqa: E402

from simulator.store import SessionStore  # noqa: E402
from simulator.web import create_app  # noqa: E402

LOCAL = "http://127.0.0.1:8765"


@pytest.fixture
def ids(isolated_data) -> dict[str, str]:
    return populate(isolated_data)


@pytest.fixture
def store(isolated_data, ids) -> SessionStore:
    return SessionStore(isolated_data)


@pytest.fixture
def client(store) -> TestClient:
    """The dashboard on the loopback interface, without a token; form posts come from its own pages."""
    return TestClient(create_app(store), base_url=LOCAL, headers={"Origin": LOCAL})


@pytest.fixture
def guarded(store) -> TestClient:
    """The dashboard with a token, as when it listens on the network."""
    return TestClient(create_app(store, TOKEN), base_url="http://formation.example:8765", follow_redirects=False)


@pytest.fixture
def paris(monkeypatch):
    """The machine's clock in French time (reviews are stored in UTC, sessions with their offset)."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
