"""`accueil serve` under load: the real server in a subprocess, over a store of 120 sessions, asked
for the list and session pages by 20 concurrent clients for a few seconds (wrk, as in
bench/dashboard_load.py, when it is installed; threads of httpx clients otherwise). Every answer
is a 200, and what changes meanwhile shows in the next answer: a review from another workstation,
a session recorded, the rubric edited. No timing is asserted here: the benchmark measures."""

from __future__ import annotations

import re
import shutil
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from server import Server
from sessions import TEXT_CALL, VOICE_CALL

from simulator import paths
from simulator.events import TraineeSaid
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric, score_transcript
from simulator.store import SessionStore
from simulator.transcript.dialogue import parse_dialogue

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from dashboard_load import run_wrk  # noqa: E402

SESSIONS, CLIENTS, SECONDS = 120, 20, 4
TRAINEES = ["Camille", "Léa", "Hugo", "Inès", "Nathan"]


def build(data_dir: Path) -> list[str]:
    """SESSIONS finished sessions of five trainees, written through the store as a call writes them."""
    store, calm = SessionStore(data_dir), find_scenario("appel-calme")
    ids = []
    for n in range(SESSIONS):
        trainee = TRAINEES[n % len(TRAINEES)]
        dialogue = (VOICE_CALL, TEXT_CALL)[n % 2].replace("Camille", trainee)
        transcript = parse_dialogue(dialogue).transcript(calm.context(trainee))
        info = store.create(transcript.context, calm.rubric, "texte")
        for seq, event in enumerate(transcript.events):
            store.append(info.id, seq, event)
        store.finish(info.id, score_transcript(transcript, find_rubric(calm.rubric), calm.intents))
        ids.append(info.id)
    store.close()
    return ids


def hammer(url: str, paths_: list[str], connections: int, seconds: float) -> dict:
    """`connections` clients asking for `paths_` in turn; the same counts as run_wrk's."""
    stop = time.monotonic() + seconds

    def client(offset: int) -> Counter:
        statuses: Counter = Counter()
        with httpx.Client(base_url=url, timeout=10) as http:
            n = offset
            while time.monotonic() < stop:
                try:
                    statuses[http.get(paths_[n % len(paths_)]).status_code] += 1
                except httpx.TransportError:
                    statuses["socket"] += 1
                n += 1
        return statuses
    with ThreadPoolExecutor(connections) as pool:
        statuses = sum(pool.map(client, range(connections)), Counter())
    return {"requests": sum(statuses.values()), "non_2xx": sum(c for s, c in statuses.items() if s != 200),
            "socket_errors": statuses["socket"]}


@pytest.fixture
def rubrics(tmp_path, monkeypatch):
    folder = tmp_path / "rubrics"
    shutil.copytree(paths.rubrics_dir(), folder)
    monkeypatch.setenv("ACCUEIL_RUBRICS", str(folder))  # the server is started with this environment
    return folder


def ready(http: httpx.Client, path: str = "/", patience: float = 120) -> httpx.Response:
    """The page once the sessions are scored (until then the list shows the progress: 503)."""
    deadline = time.monotonic() + patience
    while (answer := http.get(path)).status_code == 503 and time.monotonic() < deadline:
        time.sleep(0.2)
    return answer


def test_the_dashboard_answers_every_request_under_load_and_stays_up_to_date(isolated_data, rubrics):
    ids = build(isolated_data)
    server = Server(isolated_data).start()
    try:
        http = httpx.Client(base_url=server.url, timeout=30)
        first = ready(http)
        assert first.status_code == 200 and f"page 1 sur 3 · {SESSIONS} séances" in first.text

        load_paths = ["/", "/?page=2", "/?page=3", *(f"/seances/{i}" for i in ids)]
        result: dict = {}
        run = run_wrk if shutil.which("wrk") else hammer
        loader = threading.Thread(target=lambda: result.update(run(server.url, load_paths, CLIENTS, SECONDS)))
        loader.start()
        time.sleep(0.5)

        # Another workstation reviews a verdict: the session page and the list show it at once.
        other = SessionStore(isolated_data)
        text_session = ids[1]  # TEXT_CALL: fails « satisfaction », 89/100
        other.add_override(text_session, "satisfaction", True, "Question posée hors micro.", "Mme Durand")
        page = http.get(f"/seances/{text_session}")
        assert page.status_code == 200 and "Révisé par Mme Durand" in page.text and "100/100" in page.text

        # A trainee records a call meanwhile: it is first in the list as soon as it exists.
        calm = find_scenario("appel-calme")
        live = other.create(calm.context("Zoé"), calm.rubric, "texte")
        listed = http.get("/")
        assert listed.status_code == 200 and f"page 1 sur 3 · {SESSIONS + 1} séances" in listed.text
        assert re.findall(r'href="/seances/([^"/]+)"', listed.text)[0] == live.id
        other.append(live.id, 0, TraineeSaid(0.0, "Clinique Nest, Zoé, bonjour."))
        assert "Clinique Nest, Zoé, bonjour." in http.get(f"/seances/{live.id}").text

        loader.join()
        assert result["requests"] > 0
        assert (result["non_2xx"], result["socket_errors"]) == (0, 0)

        # The rubric is edited: a session page shows the new rubric at once, the list once all
        # sessions are scored again (meanwhile it shows the progress).
        standard = rubrics / "standard.yaml"
        standard.write_text(standard.read_text(encoding="utf-8")
                            .replace("Message d'accueil : structure, prénom, bonjour", "Accueil au décroché"),
                            encoding="utf-8")
        assert "Accueil au décroché" in http.get(f"/seances/{ids[0]}").text
        assert ready(http, f"/scenarios/{calm.id}").status_code == 200
        assert "Accueil au décroché" in http.get(f"/scenarios/{calm.id}").text
    finally:
        server.stop()
    output = server.process.stdout.read()
    assert f"{SESSIONS} séances évaluées en" in output and "le tableau de bord est prêt" in output
