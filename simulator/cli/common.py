"""What the commands share: the options every listening or scripting command takes, the store with
its recovery, and the way results are printed. Heavy modules are imported where they are used, so
that `accueil --help` answers at once."""

from __future__ import annotations

import json
from pathlib import Path

import click

json_option = click.option("--json", "as_json", is_flag=True, help="Sortie JSON (pour les scripts).")
output_device_option = click.option("--output-device", metavar="SORTIE",
                                    help="Casque ou haut-parleur : numéro ou nom (voir accueil devices).")


def voice_options(command):
    """Options shared by every command that listens: engine, model and devices."""
    for option in reversed([
        click.option("--stt", "engine", type=click.Choice(["whisper", "vosk"]), default="whisper", show_default=True,
                     help="Moteur de reconnaissance vocale (hors ligne)."),
        click.option("--stt-model", metavar="DOSSIER", type=click.Path(file_okay=False, path_type=Path), envvar="ACCUEIL_STT_MODEL",
                     help="Dossier d'un autre modèle (Whisper converti pour faster-whisper, ou modèle Vosk)."),
        click.option("--input-device", metavar="MICRO", help="Micro : numéro ou nom (voir accueil devices)."),
        output_device_option,
    ]):
        command = option(command)
    return command


def console(stderr: bool = False, quiet: bool = False):
    from rich.console import Console

    return Console(highlight=False, stderr=stderr, quiet=quiet)


def store(ctx: click.Context):
    """The sessions, once those a crash cut short are finished (see session.recovery)."""
    from simulator.session.recovery import notices, recover_interrupted
    from simulator.store import SessionStore

    records = SessionStore(ctx.obj["data_dir"])
    for line in notices(recover_interrupted(records)):
        click.echo(line, err=True)
    return records


def print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def print_table(title: str, columns: tuple[str, ...], rows, ids: tuple[int, ...] = ()) -> None:
    """Rows of text cells (user text, never read as markup) or of rich `Text` (styled cells).
    The columns in `ids` hold what users copy into other commands: never wrapped nor cut, the
    other columns wrap instead. No side borders: an id copied with its line brings no box."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    cells = [[cell if isinstance(cell, Text) else Text(cell) for cell in row] for row in rows]
    table = Table(title=Text(title), box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for n, column in enumerate(columns):
        if n in ids:
            table.add_column(column, no_wrap=True, min_width=max((row[n].cell_len for row in cells), default=0))
        else:
            table.add_column(column, overflow="fold")
    for row in cells:
        table.add_row(*row)
    console().print(table)
