"""The scenario author's commands: validate, lint, test with example calls, draw."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from simulator.cli.common import json_option, print_json


@click.command()
@click.argument("paths", metavar="CHEMINS...", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Vérifie des scénarios, grilles ou vocabulaires YAML (fichiers ou dossiers).

    Chaque erreur s'affiche sous la forme fichier:ligne:colonne: message.
    """
    from simulator.errors import InputError
    from simulator.scenario.validation import file_problems, yaml_files

    files = yaml_files(list(paths))
    if not files:
        raise InputError("aucun fichier YAML à vérifier")
    failed = 0
    for path in files:
        problems = file_problems(path)
        if problems:
            failed += 1
            for problem in problems:
                click.echo(str(problem), err=True)
        else:
            click.echo(f"✓ {path}")
    if failed:
        click.echo(f"{failed} fichier(s) sur {len(files)} contiennent des erreurs.", err=True)
        sys.exit(2)


@click.command(name="test")
@click.argument("targets", metavar="[CIBLES]...", nargs=-1)
@json_option
@click.option("--strict", is_flag=True, help="Code de sortie 2 aussi pour un scénario sans exemple (pour l'intégration continue).")
def test_examples(targets: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """Rejoue les appels modèles (« exemples: ») des scénarios et vérifie chemin et verdicts.

    CIBLES : fichiers, dossiers ou identifiants de scénarios (défaut : tous les scénarios fournis).
    Code de sortie 2 si un exemple s'écarte de l'attendu ou si un fichier est invalide ; un scénario
    sans exemple est signalé par un avertissement (code 2 avec --strict).
    """
    from simulator.session.examples import check_file, example_files

    started = time.perf_counter()
    files = [check_file(path) for path in example_files(list(targets))]
    results = [r for f in files for r in f.results]
    failed = sum(not r.passed for r in results)
    invalid = sum(bool(f.problems) for f in files)
    untested = sum(bool(f.warnings) for f in files)
    if as_json:
        print_json({"fichiers": [f.as_dict() for f in files], "exemples": len(results), "echecs": failed,
                    "invalides": invalid, "sans_exemple": untested})
    else:
        for f in files:
            click.echo(f.path)
            for problem in f.problems:
                click.echo(f"  {problem}", err=True)
            for warning in f.warnings:
                click.echo(f"  {warning}")
            for r in f.results:
                click.echo(f"  {'✓' if r.passed else '✗'} {r.example.title} (ligne {r.example.line})")
                for mismatch in r.mismatches:
                    click.echo(f"      {mismatch}")
        click.echo(f"{len(results)} exemple(s) : {len(results) - failed} conforme(s), {failed} en écart ; "
                   f"{invalid} fichier(s) invalide(s) ; {untested} scénario(s) sans exemple — "
                   f"{time.perf_counter() - started:.1f} s")
    if failed or invalid or (strict and untested):
        sys.exit(2)


@click.command()
@click.argument("paths", metavar="[CHEMINS]...", nargs=-1, type=click.Path(path_type=Path))  # a missing file is reported in French
@click.option("--strict", is_flag=True, help="Code de sortie 2 s'il y a des avertissements (pour l'intégration continue).")
def lint(paths: tuple[Path, ...], strict: bool) -> None:
    """Signale ce qui, dans un scénario valide, ne peut jamais se produire (défaut : scénarios fournis).

    États jamais atteints ou sans issue, répliques jamais dites, délais qui ne se déclenchent
    jamais, transitions masquées par une précédente, scénario sans appel d'exemple :
    fichier:ligne:colonne: avertissement : message.
    """
    from simulator.errors import InputError
    from simulator.scenario.lint import lint_file
    from simulator.scenario.loader import scenario_files
    from simulator.scenario.validation import yaml_files

    files = yaml_files(list(paths), recursive=False, scenarios_only=True) if paths else scenario_files()
    if not files:
        raise InputError("aucun scénario à vérifier")
    invalid = warned = 0
    for path in files:
        errors, warnings = lint_file(path)
        invalid += bool(errors)
        warned += bool(warnings)
        for problem in errors:
            click.echo(str(problem), err=True)
        for problem in warnings:
            click.echo(str(problem))
        if not errors and not warnings:
            click.echo(f"✓ {path}")
    if invalid:
        click.echo(f"{invalid} fichier(s) sur {len(files)} contiennent des erreurs (voir accueil validate).", err=True)
    if warned:
        click.echo(f"{warned} fichier(s) sur {len(files)} ont des avertissements.", err=True)
    if invalid or (strict and warned):
        sys.exit(2)


@click.command()
@click.argument("scenario", metavar="SCÉNARIO")
@click.option("--output", "-o", metavar="FICHIER", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Fichier à écrire : .svg, .png ou .pdf (dessiné par Graphviz), .mmd (Mermaid).")
@click.option("--mermaid", "as_mermaid", is_flag=True, help="Écrit le diagramme en texte Mermaid (sans Graphviz).")
def graph(scenario: str, output: Path, as_mermaid: bool) -> None:
    """Dessine le diagramme des états d'un scénario (identifiant ou fichier YAML)."""
    from simulator.scenario.graph import write_diagram
    from simulator.scenario.loader import find_scenario

    write_diagram(find_scenario(scenario), output, as_mermaid)
    click.echo(f"Diagramme écrit : {output}")


COMMANDS = (validate, test_examples, lint, graph)
