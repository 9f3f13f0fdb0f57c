"""The session list by pages, and the page shown while the sessions are being scored."""

from __future__ import annotations

import re
import threading

import pytest
from starlette.testclient import TestClient

from simulator.web import dashboard
from simulator.web import create_app
from simulator.web.pages import sessions
from simulator.web.results import Assessments, Progress


def shown(html: str) -> list[str]:
    """The session ids listed, in order."""
    return re.findall(r'href="/seances/([^"/]+)"', html)


def pager_links(html: str) -> dict[str, str]:
    return {rel: href.replace("&amp;", "&") for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)"', html)}


def test_the_list_comes_by_pages_with_previous_and_next(client, ids, store, monkeypatch):
    monkeypatch.setattr(sessions, "PAGE_SIZE", 2)
    newest_first = [s.id for s in store.list()]
    first = client.get("/").text
    assert "page 1 sur 2 · 3 séances" in first and first.count('class="pages"') == 2  # above and below
    assert shown(first) == newest_first[:2]
    assert pager_links(first) == {"next": "?tri=date&ordre=desc&page=2"} and "← précédente</span>" in first

    second = client.get("/?tri=date&ordre=desc&page=2").text
    assert "page 2 sur 2 · 3 séances" in second and shown(second) == newest_first[2:]
    assert pager_links(second) == {"prev": "?tri=date&ordre=desc"} and "suivante →</span>" in second


def test_filters_and_sort_are_kept_from_page_to_page(client, ids, monkeypatch):
    monkeypatch.setattr(sessions, "PAGE_SIZE", 1)
    first = client.get("/", params={"stagiaire": "Camille", "tri": "note", "ordre": "asc"}).text
    assert "page 1 sur 2 · 2 séances" in first
    assert pager_links(first)["next"] == "?stagiaire=Camille&tri=note&ordre=asc&page=2"
    second = client.get("/" + pager_links(first)["next"]).text
    assert "page 2 sur 2" in second
    assert {*shown(first), *shown(second)} == {ids["voice"], ids["text"]}
    # Sorting again starts from the first page, with the filter kept.
    assert 'href="?stagiaire=Camille&amp;tri=date&amp;ordre=desc"' in second


@pytest.mark.parametrize("raw, number", [("abc", 1), ("0", 1), ("-2", 1), ("²", 1), ("999", 3), ("9" * 5000, 1)])
def test_any_page_number_answers_a_page_of_the_list(client, ids, monkeypatch, raw, number):
    monkeypatch.setattr(sessions, "PAGE_SIZE", 1)
    answer = client.get("/", params={"page": raw})
    assert answer.status_code == 200 and f"page {number} sur 3" in answer.text


def test_one_page_needs_no_pager(client, ids):
    html = client.get("/").text
    assert len(shown(html)) == 3 and 'class="pages"' not in html


def test_while_sessions_are_scored_the_list_shows_the_progress(store, ids, monkeypatch):
    monkeypatch.setattr(dashboard, "PATIENCE", 0.1)
    cache = Assessments(store)
    client = TestClient(create_app(store, None, cache), base_url="http://127.0.0.1:8765")
    cache._warming.acquire()  # as while `accueil serve` warms up
    cache.progress = Progress(1, 300)
    try:
        for path in ("/", "/stagiaires/Camille", "/scenarios/appel-calme", "/export/resultats.csv", "/competences"):
            answer = client.get(path)
            assert answer.status_code == 503 and answer.headers["retry-after"] == "2"
            assert "Préparation du tableau de bord" in answer.text and "1 sur 300" in answer.text
            assert '<meta http-equiv="refresh" content="2">' in answer.text
        assert client.get(f"/seances/{ids['text']}").status_code == 200  # a session is scored on demand
    finally:
        cache._warming.release()
    assert client.get("/").status_code == 200


def test_a_few_sessions_left_to_score_are_waited_for(store, ids, monkeypatch):
    monkeypatch.setattr(dashboard, "PATIENCE", 0.1)
    cache = Assessments(store)
    client = TestClient(create_app(store, None, cache), base_url="http://127.0.0.1:8765")
    cache._warming.acquire()
    cache.progress = Progress(1, 3)
    threading.Timer(0.5, cache._warming.release).start()  # the warm-up ends a little later
    answer = client.get("/")
    assert answer.status_code == 200 and len(shown(answer.text)) == 3
