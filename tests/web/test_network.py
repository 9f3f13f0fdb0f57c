"""The real dashboard listening on the network: nothing but the login page without the token.

`accueil serve --host 0.0.0.0 --token …` in a subprocess, reached through the machine's own
network address when it has one (else through the loopback, which 0.0.0.0 also covers)."""

from __future__ import annotations

import re
import socket
import subprocess

import httpx
import pytest
from server import Server
from sessions import TOKEN, populate


def network_address() -> str:
    """An IPv4 address of this machine other than the loopback, when there is one."""
    try:
        listing = subprocess.run(["ip", "-4", "-o", "addr", "show", "scope", "global"], capture_output=True,
                                 text=True, timeout=5).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    found = re.findall(r"inet (\d+\.\d+\.\d+\.\d+)/", listing)
    return found[0] if found else "127.0.0.1"


@pytest.fixture
def on_the_network(isolated_data):
    ids = populate(isolated_data)
    running = Server(isolated_data, host="0.0.0.0", token=TOKEN, address=network_address()).start()
    running.ids = ids
    yield running
    running.stop()


def test_without_the_token_nothing_but_the_login_page(on_the_network):
    server, voice = on_the_network, on_the_network.ids["voice"]
    pages = ["/", f"/seances/{voice}", f"/seances/{voice}/appel.wav", "/stagiaires/Camille",
             "/scenarios/appel-calme", "/export/resultats.csv", "/export/resultats.json"]
    with httpx.Client(base_url=server.url, follow_redirects=False, timeout=10) as client:
        for path in pages:
            for headers in ({}, {"Authorization": "Bearer mauvais-jeton-0123456789"},
                            {"Cookie": "accueil_jeton=forge"}):
                answer = client.get(path, headers=headers)
                assert answer.status_code == 401, (path, headers)
                assert "radiologie" not in answer.text and "RIFF" not in answer.text  # no session data
                assert "jeton" in answer.text.lower()  # the French login form
        refused = client.post(f"/seances/{voice}/revue", data={"critere": "greeting", "verdict": "echoue",
                                                               "commentaire": "x", "auteur": "intrus"},
                              headers={"Origin": server.url})
        assert refused.status_code == 401
        bearer = {"Authorization": f"Bearer {TOKEN}"}
        for path in pages:
            assert client.get(path, headers=bearer).status_code == 200, path
        assert "radiologie" in client.get(f"/seances/{voice}", headers=bearer).text
        assert client.get("/seances/..%2F..%2Faccueil.db", headers=bearer).status_code == 404
        for raw in ("/seances/../accueil.db", "/static/../../../../etc/passwd"):
            assert server.raw_get(raw) in (400, 401, 404), raw


def test_the_listening_address_is_really_the_network(on_the_network):
    # Guard against a vacuous test: the server must answer on the address the clients use.
    with socket.create_connection((on_the_network.address, on_the_network.port), timeout=2):
        pass
