"""The token: login page, cookie, bearer header, and `accueil serve` refusing to listen unprotected."""

from __future__ import annotations

from click.testing import CliRunner
from sessions import TOKEN

from simulator.cli import cli
from simulator.web.guard import COOKIE

ORIGIN = {"Origin": "http://formation.example:8765"}


def test_without_the_token_every_page_is_a_french_401(guarded, ids):
    for path in ("/", f"/seances/{ids['voice']}", f"/seances/{ids['voice']}/appel.wav", "/export/resultats.csv",
                 "/stagiaires/Camille", "/competences", "/competences/grille-competences.csv"):
        answer = guarded.get(path)
        assert answer.status_code == 401, path
        assert "Connexion requise" in answer.text and "Jeton d'accès" in answer.text
    assert guarded.get("/static/style.css").status_code == 200
    assert guarded.get("/", headers={"Authorization": "Bearer faux"}).status_code == 401
    for path, form in (("/stagiaires/Camille/groupe", {"groupe": "BTS"}), ("/stagiaires/Camille/niveau", {
            "code": "C221.1", "niveau": "acquis", "commentaire": "x", "auteur": "y"})):
        assert guarded.post(path, data=form, headers=ORIGIN).status_code == 401, path


def test_bearer_token_opens_every_page(guarded, ids):
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert guarded.get("/", headers=bearer).status_code == 200
    assert guarded.get("/export/resultats.json", headers=bearer).status_code == 200
    answer = guarded.post(f"/seances/{ids['text']}/revue", headers=bearer, data={
        "critere": "closing", "verdict": "echoue", "commentaire": "Pas de formule.", "auteur": "API"})
    assert answer.status_code == 303
    assert guarded.get("/competences", headers=bearer).status_code == 200
    assert guarded.post("/stagiaires/Camille/groupe", headers=bearer, data={"groupe": "BTS"}).status_code == 303


def test_login_sets_a_strict_cookie_then_pages_open(guarded, ids):
    wrong = guarded.post("/connexion", data={"jeton": "mauvais", "suite": "/"}, headers=ORIGIN)
    assert wrong.status_code == 401 and "Jeton incorrect" in wrong.text
    answer = guarded.post("/connexion", data={"jeton": TOKEN, "suite": f"/seances/{ids['voice']}"}, headers=ORIGIN)
    assert answer.status_code == 303 and answer.headers["location"] == f"/seances/{ids['voice']}"
    cookie = answer.headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower() and TOKEN not in cookie
    assert guarded.get(f"/seances/{ids['voice']}").status_code == 200
    # A form with the cookie but from another site is refused (CSRF).
    forged = guarded.post(f"/seances/{ids['text']}/revue", headers={"Origin": "http://evil.example"},
                          data={"critere": "closing", "verdict": "echoue", "commentaire": "x", "auteur": "y"})
    assert forged.status_code == 403
    guarded.cookies.clear()
    guarded.cookies.set(COOKIE, "falsifie")
    assert guarded.get("/").status_code == 401


def test_login_never_redirects_to_another_site(guarded):
    for target in ("//evil.example/", "http://evil.example/", "/\\evil.example"):
        answer = guarded.post("/connexion", data={"jeton": TOKEN, "suite": target}, headers=ORIGIN)
        assert answer.headers["location"] == "/"


def test_serve_refuses_the_network_without_a_token(monkeypatch):
    monkeypatch.delenv("ACCUEIL_WEB_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "donnez un jeton d'accès" in result.output and "Traceback" not in result.output
    short = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--token", "court"])
    assert short.exit_code == 2 and "jeton trop court" in short.output


def test_serve_help_is_french():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "ACCUEIL_WEB_TOKEN" in result.output and "127.0.0.1" in result.output
