"""The results as files: CSV for spreadsheets, JSON for other tools, with the list's filters."""

from __future__ import annotations

import csv
import io
import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.web.dashboard import Dashboard
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
        out = io.StringIO()
        out.write("\ufeff")  # so that spreadsheet programs read the accents as UTF-8
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["seance"], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({k: cell(v) for k, v in row.items()} for row in rows)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="resultats.csv"'})

    async def export_json(request: Request) -> Response:
        rows = await rows_of(request)
        return Response(json.dumps(rows, ensure_ascii=False, indent=2),
                        media_type="application/json; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="resultats.json"'})

    return [Route("/export/resultats.csv", export_csv), Route("/export/resultats.json", export_json)]


def cell(value) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
