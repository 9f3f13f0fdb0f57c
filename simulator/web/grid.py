"""The competency grid as files for the certification file: a standalone printable HTML page (nothing
to fetch, every name escaped), the same page as PDF (laid out by WeasyPrint after the page's own
print rules), and CSV for French spreadsheets, one line per trainee and code (what a spreadsheet
filters and pivots), in the results export's dialect."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from simulator import __version__
from simulator.errors import AccueilError, InputError
from simulator.trainer.competency import Competency, Grid, TraineeRow
from simulator.web.pages.exports import spreadsheet_csv
from simulator.web.present import date, local_time
from simulator.web.report import standalone_pages
from simulator.web.results import scenario_title

FORMATS = (".html", ".csv", ".pdf")
WHOLE_TABLE = 6  # trainees: a family's table this short fits a printed page (7 lines a row), never cut in two
FAMILIES = {"C": "Compétences", "CP": "Comportements professionnels", "T": "Tâches", "S": "Savoirs associés"}


def families(grid: Grid) -> list[tuple[str, tuple[str, ...]]]:
    """The grid's codes by family of the référentiel, one table each: narrow enough to print."""
    found: dict[str, list[str]] = {}
    for code in grid.codes:
        found.setdefault(re.match(r"[A-Z]*", code)[0], []).append(code)
    order = [*FAMILIES, *sorted(found.keys() - FAMILIES.keys())]
    return [(FAMILIES.get(prefix, f"Codes {prefix}"), tuple(found[prefix])) for prefix in order if prefix in found]


def numbers(row: TraineeRow) -> dict[str, int]:
    """The page's numbers of the sessions a row cites (1: the oldest): short enough for a cell."""
    return {s.session_id: n for n, s in enumerate(row.cited, 1)}


def day(value: str) -> str:
    """JJ/MM/AA: a date that fits a narrow cell."""
    return local_time(value).strftime("%d/%m/%y")


def subject(grid: Grid, group: str | None) -> str:
    """Whose grid it is, for the title and each printed page's header."""
    if group:
        return f"groupe {group}"
    return grid.rows[0].trainee if len(grid.rows) == 1 else f"{len(grid.rows)} stagiaires"


def render_grid(grid: Grid, group: str | None = None) -> str:
    return standalone_pages.get_template("grille.html").render(
        grid=grid, subject=subject(grid, group), made=datetime.now().strftime("%d/%m/%Y"), date=date, day=day,
        numbers=numbers, families=families, whole=WHOLE_TABLE, title=scenario_title, version=__version__)


def grid_pdf(page: str) -> bytes:
    """The printable page as PDF, laid out by its own @page rules (A4 landscape, header, page x/y)."""
    try:
        from weasyprint import HTML  # loaded for a PDF only: 1 to 3 s to import
    except OSError as exc:  # Pango, which WeasyPrint loads at import, is missing
        raise AccueilError(f"impossible d'écrire un PDF ({exc}) : installez Pango "
                           "(Debian : apt-get install libpango-1.0-0 libpangoft2-1.0-0), "
                           "ou écrivez la grille en .html et imprimez-la") from None
    return HTML(string=page).write_pdf()


def proofs_text(c: Competency) -> str:
    return ", ".join(f"{p.session_id} ({'réussi' if p.passed else 'à revoir'})" for p in c.proofs)


def grid_rows(grid: Grid) -> list[dict[str, str]]:
    """One row per trainee and code, French column names, French words and dates."""
    return [{
        "stagiaire": row.trainee, "groupe": row.group or "", "code": c.code,
        "criteres": " ; ".join(grid.codes[c.code]), "niveau": c.level.label,
        "fixe_par_formateur": "oui" if c.manual else "non", "niveau_calcule": c.computed.label,
        "reussites": f"{sum(p.passed for p in c.proofs)}/{len(c.proofs)}",
        "derniere_seance": date(c.latest) if c.latest else "", "seances": proofs_text(c),
        "commentaire": c.manual.comment if c.manual else "", "auteur": c.manual.author if c.manual else "",
        "date_niveau": date(c.manual.at) if c.manual else "",
    } for row in grid.rows for c in row.competencies]


def grid_content(grid: Grid, suffix: str, group: str | None = None) -> bytes:
    """The grid as a file of the format `suffix` names (one of FORMATS)."""
    if suffix == ".csv":
        return spreadsheet_csv(grid_rows(grid), [])
    page = render_grid(grid, group)
    return grid_pdf(page) if suffix == ".pdf" else page.encode("utf-8")


def write_grid(grid: Grid, output: Path, group: str | None = None) -> int:
    """Write the grid as HTML, PDF or CSV, after the file's extension; returns its size in bytes."""
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"format de « {output.name} » non pris en charge : choisissez un fichier "
                         f"{', '.join(FORMATS[:-1])} ou {FORMATS[-1]}")
    content = grid_content(grid, suffix, group)
    try:
        output.write_bytes(content)
    except OSError as exc:
        raise InputError(f"impossible d'écrire la grille {output} ({exc.strerror})") from None
    return len(content)
