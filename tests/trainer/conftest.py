"""Fixtures: recorded sessions built in milliseconds (helpers in recorded.py)."""

from pathlib import Path

import pytest

from simulator.store import SessionStore
from recorded import record_session


@pytest.fixture
def records(isolated_data: Path) -> SessionStore:
    return SessionStore(isolated_data)


@pytest.fixture
def voice_session(records) -> str:
    return record_session(records)


@pytest.fixture
def text_session(records) -> str:
    return record_session(records, voice=False)
