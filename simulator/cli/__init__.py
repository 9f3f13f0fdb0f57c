"""The `accueil` command: parses options and calls the library. All messages are French.

The commands are grouped by who uses them (trainee, trainer, author); each imports what it needs
when it runs, so that `accueil --help` and a mistyped option answer at once. The library's errors
(simulator.errors) become « Erreur : … » and exit code 2 here, at the one edge."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from simulator import __version__, paths
from simulator.cli import author, trainee, trainer, xapi
from simulator.cli.french import use_french
from simulator.errors import AccueilError


class Failed(click.ClickException):
    """A library error (AccueilError) where it ends a command: « Erreur : … », exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"Erreur : {self.format_message()}", file=file, err=True)


class AccueilGroup(click.Group):
    """The commands, in French, with the library's errors turned into the command line's."""

    def main(self, *args, **kwargs):
        use_french()  # click's own usage errors and help headings
        return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except AccueilError as error:
            raise Failed(error.format_message()) from error


@click.group(cls=AccueilGroup, context_settings={"help_option_names": ["-h", "--help"]},
             subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(__version__, prog_name="accueil", message="%(prog)s %(version)s")
@click.option("--data-dir", metavar="DOSSIER", type=click.Path(path_type=Path), envvar="ACCUEIL_DATA_DIR",  # the store checks it
              help="Dossier des séances enregistrées (défaut : dossier de données de l'utilisateur).")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None) -> None:
    """Simulateur d'entraînement à l'accueil téléphonique, hors ligne."""
    ctx.obj = {"data_dir": data_dir}


for command in (*trainee.COMMANDS, *trainer.COMMANDS, *author.COMMANDS, *xapi.COMMANDS):
    cli.add_command(command)


def _crash_report() -> Path | None:
    """Write the current exception's traceback where a trainer can find it and send it on."""
    import platform
    import time
    import traceback

    # The file is meant to be sent on: no access token in it.
    command = " ".join("***" if previous == "--token" else "--token=***" if arg.startswith("--token=") else arg
                       for previous, arg in zip(["", *sys.argv], sys.argv))
    text = (f"accueil {__version__}, Python {platform.python_version()}, {platform.platform()}\n"
            f"commande : {command}\n\n{traceback.format_exc()}")
    for folder in (paths.cache_dir() / "erreurs", Path(tempfile.gettempdir())):
        path = folder / f"accueil-erreur-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def main() -> None:
    """The `accueil` program: click's handling of bad input (« Erreur : … », code 2), plus a
    last resort so that nobody ever faces a traceback."""
    try:
        code = cli.main(prog_name="accueil", standalone_mode=False)
    except click.ClickException as exc:  # a library error (Failed) or a usage error: exit code 2
        exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):  # Ctrl-C (or Ctrl-D at a prompt) outside a call
        sys.exit(130)
    except Exception:  # a bug: say so briefly, keep the details for the maintainers
        log = _crash_report()
        click.echo("Erreur interne inattendue, désolé : accueil a rencontré un défaut qu'il ne sait pas expliquer. "
                   + (f"Les détails sont dans {log} : joignez ce fichier à votre signalement." if log
                      else "Les détails n'ont pas pu être enregistrés (dossier de cache et /tmp en lecture seule)."),
                   err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
