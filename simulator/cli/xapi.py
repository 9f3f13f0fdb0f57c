"""The results for the centre's learning platform: xAPI statements written to a file, or sent to its
learning record store (LRS) through the outbox."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from simulator.cli.common import store


def _day(value: str | None) -> date | None:
    from simulator.errors import InputError

    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"date invalide « {value} » : attendu AAAA-MM-JJ, par exemple 2026-11-23") from None


@click.group(subcommand_metavar="COMMANDE [ARGUMENTS]...")
def xapi() -> None:
    """Les résultats au format xAPI pour la plateforme du centre : un fichier, ou l'envoi au LRS
    (ACCUEIL_LRS_URL)."""


@xapi.command()
@click.option("--depuis", "since", metavar="DATE", help="Seulement les séances jouées ce jour-là ou après (AAAA-MM-JJ).")
@click.option("--output", "-o", metavar="FICHIER", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier NDJSON à écrire : une déclaration xAPI par ligne.")
@click.pass_context
def export(ctx: click.Context, since: str | None, output: Path) -> None:
    """Écrit les déclarations xAPI des séances terminées et de leurs révisions (une par ligne)."""
    from simulator.errors import InputError
    from simulator.xapi.config import XapiSettings
    from simulator.xapi.outbox import as_text
    from simulator.xapi.recorded import recorded_statements
    from simulator.xapi.statements import Names

    day = _day(since)
    names = Names(XapiSettings.from_env())
    lines = [as_text(s) + "\n" for s in recorded_statements(store(ctx), names, day)]
    try:
        output.write_text("".join(lines), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"écriture impossible : {output} ({exc.strerror or exc})") from None
    click.echo(f"Déclarations xAPI écrites : {output} ({len(lines)} déclaration{'s' if len(lines) != 1 else ''})")


@xapi.command()
@click.pass_context
def envoyer(ctx: click.Context) -> None:
    """Envoie au LRS les déclarations en attente, celles des séances et révisions passées comprises."""
    from simulator.errors import AccueilError
    from simulator.xapi.config import XapiSettings
    from simulator.xapi.outbox import catch_up, flush, flushed_notice
    from simulator.xapi.statements import Names

    settings = XapiSettings.from_env()
    records = store(ctx)
    if settings.lrs_url:
        added = catch_up(records, Names(settings))
        if added:
            click.echo(f"Mises en attente : {added} déclaration{'s' if added > 1 else ''} de séances ou de révisions "
                       "passées.")
    result = flush(records, settings)  # without ACCUEIL_LRS_URL: says how to set it
    said = flushed_notice(result).removeprefix("xAPI : ")
    if result.stopped:
        raise AccueilError(said)
    click.echo(said[0].upper() + said[1:])


COMMANDS = (xapi,)
