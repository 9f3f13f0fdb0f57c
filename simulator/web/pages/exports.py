"""The results as files, with the list's filters: CSV for French spreadsheets (what a trainer reads:
dates, decimal commas, words), JSON for other tools (ISO dates, numbers, codes beside the words)."""

from __future__ import annotations

import csv
import io
import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.web.dashboard import Dashboard
from simulator.web.present import date
from simulator.web.results import export_rows


def routes(d: Dashboard) -> list[Route]:
    async def rows_of(request: Request) -> list[dict]:
        snapshot = await d.everything()
        trainee, scenario = request.query_params.get("stagiaire", ""), request.query_params.get("scenario", "")
        return export_rows(a for a in snapshot.assessments
                           if (not trainee or a.info.trainee == trainee)
                           and (not scenario or a.info.scenario_id == scenario))

    async def export_csv(request: Request) -> Response:
        rows = await rows_of(request)
        return Response(spreadsheet_csv([spreadsheet_row(row) for row in rows], ["seance"]),
                        media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="resultats.csv"'})

    async def export_json(request: Request) -> Response:
        rows = await rows_of(request)
        return Response(json.dumps(rows, ensure_ascii=False, indent=2),
                        media_type="application/json; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="resultats.json"'})

    return [Route("/export/resultats.csv", export_csv), Route("/export/resultats.json", export_json)]


DATES = ("date", "date_revue")


def spreadsheet_row(row: dict) -> dict:
    """An export row as a trainer reads it: the status in words, dates in local time (its cells are
    written by `spreadsheet_csv`: numbers with a decimal comma, no formula)."""
    french = {**row, "statut": row["statut_libelle"]}
    del french["statut_libelle"]
    return {key: date(value) if key in DATES and value else value for key, value in french.items()}


def spreadsheet_csv(rows: list[dict], empty_header: list[str]) -> bytes:
    """CSV as French Excel opens it: a byte-order mark so the accents read as UTF-8, `;` between
    cells (the comma is its decimal mark), CRLF, no cell run as a formula (`cell`)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else empty_header, delimiter=";",
                            lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({key: cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue().encode("utf-8")


def cell(value) -> str:
    """A CSV cell: 2 for 2.0 and 1,5 for 1.5; text that a spreadsheet would run as a formula
    (=, +, -, @ first) is prefixed with a quote, which makes it text."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):  # a number stays a number, even a negative one
        return str(int(value)) if float(value).is_integer() else repr(value).replace(".", ",")
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
