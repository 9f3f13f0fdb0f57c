"""The référentiel's competencies on the dashboard, through Starlette's TestClient: the class matrix
(levels, proving sessions, filters by group and dates kept in the URL, the same grid as files), and
on a trainee's page their grid, their group and a level set by hand beside the computed one."""

from __future__ import annotations

import csv
import re

import pytest
from sessions import ATTRIBUTE, HOSTILE, populate_class

from simulator.web.grid import FORMATS


@pytest.fixture
def calls(isolated_data, ids) -> dict[str, list[str]]:
    return populate_class(isolated_data)


def cell(html: str, trainee: str, code: str) -> str:
    """The matrix cell of `trainee` (escaped as the page writes it) on `code`."""
    start = html.index(f'aria-label="{trainee} · {code} : ')
    return html[html.rindex("<td", 0, start):html.index("</td>", start)]


def rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row">(?:<a href="[^"]*">)?([^<]*)', html)


def test_the_matrix_shows_each_level_with_letters_and_its_proving_sessions(client, calls):
    page = client.get("/competences")
    assert page.status_code == 200
    html = page.text
    assert '<a href="/competences">Compétences</a>' in html  # in the dashboard's menu
    assert rows(html) == ["Bruno", "Camille", "Inès", f"Zoé {ATTRIBUTE}".replace('"', "&#34;")]
    families = re.findall(r'<th scope="colgroup" colspan="\d+" class="famille">([^<]*)</th>', html)
    assert families == ["Compétences", "Comportements professionnels", "Tâches", "Savoirs associés"]
    assert "acquis : réussi dans au moins 3 des 4 dernières séances" in html  # the rule, with the legend
    # Camille's last four calls where identify applied: two today (`populate`), then 4 and 3 January.
    camille = cell(html, "Camille", "C221.1")
    assert 'class="case-niveau niveau-acquis' in camille and ">A<" in camille
    assert "4 réussites sur 4 séances" in camille and "Identification de l&#39;appelant" in camille
    assert f'href="/seances/{calls["Camille"][2]}"' in camille and "★★★★" in camille  # reclamation: 4
    assert f'href="/seances/{calls["Camille"][0]}"' not in camille  # out of the window
    bruno = cell(html, "Bruno", "C221.1")
    assert ">NA<" in bruno and "✗ à revoir" in bruno and f'href="/seances/{calls["Bruno"][0]}"' in bruno
    assert ">ECA<" in cell(html, "Inès", "C221.1")
    assert ">—<" in cell(html, "Bruno", "C225.1") and "Aucune séance terminée ne l'a évalué" in html
    assert 'href="/stagiaires/Camille#competence-C221.1"' in camille
    assert '<span class="groupe">BTS 1 A</span>' in html


def test_the_matrix_filters_by_group_and_dates_kept_in_the_url(client, calls):
    html = client.get("/competences", params={"groupe": "BTS 1 A"}).text
    assert rows(html) == ["Bruno", "Camille"]
    assert '<option value="BTS 1 A" selected>' in html
    assert 'href="/competences/grille-competences.csv?groupe=BTS+1+A"' in html
    january = client.get("/competences", params={"groupe": "bts 1 a", "du": "2026-01-01", "au": "2026-01-31"}).text
    assert rows(january) == ["Bruno", "Camille"]  # a group whatever the case typed
    assert "3 réussites sur 4 séances" in cell(january, "Camille", "C221.1")  # today's calls left out
    later = client.get("/competences", params={"du": "2026-01-03", "au": "2026-01-05"}).text
    assert 'value="2026-01-03"' in later and 'value="2026-01-05"' in later
    camille = cell(later, "Camille", "C221.1")
    assert ">ECA<" in camille and "2 réussites sur 2 séances" in camille  # acquis needs 3
    assert ">—<" in cell(later, "Inès", "C221.1")  # her call was on the 6th
    assert "du=2026-01-03&amp;au=2026-01-05" in later  # the downloads keep the filters
    assert client.get("/competences", params={"groupe": "Inconnu"}).status_code == 404
    wrong = client.get("/competences", params={"du": "03/01/2026"})
    assert wrong.status_code == 400 and "attendu AAAA-MM-JJ" in wrong.text


def test_the_same_grid_downloads_as_the_grid_command_writes_it(client, calls):
    assert ".csv" in FORMATS and ".html" in FORMATS
    html = client.get("/competences").text
    for suffix in FORMATS:
        assert f'href="/competences/grille-competences{suffix}"' in html
    answer = client.get("/competences/grille-competences.csv", params={"groupe": "BTS 1 A", "au": "2026-01-31"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'filename="grille-competences.csv"' in answer.headers["content-disposition"]
    read = {(r["stagiaire"], r["code"]): r
            for r in csv.DictReader(answer.content.decode("utf-8-sig").splitlines(), delimiter=";")}
    assert {trainee for trainee, _ in read} == {"Bruno", "Camille"}
    assert (read[("Camille", "C221.1")]["niveau"], read[("Camille", "C221.1")]["reussites"]) == ("acquis", "3/4")
    printable = client.get("/competences/grille-competences.html", params={"groupe": "BTS 1 B"})
    assert printable.headers["content-type"] == "text/html; charset=utf-8"
    assert "Grille des compétences" in printable.text and "groupe BTS 1 B" in printable.text
    assert client.get("/competences/grille-competences.docx").status_code == 404


def test_a_trainee_is_put_in_a_group_moved_and_taken_out(client, calls, store):
    html = client.get("/stagiaires/Camille").text
    assert 'action="/stagiaires/Camille/groupe"' in html and 'value="BTS 1 A"' in html
    assert "Retirer du groupe « BTS 1 A »" in html
    moved = client.post("/stagiaires/Camille/groupe", data={"groupe": "  BTS 1   B ", "action": "regler"},
                        follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/stagiaires/Camille?enregistre=groupe#groupe"
    assert store.memberships()["camille"].group == "BTS 1 B"
    assert rows(client.get("/competences", params={"groupe": "BTS 1 B"}).text) == ["Camille", "Inès"]
    out = client.post("/stagiaires/Camille/groupe", data={"groupe": "BTS 1 B", "action": "retirer"},
                      follow_redirects=False)
    assert out.status_code == 303 and "camille" not in store.memberships()
    assert "Dans aucun groupe." in client.get(out.headers["location"]).text
    assert client.post("/stagiaires/Camille/groupe", data={"groupe": " "}).status_code == 400
    assert client.post("/stagiaires/Camille/groupe", data={"groupe": "x" * 201}).status_code == 400
    assert client.post("/stagiaires/Personne/groupe", data={"groupe": "BTS"}).status_code == 404
    assert client.post("/stagiaires/Camille/groupe", data={"groupe": "BTS"},
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert "camille" not in store.memberships()


def set_level(client, trainee="Bruno", code="C221.1", level="acquis", comment="Vu en stage, au standard.",
              author="M. Martin", **headers):
    return client.post(f"/stagiaires/{trainee}/niveau", data={"code": code, "niveau": level, "commentaire": comment,
                                                             "auteur": author}, headers=headers,
                       follow_redirects=False)


def test_a_level_set_by_hand_stands_beside_the_computed_one(client, calls, store):
    page = client.get("/stagiaires/Bruno").text
    assert 'id="competence-C221.1"' in page and "Séances qui le prouvent" in page
    assert 'action="/stagiaires/Bruno/niveau"' in page and "revenir au niveau calculé" not in page
    answer = set_level(client)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/stagiaires/Bruno?enregistre=C221.1#competence-C221.1"
    page = client.get(answer.headers["location"]).text
    row = page[page.index('id="competence-C221.1"'):]
    row = row[:row.index("</tr>")]
    assert "A<span" in row and "✎" in row and "Fixé par M. Martin" in row
    assert "« Vu en stage, au standard. »" in row
    assert "niveau calculé : non acquis" in row and "revenir au niveau calculé (non acquis)" in row
    assert 'value="M. Martin"' in row  # the author offered again
    matrix = cell(client.get("/competences").text, "Bruno", "C221.1")
    assert "niveau-acquis" in matrix and "A<span" in matrix and "fixé par un formateur" in matrix
    assert "Vu en stage, au standard." in matrix
    back = set_level(client, code="c221.1", level="calcule", comment="Revu : attendre une séance.")
    assert back.status_code == 303
    assert ">NA<" in cell(client.get("/competences").text, "Bruno", "C221.1")
    assert [m.level for m in store.level_history("Bruno", "C221.1")] == ["acquis", None]


def test_a_level_is_refused_without_its_reason_or_on_an_unknown_code(client, calls, store):
    assert "indiquez votre nom" in set_level(client, author=" ").text
    assert set_level(client, comment="").status_code == 400
    assert set_level(client, level="excellent").status_code == 400
    assert set_level(client, level="non-evalue").status_code == 400  # computed only
    unknown = set_level(client, code="Z99.9")
    assert unknown.status_code == 400 and "inconnu" in unknown.text and 'href="/stagiaires/Bruno"' in unknown.text
    assert set_level(client, trainee="Personne").status_code == 404
    assert set_level(client, Origin="http://evil.example").status_code == 403
    assert store.manual_levels() == []


def test_the_class_view_alone_and_empty(store):
    from starlette.testclient import TestClient

    from simulator.store import SessionStore
    from simulator.web import create_app

    empty = SessionStore(store.data_dir / "vide")
    html = TestClient(create_app(empty), base_url="http://127.0.0.1:8765").get("/competences").text
    assert "Aucun stagiaire encore" in html and "grille-competences.csv" not in html


def test_hostile_names_and_groups_are_escaped_on_the_class_view(client, calls):
    hostile_group = f"{HOSTILE} {ATTRIBUTE}"
    trainee = f"Zoé {ATTRIBUTE}"
    assert set_level(client, trainee=trainee, code="C111.1", comment=f"{HOSTILE} {ATTRIBUTE}",
                     author=HOSTILE).status_code == 303
    for html in (client.get("/competences").text, client.get("/competences", params={"groupe": hostile_group}).text,
                 client.get(f"/stagiaires/{trainee}").text):
        assert HOSTILE not in html and ' onmouseover="alert(2)"' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &#34; onmouseover=&#34;alert(2)&#34;" in html
