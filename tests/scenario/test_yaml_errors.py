"""Author's YAML: syntax errors said in French with what to do, and every problem of a file in one
run, in line order, list items counted from 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator import paths
from simulator.cli import cli
from simulator.errors import ValidationError
from simulator.scenario.loader import scenario_problems
from simulator.scoring.rubric import rubric_problems
from simulator.text.lexicon import load_lexicon
from simulator.yamlfile import load_yaml

TABS = "remplacez les tabulations par des espaces"
QUOTES = "mettez la valeur entre guillemets"
APOSTROPHES = "une apostrophe s'écrit ''"
INDENT = "alignez les clés d'une même table"

# name: (malformed YAML, line, column, message after « syntaxe YAML invalide : », part of the hint)
SYNTAX = {
    "tab": ("id: x\netats:\n\tdecroche: {}\n", 3, 1, "tabulation : indentez avec des espaces", TABS),
    "colon-in-value": ("titre: Appel: urgent\n", 1, 13, "deux-points en trop ou guillemets manquants",
                       'mettez la réplique entre guillemets : "Bonjour : je voudrais…"'),
    "over-indented": ("etats:\n  a: 1\n    b: 2\n", 3, 6,
                      "indentation incorrecte : cette ligne est lue comme la suite de la valeur du dessus", INDENT),
    "under-indented": ("etats:\n    a: 1\n  b: 2\n", 3, 3,
                       "indentation incohérente : cette ligne n'est alignée sur aucune clé au-dessus", INDENT),
    "dash-misaligned": ("etats:\n  a:\n    - x\n  - y\n", 4, 3,
                        "tiret « - » mal aligné : cet élément n'appartient à aucune liste au-dessus", INDENT),
    "missing-colon": ("id: x\ntitre Appel\npersona: calme\n", 2, 1, "deux-points manquant après la clé",
                      "écrivez « clé: valeur »"),
    "unclosed-double-quote": ('id: x\ntitre: "Bonjour\npersona: calme\n', 2, 8, "guillemet « \" » jamais fermé",
                              APOSTROPHES),
    "unclosed-single-quote": ("titre: 'Bonjour\npersona: calme\n", 1, 8, "guillemet « ' » jamais fermé", APOSTROPHES),
    "text-after-quote": ("titre: 'l'appel'\n", 1, 11, "texte après le guillemet fermant", APOSTROPHES),
    "text-after-brace": ("repliques:\n  - {nom} bonjour\n", 2, 11,
                         "texte après « } » : la valeur est lue comme une liste ou une table", QUOTES),
    "unclosed-bracket": ("id: x\nreferences: [T22.5, C225.1\npersona: calme\n", 2, 13, "« [ » jamais fermé",
                         "fermez-le par « ] »"),
    "unclosed-brace": ("appelant: {nom: Marc\nid: x\n", 1, 11, "« { » jamais fermé", "fermez-le par « } »"),
    "missing-comma": ('references: ["T22.5" "C225.1"]\n', 1, 22, "virgule ou « ] » manquant entre « [ » et « ] »",
                      "séparez les éléments par des virgules"),
    "closing-too-many": ("references: [T22.5]]\n", 1, 20, "« ] » fermant en trop", QUOTES),
    "closing-without-opening": ("titre: ]\n", 1, 8, "« ] » fermant sans ouvrant", QUOTES),
    "duplicate-key": ("id: a\ntitre: b\nid: c\n", 3, 1, "clé « id » en double",
                      "une clé ne s'écrit qu'une fois par table"),
    "reserved-first-character": ("titre: @accueil\n", 1, 8, "une valeur ne peut pas commencer par « @ »", QUOTES),
    "alias-like-text": ("titre: *important*\n", 1, 8, "une valeur ne peut pas commencer par « * » ou « & »", QUOTES),
    "dash-in-value": ("titre: - appel\n", 1, 8, "tiret « - » mal placé", "s'écrit entre guillemets"),
    "unknown-escape": ('titre: "C:\\dossier"\n', 1, 12, "barre oblique inverse « \\ » inconnue entre guillemets",
                       "écrivez \\\\"),
    "second-document": ("id: a\n---\nid: b\n", 2, 1, "un second document commence ici", "retirez cette ligne"),
    "text-after-block-indicator": ("description: > Un client\n", 1, 16,
                                   "après « | » ou « > », le texte commence à la ligne suivante", "passez à la ligne"),
    "control-character": ("titre: Bonjour\x07\n", 1, 15, "caractère de contrôle interdit (U+0007)",
                          "supprimez ce caractère invisible"),
}


def write(tmp_path: Path, text: str, name: str = "essai.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SYNTAX)
def test_syntax_errors_in_french_with_a_hint(tmp_path, name):
    text, line, col, message, hint = SYNTAX[name]
    path = write(tmp_path, text)
    doc, problems = load_yaml(path)
    assert doc is None and len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.col, problem.message) == (line, col, f"syntaxe YAML invalide : {message}")
    assert hint in problem.hint
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}:{col}: syntaxe YAML invalide : {message}\n    ↳ {problem.hint}\n" in result.output
    for english in ("found", "expected", "allowed", "while ", "duplicate", "token"):
        assert english not in result.output


def test_an_unknown_syntax_error_keeps_ruamels_words(tmp_path):
    path = write(tmp_path, "%YAML 1.1\n%YAML 1.2\n---\nid: x\n")
    problem = load_yaml(path)[1][0]
    assert (problem.line, problem.message) == (2, "syntaxe YAML invalide : found duplicate YAML directive")
    assert problem.hint == "vérifiez l'indentation (des espaces), les deux-points et les guillemets"


MODEL = paths.scenarios_dir() / "appel-calme.yaml"


def messages_in_order(checked: tuple) -> list[str]:
    """A checker's (value, problems) for a broken file: no value, and problems in line order."""
    value, problems = checked
    assert value is None
    assert [(p.line, p.col) for p in problems] == sorted((p.line, p.col) for p in problems)
    return [f"{p.line}: {p.message}" for p in problems]


def line_of(path: Path, needle: str) -> int:
    return lines_of(path, needle)[0]


def test_schema_errors_and_cross_checks_in_one_run_in_line_order(tmp_path):
    text = MODEL.read_text(encoding="utf-8")
    for old, new in [("    vers: demande\n", "    vers: demmande\n"),  # transition 1: an unknown state
                     ("    apres: 20\n", "    apres: vingt\n"),  # transition 9: a schema error
                     ("    si: au_revoir\n", "    si: adieu\n"),  # transition 6: an unknown intent
                     ("etat_initial: decroche", "etat_initial: decroché"),
                     ("difficulte: 1", "difficulte: 9"),
                     ("    evenement: raccroche\n", "    evenement: raccroche\n    apres: 3\n")]:  # transition 10
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = write(tmp_path, text, "appel-calme.yaml")
    assert messages_in_order(scenario_problems(path)) == [
        f"{line_of(path, 'difficulte')}: « difficulte » doit être au plus 5",
        f"{line_of(path, 'etat_initial')}: état initial inconnu « decroché »",
        f"{line_of(path, 'demmande')}: état inconnu « demmande » dans la transition depuis « decroche »",
        f"{line_of(path, 'adieu')}: intention inconnue « adieu »",
        f"{line_of(path, 'vingt')}: « transitions n° 9 › apres » doit être un nombre",
        f"{line_of(path, 'apres: 3')}: « apres » ne s'emploie qu'avec silence, delai, attente",
        *(f"{line}: le chemin commence par l'état initial « decroché », pas « decroche »"
          for line in lines_of(path, "chemin: [decroche")),
    ]


def test_a_transition_with_a_schema_error_is_not_cross_checked_twice(tmp_path):
    text = MODEL.read_text(encoding="utf-8").replace("  - de: decroche\n    vers: demande\n",
                                                      "  - vers: nulle_part\n", 1)
    path = write(tmp_path, text, "appel-calme.yaml")
    messages = [p.message for p in scenario_problems(path)[1]]
    assert messages == ["champ obligatoire manquant dans « transitions n° 1 » : de"]


def test_rubric_schema_errors_and_duplicates_in_one_run(tmp_path):
    text = (paths.rubrics_dir() / "standard.yaml").read_text(encoding="utf-8")
    head, last = text.rsplit("    poids: 1\n", 1)  # the last criterion's weight: after the duplicate
    text = (head + "    poids: lourd\n" + last).replace("  - id: identify\n", "  - id: greeting\n", 1)
    path = write(tmp_path, text, "grille.yaml")
    assert messages_in_order(rubric_problems(path)) == [
        f"{nth_line(path, '  - id: greeting', 2)}: critère « greeting » en double",
        f"{line_of(path, 'poids: lourd')}: « criteres n° 10 › poids » doit être un nombre",
    ]


def lines_of(path: Path, needle: str) -> list[int]:
    return [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]


def nth_line(path: Path, needle: str, n: int) -> int:
    return lines_of(path, needle)[n - 1]


def test_intent_vocabulary_errors_in_one_run(tmp_path):
    text = (paths.scenarios_dir() / "intentions.yaml").read_text(encoding="utf-8")
    text = text.replace("    flou: 88\n", "    flou: beaucoup\n", 1).replace("      - '\\bt as\\b'", "      - '(a'")
    path = write(tmp_path, text, "intentions.yaml")
    with pytest.raises(ValidationError) as error:
        load_lexicon(path)
    assert messages_in_order((None, error.value.problems)) == [
        f"{line_of(path, 'flou: beaucoup')}: « intentions › demande_nom › flou » doit être un nombre",
        f"{line_of(path, chr(39) + '(a' + chr(39))}: motif invalide : parenthèse « ( » jamais fermée",
    ]


def test_validate_prints_the_problems_in_line_order(tmp_path):
    text = MODEL.read_text(encoding="utf-8").replace("    vers: confirme", "    vers: confirm")
    text = text.replace("    apres: 20\n", "    apres: vingt\n")
    path = write(tmp_path, text, "appel-calme.yaml")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    located = [line for line in result.output.splitlines() if line.startswith(f"{path}:")]
    assert [int(line.split(":")[1]) for line in located] == [line_of(path, "vers: confirm"), line_of(path, "vingt")]


@pytest.mark.parametrize("pattern, said", [
    ("(a", "parenthèse « ( » jamais fermée"), ("a)", "parenthèse « ) » sans « ( »"),
    ("[a", "crochet « [ » jamais fermé"), ("*a", "rien à répéter avant « * », « + », « ? » ou « { »"),
    ("a**", "deux répétitions de suite (« ** », « +* »…)"), ("\\\\q", "barre oblique inverse « \\ » inconnue"),
])
def test_pattern_errors_in_french(tmp_path, pattern, said):
    text = (paths.scenarios_dir() / "intentions.yaml").read_text(encoding="utf-8")
    path = write(tmp_path, text.replace("      - '\\bt as\\b'", f"      - \"{pattern}\""), "intentions.yaml")
    with pytest.raises(ValidationError) as error:
        load_lexicon(path)
    assert [p.message for p in error.value.problems] == [f"motif invalide : {said}"]
