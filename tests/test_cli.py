"""The `accueil` command, through click's CliRunner and once as a real process."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.cli import cli

DIALOGUES = Path(__file__).parent / "data" / "dialogues"
SCRIPT = """Clinique Nest, Clémence, bonjour.
Si je comprends bien, vous souhaitez connaître les horaires de la radiologie, madame Lefèvre ?
La radiologie est ouverte du lundi au vendredi de 8 h à 18 h, je vous en prie.
Puis-je faire autre chose pour vous ?
Au revoir madame, bonne journée.
"""


def run(*args, input=None):
    result = CliRunner().invoke(cli, list(args), input=input)
    # Never a traceback: either success or a handled exit.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_scenarios_json_lists_the_five_required():
    data = json.loads(run("scenarios", "--json").output)
    ids = {s["id"] for s in data}
    assert {"appel-calme", "appelant-impatient", "reclamation", "transfert", "prise-de-message"} <= ids
    assert [s["difficulte"] for s in data] == sorted(s["difficulte"] for s in data)


def test_validate_shipped_files_ok():
    result = run("validate", "scenarios", "rubrics")
    assert result.exit_code == 0, result.output
    assert "✓" in result.output


def test_validate_reports_located_errors_with_exit_2(tmp_path):
    bad = tmp_path / "appel-calme.yaml"
    text = (Path("scenarios") / "appel-calme.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("    vers: confirme", "    vers: confirm"), encoding="utf-8")
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\xff\xfe")
    result = run("validate", str(bad), str(binary), str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "état inconnu « confirm »" in result.output
    assert "UTF-8" in result.output or "binaire" in result.output
    assert "introuvable" in result.output


def test_play_script_records_a_completed_session(tmp_path):
    script = tmp_path / "r.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    result = run("play", "appel-calme", "--trainee", "Clémence", "--script", str(script), "--seed", "4")
    assert result.exit_code == 0, result.output
    assert "Appelant" in result.output and "Note :" in result.output
    sessions = json.loads(run("sessions", "--json").output)
    assert len(sessions) == 1 and sessions[0]["status"] == "completed"
    session = sessions[0]["id"]
    scored = json.loads(run("score", session, "--json").output)
    assert scored["score"] == sessions[0]["score"]
    shown = run("show", session)
    assert shown.exit_code == 0 and "Clinique Nest, Clémence, bonjour." in shown.output


def test_play_json_output(tmp_path):
    script = tmp_path / "r.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    result = run("play", "appel-calme", "-t", "Clémence", "--script", str(script), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["session"] and {c["id"] for c in data["criteria"]} >= {"greeting", "closing"}


def test_score_dialogue_json_shape():
    result = run("score", str(DIALOGUES / "01-accueil-parfait.txt"), "--json")
    data = json.loads(result.output)
    assert set(data) >= {"criteria", "score"} and 0 <= data["score"] <= 100
    for criterion in data["criteria"]:
        assert {"id", "applicable", "passed", "evidence", "feedback"} <= set(criterion)
    assert [c["id"] for c in data["criteria"]] == ["greeting", "identify", "rephrasing", "courtesy", "hold",
                                                   "transfer", "message", "satisfaction", "listening", "closing"]


def test_scenario_header_selects_the_scenario_context(tmp_path):
    dialogue = tmp_path / "d.txt"
    dialogue.write_text("# scenario: transfert\n# stagiaire: Clémence\nSTAGIAIRE: Bonjour.\nFIN\n", encoding="utf-8")
    data = json.loads(run("score", str(dialogue), "--json").output)
    transfer = next(c for c in data["criteria"] if c["id"] == "transfer")
    # The transfer scenario expects a transfer: missing it is a failure, not « sans objet ».
    assert transfer["applicable"] and transfer["passed"] is False


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01binary", "binaire"),
    ("# organisation: X\n# stagiaire: Y\nAPPELANT: Allô ?\n".encode(), "aucune réplique du stagiaire"),
    ("# stagiaire: Y\nSTAGIAIRE: Bonjour\n".encode(), "# organisation:"),
    ("# organisation: X\n# stagiaire: Y\nQUOI: rien\n".encode(), "ligne non reconnue"),
    ("STAGIAIRE: Clémence".encode("latin-1"), "UTF-8"),
])
def test_bad_dialogues_exit_2_in_french(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run("score", str(path))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_unknown_things_exit_2(tmp_path):
    for args, message in ((["play", "appel-calmee", "-t", "X"], "vouliez-vous dire « appel-calme »"),
                          (["score", "pas-une-seance"], "ni un fichier"),
                          (["show", "pas-une-seance"], "introuvable"),
                          (["score", str(DIALOGUES / "01-accueil-parfait.txt"), "--rubric", "nope"], "grille")):
        result = run(*args)
        assert result.exit_code == 2 and message in result.output, (args, result.output)


def test_bad_script_refused_before_anything_is_recorded(tmp_path):
    script = tmp_path / "r.txt"
    script.write_text("Bonjour\n/transfert\n", encoding="utf-8")
    result = run("play", "appel-calme", "-t", "Clémence", "--script", str(script))
    assert result.exit_code == 2 and "r.txt:2:" in result.output
    assert json.loads(run("sessions", "--json").output) == []


def test_bad_input_keeps_existing_sessions(tmp_path):
    script = tmp_path / "r.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    run("play", "appel-calme", "-t", "Clémence", "--script", str(script))
    (tmp_path / "broken.txt").write_bytes(b"\x00")
    assert run("score", str(tmp_path / "broken.txt")).exit_code == 2
    assert run("play", "nope", "-t", "X").exit_code == 2
    assert len(json.loads(run("sessions", "--json").output)) == 1


def test_console_script_runs_as_a_real_process(tmp_path):
    result = subprocess.run([sys.executable, "-m", "simulator", "score", str(DIALOGUES / "17-transfert-sec.txt")],
                            capture_output=True, text=True, env={"ACCUEIL_DATA_DIR": str(tmp_path),
                                                                 "PATH": "/usr/bin:/bin", "COLUMNS": "120"})
    assert result.returncode == 0, result.stderr
    assert "Note :" in result.stdout
    bad = subprocess.run([sys.executable, "-m", "simulator", "play", "nope", "-t", "X"], capture_output=True,
                         text=True, env={"ACCUEIL_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert bad.returncode == 2 and "introuvable" in bad.stderr and "Traceback" not in bad.stderr
