"""`accueil grille`, `accueil groupe` and `accueil niveau` through click's CliRunner: the grid
written as CSV (read back as French Excel would) and as a printable page (its PDF: test_grid_pdf.py),
groups and manual levels set from the command line, bad input refused in French with exit code 2."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from sqlalchemy import update

from recorded import EVENTS
from simulator.cli import cli
from simulator.cli.trainer import LEVEL_CHOICES
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric, score_transcript
from simulator.store.sessions import sessions as sessions_table
from simulator.trainer.competency import MANUAL, rubric_codes
from simulator.transcript.model import Transcript
from simulator.web.present import date


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output  # never a traceback
    return result


def call(records, trainee: str, scenario: str, day: int, identified: bool) -> str:
    """A finished call on 2026-01-`day`, the identification judged by a trainer."""
    played = find_scenario(scenario)
    context = played.context(trainee)
    info = records.create(context, played.rubric, "texte", seed=1)
    for seq, event in enumerate(EVENTS):
        records.append(info.id, seq, event)
    records.finish(info.id, score_transcript(Transcript(context, EVENTS), find_rubric(played.rubric), played.intents))
    with records.engine.begin() as db:
        db.execute(update(sessions_table).where(sessions_table.c.id == info.id)
                   .values(started_at=f"2026-01-{day:02d}T09:00:00+01:00"))
    records.add_override(info.id, "identify", identified, "", "Anne")
    return info.id


@pytest.fixture
def calls(records) -> dict[str, list[str]]:
    """Camille: the identification passed in 3 of 4 calls, one of difficulty 4; Bruno: failed once."""
    camille = [call(records, "Camille", scenario, day, passed) for day, scenario, passed in
               ((1, "appel-calme", True), (2, "appel-calme", False), (3, "reclamation", True), (4, "transfert", True))]
    return {"Camille": camille, "Bruno": [call(records, "Bruno", "appel-calme", 5, False)]}


def read_csv(path) -> dict[tuple[str, str], dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw  # French Excel: BOM, `;`, CRLF
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    return {(row["stagiaire"], row["code"]): row for row in rows}


def test_the_grid_as_csv_with_a_manual_level_beside_the_computed_one(tmp_path, calls):
    assert run("groupe", "Camille", "BTS 1").output == "Camille : groupe « BTS 1 ».\n"
    set_by_hand = run("niveau", "bruno", "c221.1", "acquis", "-c", "Vu en stage", "--auteur", "Mme Durand")
    assert set_by_hand.exit_code == 0, set_by_hand.output
    assert "Niveau retenu : acquis ✎ (fixé par Mme Durand" in set_by_hand.output
    assert "Niveau calculé : non acquis (0 réussite dans les 1 dernières séances" in set_by_hand.output

    result = run("grille", "-o", str(tmp_path / "grille.csv"))
    assert result.exit_code == 0, result.output
    assert "Grille écrite" in result.output and "2 stagiaires" in result.output
    grid = read_csv(tmp_path / "grille.csv")
    camille, bruno = grid[("Camille", "C221.1")], grid[("Bruno", "C221.1")]
    assert (camille["groupe"], camille["niveau"], camille["fixe_par_formateur"], camille["reussites"]) == \
        ("BTS 1", "acquis", "non", "3/4")
    assert camille["seances"].split(", ") == [f"{calls['Camille'][3]} (réussi)", f"{calls['Camille'][2]} (réussi)",
                                              f"{calls['Camille'][1]} (à revoir)", f"{calls['Camille'][0]} (réussi)"]
    assert camille["derniere_seance"] == date("2026-01-04T09:00:00+01:00")  # local time, as the exports
    assert (bruno["niveau"], bruno["fixe_par_formateur"], bruno["niveau_calcule"], bruno["commentaire"],
            bruno["auteur"]) == ("acquis", "oui", "non acquis", "Vu en stage", "Mme Durand")
    assert grid[("Bruno", "C225.1")]["niveau"] == "non évalué"  # never took a message
    assert len(grid) == 2 * len(rubric_codes(find_rubric("standard")))

    back = run("niveau", "Bruno", "C221.1", "calcule", "-c", "Revu", "--auteur", "Mme Durand")
    assert "Niveau retenu : non acquis\n" in back.output and "retour au niveau calculé" in back.output
    run("grille", "--stagiaire", "bruno", "-o", str(tmp_path / "bruno.csv"))
    assert {t for t, _ in read_csv(tmp_path / "bruno.csv")} == {"Bruno"}
    assert read_csv(tmp_path / "bruno.csv")[("Bruno", "C221.1")]["fixe_par_formateur"] == "non"


def test_the_grid_of_a_group_as_a_printable_page(tmp_path, calls):
    run("groupe", "Camille", "BTS 1")
    run("groupe", "Zoé", "BTS 1")  # in the class, no session yet
    result = run("grille", "--groupe", "bts 1", "-o", str(tmp_path / "grille.html"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "grille.html").read_text(encoding="utf-8")
    assert '<table class="grille">' in page and "groupe BTS 1" in page
    assert "Camille" in page and "Zoé" in page and "Bruno" not in page
    assert ">C221.1</th>" in page and calls["Camille"][2] in page and "non évalué" in page
    assert "http" not in page.replace("http-equiv", "")  # standalone: nothing fetched


@pytest.mark.parametrize(("args", "expected"), [
    (("grille", "-o", "grille.xlsx"), "format de « grille.xlsx » non pris en charge : choisissez un fichier "
                                      ".html, .csv ou .pdf"),
    (("grille", "-o", "absent/g.pdf"), "impossible d'écrire la grille absent/g.pdf"),
    (("grille", "--stagiaire", "Inconnue", "-o", "g.csv"), "stagiaire « Inconnue » inconnu"),
    (("grille", "--groupe", "BTS 9", "-o", "g.csv"), "groupe « BTS 9 » introuvable ; groupes : BTS 1"),
    (("grille", "--stagiaire", "Bruno", "--groupe", "BTS 1", "-o", "g.csv"), "Bruno n'est pas dans le groupe"),
    (("grille", "--rubric", "absente", "-o", "g.csv"), "grille « absente » introuvable"),
    (("niveau", "Camille", "C999.9", "acquis"), "code « C999.9 » inconnu de la grille « standard »"),
    (("niveau", "Camille", "C221.1", "peut-etre"), "n'est pas parmi"),
    (("niveau", "Camille", "C221.1", "acquis", "-c", "Vu"), "auteur du niveau manquant"),
    (("niveau", "Camille", "C221.1", "acquis", "--auteur", "Anne"), "commentaire manquant"),
    (("niveau", "Inconnue", "C221.1", "acquis", "-c", "Vu", "--auteur", "Anne"), "stagiaire « Inconnue » inconnu"),
    (("groupe", "Camille", "BTS 2", "--retirer"), "indiquez un groupe ou --retirer, pas les deux"),
    (("groupe", "Camille", " "), "nom de groupe vide"),
])
def test_bad_input_exits_2_in_french(tmp_path, calls, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    run("groupe", "Camille", "BTS 1")
    result = run(*args)
    assert result.exit_code == 2 and expected in result.output, result.output
    assert not (tmp_path / "g.csv").exists() and not (tmp_path / "grille.xlsx").exists()


def test_no_trainee_yet_is_said_in_french(tmp_path):
    result = run("grille", "-o", str(tmp_path / "g.html"))
    assert result.exit_code == 2 and "aucun stagiaire" in result.output and not (tmp_path / "g.html").exists()


def test_the_command_line_levels_are_those_a_trainer_may_set():
    assert LEVEL_CHOICES == (*(level.value for level in MANUAL), "calcule")
