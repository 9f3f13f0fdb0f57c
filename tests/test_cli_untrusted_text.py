"""Names, transcripts and scenario text are shown as written in the terminal: never read as rich
markup (« [/] » once crashed `accueil sessions`), whatever a trainee, an author or a speech engine wrote."""

from __future__ import annotations

import json

from click.testing import CliRunner

from simulator import paths
from simulator.cli import cli

HOSTILE = "[/] [bold red]Zoé[/bold red] [link=javascript:alert(1)]x[/link] [/]"


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_markup_in_every_user_text_is_printed_verbatim(tmp_path):
    source = (paths.scenarios_dir() / "appel-calme.yaml").read_text(encoding="utf-8")
    scenario = tmp_path / "appel-calme.yaml"  # the id must be the file name
    scenario.write_text(source.replace("titre: Demande d'horaires à la clinique", f"titre: '{HOSTILE}'")
                        .replace("consignes: >\n", f"consignes: >\n  {HOSTILE}\n", 1), encoding="utf-8")
    script = tmp_path / "script.txt"
    script.write_text(f"STAGIAIRE: Clinique Nest, Camille, bonjour {HOSTILE}\nFIN\n", encoding="utf-8")

    played = run("play", str(scenario), "--trainee", HOSTILE, "--script", str(script), "--seed", "1")
    assert played.exit_code == 0
    assert "[bold red]Zoé[/bold red]" in played.output  # the title and the instructions, as written
    assert played.output.count("[link=javascript:alert(1)]x[/link]") >= 3  # title, instructions, reply

    listed = run("sessions")
    assert listed.exit_code == 0 and "[/]" in listed.output
    session = json.loads(run("sessions", "--json").output)[0]["id"]
    shown = run("show", session)
    assert shown.exit_code == 0 and "[bold red]Zoé[/bold red]" in shown.output
    replayed = run("replay", session, "--no-audio")
    assert replayed.exit_code == 0 and "[bold red]Zoé[/bold red]" in replayed.output
    assert run("parcours", "--trainee", HOSTILE).exit_code == 0
