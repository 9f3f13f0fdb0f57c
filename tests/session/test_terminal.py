"""Interactive text mode as a trainee uses it: a real process reading typed lines from its stdin."""

import json
import subprocess
import sys


def test_interactive_session_in_a_real_process(tmp_path):
    typed = "\n".join([
        "Clinique Nest, Clémence, bonjour.",
        "/inconnue",
        "Si je comprends bien, vous souhaitez les horaires de la radiologie, madame Lefèvre ?",
        "La radiologie est ouverte du lundi au vendredi de 8 h à 18 h, je vous en prie.",
        "/fiche",
        "Martine Lefèvre",
        "06 12 34 56 78",
        "horaires de la radiologie",
        "service de radiologie",
        "Puis-je faire autre chose pour vous ?",
        "Au revoir madame, bonne journée.",
    ]) + "\n"
    env = {"ACCUEIL_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "COLUMNS": "100"}
    result = subprocess.run([sys.executable, "-m", "simulator", "play", "appel-calme", "--trainee", "Clémence", "--text",
                             "--seed", "1"], input=typed, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "commande inconnue « /inconnue »" in result.stdout
    assert "Appelant : " in result.stdout and "Note :" in result.stdout
    sessions = json.loads(subprocess.run([sys.executable, "-m", "simulator", "sessions", "--json"],
                                         capture_output=True, text=True, env=env).stdout)
    assert sessions[0]["status"] == "completed"
    card = json.loads(subprocess.run([sys.executable, "-m", "simulator", "score", sessions[0]["id"], "--json"],
                                     capture_output=True, text=True, env=env).stdout)
    verdicts = {c["id"]: c["passed"] for c in card["criteria"]}
    assert verdicts["message"] is True and verdicts["greeting"] is True and verdicts["closing"] is True
