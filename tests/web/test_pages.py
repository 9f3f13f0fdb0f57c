"""The dashboard's pages, through Starlette's TestClient."""

from __future__ import annotations

from sessions import ATTRIBUTE, HOSTILE, review


def test_list_shows_sessions_with_trainee_scenario_date_duration_score_status(client, ids):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<html lang="fr">' in html and "Séances enregistrées" in html
    assert "Demande d&#39;horaires à la clinique" in html and "Camille" in html
    assert "14 s" in html and "89/100" in html and "terminée" in html
    for session_id in ids.values():
        assert f"/seances/{session_id}" in html


def test_list_filters_and_sorts(client, ids):
    html = client.get("/", params={"stagiaire": "Camille"}).text
    assert ids["voice"] in html and ids["text"] in html and ids["hostile"] not in html
    html = client.get("/", params={"scenario": "appel-calme"}).text
    assert ids["hostile"] not in html
    rising = client.get("/", params={"tri": "note", "ordre": "asc"}).text
    assert rising.index(ids["hostile"]) < rising.index(ids["voice"])  # 33/100 before 89/100
    falling = client.get("/", params={"tri": "note", "ordre": "desc"}).text
    assert falling.index(ids["hostile"]) > falling.index(ids["voice"])
    assert "Aucune séance pour ce filtre" in client.get("/", params={"stagiaire": "Personne"}).text


def test_session_page_shows_audio_transcript_verdicts_and_evidence(client, ids):
    html = client.get(f"/seances/{ids['voice']}").text
    assert f'src="/seances/{ids["voice"]}/appel.wav"' in html and '<script src="/static/seance.js"' in html
    assert 'id="tour-1"' in html and 'data-t="0.00"' in html and 'data-t="5.00"' in html
    # Evidence: the cited turn is marked, the matched words highlighted (in the transcript and the criterion).
    assert "<mark>Clinique</mark> <mark>Nest</mark>, <mark>Camille</mark>, <mark>bonjour</mark>" in html
    assert 'href="#tour-1"' in html and "cité pour : Message d&#39;accueil" in html
    assert "✓ réussi" in html and "✗ à revoir" in html and "Réviser ce critère" in html
    assert "Votre message d&#39;accueil est complet" in html  # French feedback from the rubric
    text = client.get(f"/seances/{ids['text']}").text
    assert "pas d'enregistrement audio" in text and "<audio" not in text


def test_audio_is_served_with_range_requests(client, ids, store):
    whole = client.get(f"/seances/{ids['voice']}/appel.wav")
    assert whole.status_code == 200 and whole.headers["content-type"] == "audio/wav"
    assert whole.headers["accept-ranges"] == "bytes"
    part = client.get(f"/seances/{ids['voice']}/appel.wav", headers={"Range": "bytes=44-143"})
    assert part.status_code == 206 and part.content == whole.content[44:144]
    assert part.headers["content-range"] == f"bytes 44-143/{len(whole.content)}"
    assert client.get(f"/seances/{ids['text']}/appel.wav").status_code == 404


def test_review_overrides_a_verdict_and_keeps_the_machine_beside(client, ids, store):
    before = client.get(f"/seances/{ids['text']}").text
    assert "89/100" in before and "machine :" not in before
    answer = review(client, ids["text"])
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/seances/{ids['text']}?revu=satisfaction#critere-satisfaction"
    after = client.get(answer.headers["location"]).text
    assert "100/100" in after and "machine : 89/100" in after and "Note révisée" in after
    assert "Révisé par Mme Durand" in after and "Question posée hors micro." in after
    assert "(machine : à revoir)" in after
    assert store.overrides(ids["text"])["satisfaction"].passed is True
    assert "machine : 89/100" in client.get("/").text


def test_review_refuses_incomplete_or_unknown_input(client, ids, store):
    assert review(client, ids["text"], author=" ").status_code == 400
    assert review(client, ids["text"], comment="").status_code == 400
    assert review(client, ids["text"], criterion="inconnu").status_code == 400
    assert review(client, ids["text"], verdict="peut-être").status_code == 400
    assert "indiquez votre nom" in review(client, ids["text"], author="").text
    assert review(client, "20990101-000000-x-0000").status_code == 404
    assert store.overrides(ids["text"]) == {}


def test_trainee_page_draws_score_and_criteria_weakest_first(client, ids):
    html = client.get("/stagiaires/Camille").text
    assert "<svg" in html and 'class="courbe"' in html and 'class="case reussi"' in html
    assert html.count('class="point serie-0"') == 2
    # Both sessions fell on the same day: each point says its time too, and names its scenario.
    assert html.count("· Demande d&#39;horaires à la clinique · ") == 2 + 10 * 2  # points, then criterion squares
    assert '<span class="rond serie-0"></span>Demande d&#39;horaires à la clinique</li>' in html
    weakest = html.index("Vérification de la satisfaction")
    assert weakest < html.index("Message d&#39;accueil : structure, prénom, bonjour")
    assert "0 %" in html and "100 %" in html
    assert client.get("/stagiaires/Personne").status_code == 404


def test_scenario_page_shows_class_results(client, ids):
    html = client.get("/scenarios/appel-calme").text
    assert "résultats de la classe" in html and "Camille" in html and "Zoé" not in html
    assert "2 séances" in html and "89/100" in html
    assert "0/2" in html and "2/2" in html  # satisfaction never asked; greeting always right
    assert client.get("/scenarios/inconnu").status_code == 404


def test_untrusted_text_is_escaped_everywhere(client, ids):
    pages = [client.get(f"/seances/{ids['hostile']}").text, client.get("/").text,
             client.get("/stagiaires/" + "Zoé " + ATTRIBUTE).text, client.get("/competences").text]
    for html in pages:
        assert HOSTILE not in html and "<img src=x" not in html
        assert ' onmouseover="alert(2)"' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]
    assert "&#34; onmouseover=&#34;alert(2)&#34;" in pages[0]
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_session_ids_are_looked_up_never_used_as_paths(client):
    # (Plain « ../ » is resolved by the HTTP client itself: the real-server test sends it raw.)
    for bad in ("..%2F..%2Fetc%2Fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd/appel.wav", "%2E%2E", "%2E%2E%2Faccueil.db",
                "..%5C..%5Caccueil.db", "x%00", "%252E%252E%252Fetc%252Fpasswd", "%2Fetc%2Fpasswd"):
        answer = client.get(f"/seances/{bad}")
        assert answer.status_code == 404, bad
        assert "root:" not in answer.text
        assert client.get(f"/seances/{bad}/appel.wav").status_code == 404
    assert "introuvable" in client.get("/seances/..%2F..%2Fetc%2Fpasswd").text


def test_forms_from_another_site_are_refused(client, ids, store):
    assert review(client, ids["text"], Origin="http://evil.example").status_code == 403
    no_origin = client.post(f"/seances/{ids['text']}/revue", headers={"Origin": ""},
                            data={"critere": "satisfaction", "verdict": "reussi", "commentaire": "x", "auteur": "y"})
    assert no_origin.status_code == 403 and "Formulaire refusé" in no_origin.text
    referer = review(client, ids["text"], Origin="", Referer="http://127.0.0.1:8765/seances/x")
    assert referer.status_code == 303
    assert list(store.overrides(ids["text"])) == ["satisfaction"]


def test_without_token_only_local_host_names_are_served(client):
    # A page of another site that rebinds its name to 127.0.0.1 must not read the sessions.
    assert client.get("/", headers={"Host": "attaquant.example:8765"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200
