"""The dashboard in a real browser (Debian's chromium driven by Playwright) against the real server:
list, session page, audio playback and seeking, a review that changes the score and survives a restart.

Skipped when chromium or Playwright is missing, unless ACCUEIL_REQUIRE_BROWSER=1 (CI), which fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from server import Server
from sessions import populate, populate_class, record_spoken

from simulator.store import SessionStore
from simulator.web.report import write_report
from simulator.web.results import Assessments

CHROMIUM = Path(os.environ.get("ACCUEIL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--autoplay-policy=no-user-gesture-required", "--mute-audio"]


def _unavailable() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} absent (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright absent (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _unavailable()
    if reason:
        if os.environ.get("ACCUEIL_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshots go: ACCUEIL_WEB_SCREENSHOTS to look at them after the run."""
    folder = Path(os.environ.get("ACCUEIL_WEB_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def server(isolated_data):
    ids = populate(isolated_data)
    running = Server(isolated_data).start()
    running.ids = ids
    yield running
    running.stop()


def test_raw_traversal_paths_never_leave_the_store(server):
    for path in ("/seances/../../etc/passwd", "/seances/..%2F..%2Fetc%2Fpasswd", "/seances/../accueil.db",
                 "/static/../../../../etc/passwd", "/static/..%2F..%2Fapp.py", "/seances/%2e%2e/appel.wav"):
        assert server.raw_get(path) in (400, 404), path


def test_trainer_listens_seeks_reviews_and_the_review_persists(server, browser, shots):
    voice = server.ids["voice"]
    # The pages forbid eval (Content-Security-Policy); Playwright's wait_for_function needs it.
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page.goto(server.url + "/")
    assert page.locator("h1").inner_text() == "Séances enregistrées"
    assert page.locator("table.liste tbody tr").count() == 3
    page.locator(f'a[href="/seances/{voice}"]').click()
    page.wait_for_url(f"**/seances/{voice}")

    # The call plays...
    page.wait_for_function("document.getElementById('audio').readyState >= 1")
    page.evaluate("document.getElementById('audio').play()")
    page.wait_for_function("!document.getElementById('audio').paused "
                           "&& document.getElementById('audio').currentTime > 0.3", timeout=10_000)
    # ...and clicking a transcript line seeks to it.
    page.locator("#tour-3").click()
    page.wait_for_function("Math.abs(document.getElementById('audio').currentTime - 5) < 1", timeout=10_000)
    assert page.evaluate("document.getElementById('audio').paused") is False
    page.wait_for_selector("#tour-3.en-cours")
    page.evaluate("document.getElementById('audio').pause()")
    page.screenshot(path=str(shots / "seance.png"), full_page=True)

    # A trainer overrides « satisfaction »: the score changes, the machine's stays beside it.
    assert page.locator(".grande-note .note").inner_text() == "89/100"
    card = page.locator("#critere-satisfaction")
    card.locator("summary").click()
    card.locator('input[value="reussi"]').check()
    card.locator('textarea[name="commentaire"]').fill("Elle a demandé s'il fallait autre chose, hors micro.")
    card.locator('input[name="auteur"]').fill("Mme Durand")
    card.locator('button[type="submit"]').click()
    page.wait_for_url("**revu=satisfaction**")
    assert page.locator(".grande-note .note").inner_text() == "100/100"
    assert "machine : 89/100" in page.locator(".grande-note").inner_text()
    assert "Révisé par Mme Durand" in card.inner_text() and "(machine : à revoir)" in card.inner_text()
    page.screenshot(path=str(shots / "seance-revue.png"), full_page=False)

    server.stop()
    server.start()
    page.goto(f"{server.url}/seances/{voice}")
    assert page.locator(".grande-note .note").inner_text() == "100/100"
    assert "Mme Durand" in page.locator("#critere-satisfaction").inner_text()
    page.goto(server.url + "/stagiaires/Camille")
    assert page.locator("svg.graphique circle.point").count() == 2
    assert page.locator(".legende").inner_text() == "Demande d'horaires à la clinique"
    page.screenshot(path=str(shots / "stagiaire.png"), full_page=True)
    page.goto(server.url + "/scenarios/appel-calme")
    page.screenshot(path=str(shots / "scenario.png"), full_page=True)
    page.close()


def test_the_report_names_its_scenario_and_plays(isolated_data, browser, shots, tmp_path):
    voice = populate(isolated_data)["voice"]
    report = tmp_path / "compte-rendu.html"
    write_report(Assessments(SessionStore(isolated_data)).one(voice), report)
    page = browser.new_page(viewport={"width": 1100, "height": 900})  # under the report's own CSP
    page.goto(report.as_uri())
    header = page.locator("dl.header").inner_text()
    assert "Demande d'horaires à la clinique (appel-calme) · Clinique Nest" in header
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d · durée 00:14", header)
    page.wait_for_function("document.getElementById('appel').readyState >= 1")
    page.screenshot(path=str(shots / "compte-rendu.png"), full_page=True)
    page.close()


def test_no_script_injected_by_a_transcript_runs(server, browser):
    page = browser.new_page(bypass_csp=True)  # escaping alone must hold, without the CSP's help
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in (f"/seances/{server.ids['hostile']}", "/", "/competences"):
        page.goto(server.url + path)
        page.locator("main a, main .ligne").filter(has_text="onmouseover").first.hover()
        assert page.locator("[onmouseover], [onerror], main script, main img").count() == 0
    page.goto(f"{server.url}/seances/{server.ids['hostile']}")
    assert "<script>alert(1)</script>" in page.locator("#tour-1 .texte").inner_text()
    assert dialogs == []
    page.close()


# Slower turns, each answered 2 s after the caller: about 3.3 syll/s, under the range.
SLOW = {0: (0.2, 3.2), 1: (3.6, 7.2), 2: (9.2, 13.0), 3: (13.4, 15.0), 4: (17.0, 19.4)}


def test_the_trainee_page_charts_the_voice_session_after_session(isolated_data, browser, shots):
    populate(isolated_data)  # two of Camille's sessions, neither with indicators
    store = SessionStore(isolated_data)
    steady, slow = record_spoken(store), record_spoken(store, SLOW)
    running = Server(isolated_data).start()
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(running.url + "/stagiaires/Camille")
        rate = page.get_by_role("img", name="Débit médian (syll/s) de chaque séance, de la plus ancienne à la plus "
                                            "récente")  # its <title>
        assert rate.locator("circle.point").count() == 2  # of four sessions, the two with indicators
        band = rate.locator("rect.bande-repere").bounding_box()
        assert band["height"] > 10 and band["width"] > 200

        def centre(chart, session):
            box = chart.locator(f'a[href="/seances/{session}"] circle').bounding_box()
            return box["y"] + box["height"] / 2

        assert band["y"] < centre(rate, steady) < band["y"] + band["height"]  # about 5 syll/s: in the range
        assert centre(rate, slow) > band["y"] + band["height"]  # slower than it
        description = page.locator("#desc-debit").text_content()
        assert description.startswith("Repère 4 à 5,5 syll/s, en bande ombrée.") and description.count("syll/s") == 3
        gap = page.get_by_role("img", name=re.compile("^Délai de réponse médian"))
        assert gap.locator("circle.point").count() == 2 and gap.locator("rect.bande-repere").count() == 1
        band = gap.locator("rect.bande-repere").bounding_box()
        assert centre(gap, slow) < band["y"] < centre(gap, steady) < band["y"] + band["height"]  # 2 s, 0.4 s
        assert "0,4" in gap.locator(f'a[href="/seances/{steady}"] title').text_content()
        page.locator("#indicateurs").screenshot(path=str(shots / "stagiaire-voix.png"))
        page.close()
    finally:
        running.stop()


def test_the_class_view_filters_by_group_and_reaches_the_proving_sessions(isolated_data, browser, shots):
    populate(isolated_data)
    calls = populate_class(isolated_data)
    SessionStore(isolated_data).set_level("Bruno", "C121.1", "acquis", "Vu en stage, au standard.", "M. Martin")
    running = Server(isolated_data).start()
    try:
        page = browser.new_page(viewport={"width": 1300, "height": 960}, locale="fr-FR")
        page.goto(running.url + "/")
        page.get_by_role("link", name="Compétences", exact=True).click()
        page.wait_for_url("**/competences")
        matrix = page.locator("table.matrice")
        assert matrix.locator("tbody tr").count() == 4  # Bruno, Camille, Inès, Zoé
        assert matrix.locator("th.famille").all_inner_texts()[:2] == ["Compétences", "Comportements professionnels"]

        page.locator('select[name="groupe"]').select_option("BTS 1 A")
        page.locator('input[name="du"]').fill("2026-01-01")
        page.locator('input[name="au"]').fill("2026-01-31")
        page.get_by_role("button", name="Afficher").click()
        page.wait_for_url(re.compile(r"/competences\?groupe=BTS\+1\+A&du=2026-01-01&au=2026-01-31$"))
        rows = matrix.locator("tbody tr")
        assert [rows.nth(i).locator("th").inner_text().split("\n")[0] for i in range(rows.count())] == ["Bruno",
                                                                                                      "Camille"]
        assert page.locator('select[name="groupe"]').input_value() == "BTS 1 A"  # the filters stay shown
        camille = page.get_by_role("link", name="Camille · C221.1 : acquis")
        assert camille.inner_text() == "A"  # letters, not only a colour
        assert page.get_by_role("link", name="Bruno · C221.1 : non acquis").inner_text() == "NA"
        assert page.get_by_role("link", name="Bruno · C121.1 : acquis, fixé par un formateur").inner_text() == "A✎"

        # The proving sessions show while the pointer is on the cell, and each opens its session.
        cell = page.locator("td", has=camille)
        proofs = cell.locator(".preuves-case")
        assert not proofs.is_visible()
        camille.hover()
        assert proofs.is_visible()
        assert proofs.locator("li").count() == 4 and "3 réussites sur 4 séances" in proofs.inner_text()
        page.screenshot(path=str(shots / "competences.png"))  # docs/tableau-competences.png
        proofs.locator(f'a[href="/seances/{calls["Camille"][2]}"]').click()  # the call of difficulty 4
        page.wait_for_url(f"**/seances/{calls['Camille'][2]}")

        # ...and from the keyboard: the cell's link, then its sessions, in the order of the page.
        page.go_back()
        camille = page.get_by_role("link", name="Camille · C221.1 : acquis")
        camille.focus()
        assert page.locator("td", has=camille).locator(".preuves-case").is_visible()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('href')") == f"/seances/{calls['Camille'][3]}"
        page.close()
    finally:
        running.stop()
