"""The agreement between trainers and the machine, as a table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from simulator.scoring.review import Agreement


def rate_text(row: Agreement) -> str:
    return "—" if row.rate is None else f"{row.rate:.0%}".replace("%", " %")


def print_agreement(console: Console, rows: list[Agreement], overall: Agreement, labels: dict[str, str]) -> None:
    if not overall.reviewed:
        console.print("Aucun verdict n'a encore été revu par un formateur : l'accord avec la machine se mesure "
                      "sur les verdicts revus (confirmés ou corrigés) dans le tableau de bord (accueil serve).")
        return
    table = Table(title="Accord des formateurs avec la machine", show_footer=True)
    table.add_column("Critère", footer="Ensemble")
    table.add_column("Verdicts revus", justify="right", footer=str(overall.reviewed))
    table.add_column("Corrigés", justify="right", footer=str(overall.disagreed))
    table.add_column("Accord", justify="right", footer=rate_text(overall))
    for row in rows:
        label = labels.get(row.criterion_id)
        table.add_row(Text(f"{label} ({row.criterion_id})" if label else row.criterion_id), str(row.reviewed),
                      str(row.disagreed), rate_text(row))
    console.print(table)
