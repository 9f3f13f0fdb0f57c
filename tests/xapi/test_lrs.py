"""How each answer of a learning record store counts, against a small HTTP server playing one:
204 and 409 (it has it already) are sent, 400 is refused and kept, 401 stops the sending."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from simulator.store import Outgoing
from simulator.xapi.config import XapiSettings
from simulator.xapi.lrs import send


class FakeLrs(BaseHTTPRequestHandler):
    answers: dict[str, int] = {}  # statement id -> status (default 204)
    received: list[tuple[str, dict, str]] = []  # (statement id, JSON, Authorization header)

    def do_PUT(self):  # noqa: N802 - http.server's name
        statement_id = parse_qs(urlsplit(self.path).query)["statementId"][0]
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        assert self.headers["X-Experience-API-Version"] == "1.0.3" and urlsplit(self.path).path == "/xAPI/statements"
        self.received.append((statement_id, body, self.headers.get("Authorization", "")))
        status = self.answers.get(statement_id, 204)
        self.send_response(status)
        text = b'{"detail": "bad statement"}' if status == 400 else b""
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        self.wfile.write(text)

    def log_message(self, *args):
        pass


@pytest.fixture
def lrs():
    FakeLrs.answers, FakeLrs.received = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLrs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield FakeLrs, XapiSettings(lrs_url=f"http://127.0.0.1:{server.server_port}/xAPI", lrs_user="accueil",
                                lrs_password="secret")
    server.shutdown()
    server.server_close()


def outgoing(*ids: str) -> list[Outgoing]:
    return [Outgoing(i, "seance", json.dumps({"id": i}), 0) for i in ids]


def test_known_statements_count_as_sent_and_a_refused_one_does_not_stop_the_others(lrs):
    fake, settings = lrs
    fake.answers = {"deja": 409, "mauvaise": 400}
    answer = send(settings, outgoing("neuve", "deja", "mauvaise", "suivante"))
    assert answer.sent == ["neuve", "deja", "suivante"] and answer.stopped is None
    assert answer.refused == {"mauvaise": 'refusée par le LRS (400 : {"detail": "bad statement"})'}
    assert [(i, body["id"]) for i, body, _ in fake.received] == [(i, i) for i in ("neuve", "deja", "mauvaise", "suivante")]
    assert {auth for *_, auth in fake.received} == {"Basic YWNjdWVpbDpzZWNyZXQ="}  # accueil:secret


@pytest.mark.parametrize(("status", "said"), [
    (401, "le LRS refuse l'accès (401) : vérifiez ACCUEIL_LRS_USER et ACCUEIL_LRS_PASSWORD"),
    (404, "adresse du LRS incorrecte"),
    (503, "le LRS ne répond pas normalement"),
])
def test_a_store_that_cannot_take_any_stops_the_sending(lrs, status, said):
    fake, settings = lrs
    fake.answers = {"deuxieme": status}
    answer = send(settings, outgoing("premiere", "deuxieme", "troisieme"))
    assert answer.sent == ["premiere"] and answer.stopped.startswith(said)
    assert len(fake.received) == 2  # the third one was not tried
