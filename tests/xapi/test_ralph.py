"""A real learning record store: Ralph (France Université Numérique), in its own virtual
environment (.venv-ralph, made by `make test`), with its file-system backend. Sessions are played
and reviewed, the store is stopped mid-way and restarted, the outbox flushed: every statement is
there exactly once, as it was sent, and valid: Ralph's API checks the actor and the ids of each on
PUT, and its strict xAPI 1.0.3 model (`BaseXapiStatement`) checks every one that it holds.

Ralph is served as `ralph runserver -b fs` serves it (its app `ralph.api:app` under uvicorn, set up
by RALPH_* variables), with two differences: no development reloader (one process, started in 3 s),
and its file-system backend appending statements to its file. Ralph 4.2 to 5.1 write each request
to that one file in « create » mode, so every statement after the first fails (500, « already
exists and overwrite is not allowed »): that backend is meant for a single import, not for a
running store.

Skipped when .venv-ralph is missing, unless ACCUEIL_REQUIRE_LRS=1 (CI), which fails instead."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sessions import VOICE_CALL
from sqlalchemy import select, update
from test_outbox import play

from simulator.cli import cli
from simulator.store import SessionStore
from simulator.store.sessions import xapi_outbox
from simulator.xapi.outbox import after_review, after_session

RALPH_VENV = Path(__file__).resolve().parents[2] / ".venv-ralph"
USER, PASSWORD = "accueil", "mot-de-passe-du-lrs"
HEADERS = {"X-Experience-API-Version": "1.0.3"}
SERVE = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND  # see the module's docstring
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""
VALIDATE = """
import json, sys
from ralph.models.xapi.base.statements import BaseXapiStatement
problems = []
for line in sys.stdin:
    try:
        BaseXapiStatement.model_validate(json.loads(line))
    except Exception as exc:
        problems.append(str(exc))
print(json.dumps(problems))
"""


@pytest.fixture(scope="module")
def ralph_venv() -> Path:
    if not (RALPH_VENV / "bin" / "ralph").exists():
        reason = "Ralph's virtual environment .venv-ralph is missing: `make test` creates it"
        if os.environ.get("ACCUEIL_REQUIRE_LRS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return RALPH_VENV


class Ralph:
    """Ralph's LRS on a free port; its statements in `root/donnees`, kept across restarts."""

    def __init__(self, venv: Path, root: Path):
        self.venv, self.root = venv, root
        root.mkdir(parents=True)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self.env = {**os.environ, "RALPH_APP_DIR": str(root / "app"), "RALPH_AUTH_FILE": str(root / "auth.json"),
                    "RALPH_RUNSERVER_BACKEND": "fs",
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(root / "donnees")}
        subprocess.run([venv / "bin" / "ralph", "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
                        "-A", USER, "https://accueil.example", "-w"], env=self.env, check=True, capture_output=True)
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with (self.root / "ralph.log").open("a") as log:
            self.process = subprocess.Popen([self.venv / "bin" / "python", "-c", SERVE, str(self.port)],
                                            cwd=self.root, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            assert self.process.poll() is None, (self.root / "ralph.log").read_text()
            time.sleep(0.2)
        pytest.fail(f"Ralph did not start: {(self.root / 'ralph.log').read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        self.process = None

    def statements(self) -> list[dict]:
        found, url = [], f"{self.url}/statements?limit=100"
        while url:
            page = httpx.get(url, auth=(USER, PASSWORD), headers=HEADERS, timeout=10).raise_for_status().json()
            found += page["statements"]
            url = f"http://127.0.0.1:{self.port}{page['more']}" if page.get("more") else None
        return found


@pytest.fixture
def ralph(ralph_venv, tmp_path, monkeypatch):
    server = Ralph(ralph_venv, tmp_path / "ralph")
    monkeypatch.setenv("ACCUEIL_LRS_URL", server.url)
    monkeypatch.setenv("ACCUEIL_LRS_USER", USER)
    monkeypatch.setenv("ACCUEIL_LRS_PASSWORD", PASSWORD)
    server.start()
    yield server
    server.stop()


def review(store: SessionStore, session_id: str, author: str = "Mme Durand") -> None:
    """A trainer's review saved as the dashboard saves it, then sent as the dashboard sends it."""
    override = store.add_override(session_id, "satisfaction", True, "Question posée hors micro.", author)
    after_review(store, override).join(timeout=30)


def test_every_statement_reaches_ralph_once_through_an_outage(ralph, isolated_data, tmp_path):
    store = SessionStore(isolated_data)
    first = play(store)
    said = after_session(store, first)
    assert said.startswith("xAPI : ") and said.endswith("envoyées au LRS.") and store.outbox_counts()[1] == 0, said
    review(store, first)
    assert store.outbox_counts()[1] == 0

    ralph.stop()  # the LRS goes down: calls and reviews go on, their statements wait
    second = play(store, VOICE_CALL, "Léa")
    said = after_session(store, second)
    assert "LRS injoignable" in said, said
    review(store, second, "M. Martin")
    review(store, first, "M. Martin")
    waiting = store.outbox_counts()[1]
    assert waiting >= 6  # the second call (attempted, completed, its criteria) and the two reviews

    ralph.start()
    # A statement the LRS got but whose answer was lost (the process stopped before marking it sent).
    with store.engine.begin() as db:
        db.execute(update(xapi_outbox).where(xapi_outbox.c.seq == 1).values(sent_at=None))
    result = CliRunner().invoke(cli, ["xapi", "envoyer"], prog_name="accueil")
    assert result.exit_code == 0, result.output
    assert result.output == f"{waiting + 1} déclarations envoyées au LRS.\n", result.output  # none queued again
    assert store.outbox_counts()[1] == 0

    received = ralph.statements()
    counts = Counter(s["id"] for s in received)
    queued, _ = store.queued()
    assert set(counts) == queued and set(counts.values()) == {1}  # every statement, each exactly once
    with store.engine.connect() as db:
        sent = {row.id: json.loads(row.statement) for row in db.execute(select(xapi_outbox))}
    for held in received:  # as sent (the LRS adds its own `stored` and `authority`)
        assert {k: held[k] for k in sent[held["id"]]} == sent[held["id"]]
    exported = tmp_path / "export.ndjson"
    assert CliRunner().invoke(cli, ["xapi", "export", "-o", str(exported)], prog_name="accueil").exit_code == 0
    assert {json.loads(line)["id"] for line in exported.read_text(encoding="utf-8").splitlines()} == queued
    by_verb = Counter(s["verb"]["id"].rsplit("/", 1)[1] for s in received)
    assert by_verb["attempted"] == by_verb["completed"] == 2 and by_verb["reviewed"] == 3
    assert {s["actor"]["name"] for s in received if s["verb"]["id"].endswith("reviewed")} == {"Mme Durand", "M. Martin"}

    checked = subprocess.run([ralph.venv / "bin" / "python", "-c", VALIDATE], capture_output=True, text=True,
                             input="".join(json.dumps(s) + "\n" for s in received), check=True)
    assert json.loads(checked.stdout) == []
