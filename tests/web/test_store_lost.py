"""The database lost while the dashboard runs: a French page (503), the server stays up, and the
pages come back with the database."""

from __future__ import annotations

from starlette.testclient import TestClient

from simulator.web import create_app


def test_pages_say_the_sessions_are_unavailable_then_come_back(store, ids, isolated_data):
    client = TestClient(create_app(store), base_url="http://127.0.0.1:8765")
    assert client.get(f"/seances/{ids['text']}").status_code == 200
    database = isolated_data / "accueil.db"
    store.engine.dispose()
    database.rename(isolated_data / "ailleurs.db")
    database.mkdir()  # SQLite cannot open a folder: every new connection fails
    for path in ("/", f"/seances/{ids['text']}", "/stagiaires/Camille"):
        answer = client.get(path)
        assert answer.status_code == 503, path
        assert "Séances momentanément indisponibles" in answer.text and "accueil.db" in answer.text, path
    database.rmdir()
    (isolated_data / "ailleurs.db").rename(database)
    assert client.get(f"/seances/{ids['text']}").status_code == 200
