"""accueil replay --no-audio, report and agreement, through click's CliRunner."""

import base64
import io
import json
import re

import av
from click.testing import CliRunner
from recorded import UNTRUSTED, record_session

from simulator.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_replay_no_audio_prints_the_annotated_transcript(voice_session):
    result = run("replay", voice_session, "--no-audio")
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    first = lines.index("[00:00] Vous : Clinique Nest, Camille, bonjour.")
    assert lines[first + 1].strip() == "✓ Message d'accueil : structure, prénom, bonjour"  # the rubric's label
    assert lines[first + 2].startswith("[00:01] Appelant : Bonjour")
    hold = next(i for i, line in enumerate(lines) if "✗ Gestion de la mise en attente : Attente de 45 s" in line)
    assert lines[hold + 1].strip() == "avant 30 s)."  # the whole reason, wrapped under the label
    assert UNTRUSTED in result.output  # shown as typed, never read as markup
    end = next(i for i, line in enumerate(lines) if "Fin de l'appel" in line)
    assert lines[end + 1].strip().startswith("✗ Identification de l'appelant : Vous n'avez ni demandé")
    assert lines[-1] == "Note : 50/100"


def test_replay_of_a_text_session_explains_there_is_no_recording(text_session):
    result = run("replay", text_session)  # no --no-audio, and no device is opened
    assert result.exit_code == 0, result.output
    assert "pas d'enregistrement audio" in result.output and "✓ Message d'accueil" in result.output


def test_unknown_session_is_a_french_error(voice_session):
    for command in (("replay", "inconnue", "--no-audio"), ("report", "inconnue", "-o", "r.html")):
        result = run(*command)
        assert result.exit_code == 2 and "séance « inconnue » introuvable" in result.output


def test_report_is_self_contained_escaped_and_plays(records, voice_session, tmp_path):
    records.add_override(voice_session, "hold", True, "Le service était injoignable <b>vraiment</b>.", "Anne")
    output = tmp_path / "rapport.html"
    result = run("report", voice_session, "-o", str(output))
    assert result.exit_code == 0, result.output
    html = output.read_text(encoding="utf-8")
    # untrusted text is escaped, and the only script is ours
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html and UNTRUSTED not in html
    assert "&lt;b&gt;vraiment&lt;/b&gt;" in html
    assert len(re.findall(r"<script\b", html)) == 1
    # nothing to fetch
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "http://" not in html and "https://" not in html
    # French header with the reviewed score
    assert '<html lang="fr">' in html and "Camille" in html and "appel-calme" in html
    assert "67/100" in html and "note automatique : 50/100" in html  # listening passed: nobody spoke over the caller
    assert "Attente de 45 s" in html and "à revoir selon la machine" in html  # the machine stays visible
    assert "réussi</strong> selon Anne" in html
    # the recording, as MP3 in a data: URI, the whole call long
    uri = re.search(r'<audio id="appel"[^>]* src="data:audio/mpeg;base64,([A-Za-z0-9+/=]+)"', html)
    with av.open(io.BytesIO(base64.b64decode(uri.group(1)))) as container:
        assert abs(container.duration / 1e6 - 51.1) < 0.5
    # lines to click on
    assert 'data-t="48.5" data-end="49.1"' in html


def test_report_of_a_text_session_has_no_audio(text_session, tmp_path):
    output = tmp_path / "rapport.html"
    assert run("report", text_session, "-o", str(output)).exit_code == 0
    html = output.read_text(encoding="utf-8")
    assert "<audio" not in html and "pas d'enregistrement audio" in html and "data-t=" not in html


def test_report_to_an_unwritable_place_is_a_french_error(text_session, tmp_path):
    result = run("report", text_session, "-o", str(tmp_path / "absent" / "r.html"))
    assert result.exit_code == 2 and "impossible d'écrire le rapport" in result.output


def test_agreement_without_reviews():
    result = run("agreement")
    assert result.exit_code == 0 and "Aucun verdict n'a encore été revu" in result.output
    data = json.loads(run("agreement", "--json").output)
    assert data == {"criteria": [], "overall": {"criterion": "ensemble", "reviewed": 0, "disagreed": 0,
                                                "agreed": 0, "rate": None}}


def test_agreement_per_criterion_and_overall(records, voice_session):
    other = record_session(records)
    records.add_override(voice_session, "hold", True, "injoignable", "Anne")  # disagrees
    records.add_override(voice_session, "greeting", True, "", "Anne")  # confirms
    records.add_override(other, "greeting", True, "", "Paul")  # confirms
    data = json.loads(run("agreement", "--json").output)
    assert [(c["criterion"], c["reviewed"], c["disagreed"], c["rate"]) for c in data["criteria"]] == [
        ("greeting", 2, 0, 1.0), ("hold", 1, 1, 0.0)]
    assert data["overall"]["reviewed"] == 3 and round(data["overall"]["rate"], 3) == 0.667
    table = run("agreement").output
    assert "Accord des formateurs" in table and "(greeting)" in table and "67 %" in table and "100 %" in table
