"""« Indicateurs de voix » where trainers and trainees read them: the dashboard's session and trainee
pages, the HTML report and `accueil show`, on a voice session whose recording holds tone bursts of
known length and level."""

from __future__ import annotations

import json
import re
import statistics

import pytest
from click.testing import CliRunner
from sessions import LEVEL_DBFS, SPANS, SPOKEN_CALL, record_spoken

from simulator.cli import cli
from simulator.session.delivery import INDICATORS, syllable_counts
from simulator.trainer.assessment import assessed
from simulator.web.report import render_report

@pytest.fixture
def spoken(store, isolated_data) -> str:
    """A voice session whose turns have their end, and their voices in appel.wav."""
    return record_spoken(store)


def test_session_page_shows_the_indicators_with_their_ranges(client, spoken, store):
    page = client.get(f"/seances/{spoken}")
    assert page.status_code == 200
    html = page.text
    assert "Indicateurs de voix" in html
    texts = [line.split("STAGIAIRE: ")[1] for line in SPOKEN_CALL.splitlines() if "STAGIAIRE" in line]
    expected = statistics.median(n / (SPANS[seq][1] - SPANS[seq][0])
                                 for n, seq in zip(syllable_counts(texts), (0, 2, 4)))
    shown = re.search(r'valeur-indicateur">(\d+),(\d)\u00a0syll/s · (\d+)\u00a0mots/min', html)
    assert float(f"{shown[1]}.{shown[2]}") == pytest.approx(expected, abs=0.25)
    assert "4 à 5,5 syll/s" in html and "−22\u00a0dBFS" in html and "−35 à −15 dBFS" in html
    assert "0,4\u00a0s" in html and "Vous répondez sans faire attendre l&#39;appelant." in html
    assert "Réplique par réplique" in html
    kept = json.loads((store.get(spoken).directory / INDICATORS).read_text(encoding="utf-8"))
    assert kept["appel"]["niveau_dbfs"] == pytest.approx(LEVEL_DBFS, abs=0.3)


def test_no_indicators_for_a_typed_session(client, ids, store):
    assert "Indicateurs de voix" not in client.get(f"/seances/{ids['text']}").text
    assert "Indicateurs de voix" not in client.get(f"/seances/{ids['voice']}").text  # its turns have no end
    assert not (store.get(ids["text"]).directory / INDICATORS).exists()


def test_trainee_page_keeps_the_indicators_session_after_session(client, spoken):
    html = client.get("/stagiaires/Camille").text
    section = html[html.index("Indicateurs de voix au fil des séances"):]
    section = section[:section.index("</section>")]
    assert section.count("<tr>") == 2  # the header and the one session with its indicators
    assert "−22\u00a0dBFS" in section and "syll/s" in section and f"/seances/{spoken}#indicateurs" in section


def test_report_has_the_indicators(store, spoken):
    html = render_report(assessed(store, spoken), None)
    assert "<h2>Indicateurs de voix</h2>" in html and "−35 à −15 dBFS" in html
    assert re.search(r"Débit</td>\s*<td class=\"valeur-indicateur\">\d,\d\u00a0syll/s", html)


def test_show_prints_the_indicators_and_gives_them_in_json(spoken):
    shown = CliRunner().invoke(cli, ["show", spoken], env={"COLUMNS": "140"})
    assert shown.exit_code == 0, shown.output
    assert "Indicateurs de voix" in shown.output and "−22\u00a0dBFS" in shown.output
    as_json = CliRunner().invoke(cli, ["show", spoken, "--json"])
    indicators = json.loads(as_json.output)["indicateurs"]
    assert indicators["source"] == "enregistrement"
    assert indicators["appel"]["delai_reponse"] == pytest.approx(0.4)
    assert [t["tour"] for t in indicators["repliques"]] == [1, 2, 3]


def test_show_of_a_typed_session_has_none(ids):
    result = CliRunner().invoke(cli, ["show", ids["text"], "--json"])
    assert json.loads(result.output)["indicateurs"] is None
    assert "Indicateurs de voix" not in CliRunner().invoke(cli, ["show", ids["text"]]).output
