"""Hostile YAML: scenarios, rubrics and the intent vocabulary, through every command that reads them.

What this proves: a scenario, rubric or vocabulary file that is damaged in any of the ways below
never makes `accueil validate`, `lint`, `test`, `graph`, `play` or `score` crash, hang or eat
memory: each run ends with exit code 0 or 2 and a French message, within 20 s and 2 GB.
- structured damage: a valid file with values of the wrong type, huge or odd strings (control
  characters, bidi marks, markup, format fields), keys removed or added, numbers as keys;
- hostile YAML in place of a value: alias bombs ("billion laughs"), a value that contains itself,
  merge keys, nesting thousands deep, unknown or dangerous tags, 5000-digit numbers, impossible dates;
- text damage: tabs, duplicate keys, a BOM, Latin-1 or UTF-16, NUL and random bytes, truncation,
  CR line ends; random bytes; and the named cases (empty file, folder, /dev/zero, pipe, 50 MB file).
The library functions behind them (`load_yaml`, `scenario_problems`, `rubric_problems`,
`load_lexicon`) let no exception escape but `AccueilError`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hostile import (DIALOGUE_FILE, INTENTIONS_FILE, RUBRIC_FILE, SCENARIO_FILE, bounded, fuzz, hostile_yaml,
                     plain, run_cli)
from hypothesis import given
from hypothesis import strategies as st

from simulator.errors import AccueilError
from simulator.scenario.loader import scenario_problems
from simulator.scoring.rubric import rubric_problems
from simulator.text.lexicon import load_lexicon
from simulator.yamlfile import MAX_DEPTH, MAX_NODES, load_yaml

SCRIPT = ("Clinique Nest, Camille, bonjour.\nSi je comprends bien, vous souhaitez connaître les horaires ?\n"
          "Puis-je faire autre chose pour vous ?\nAu revoir madame, bonne journée.\n")
SCENARIO, RUBRIC, INTENTIONS = plain(SCENARIO_FILE), plain(RUBRIC_FILE), plain(INTENTIONS_FILE)


@pytest.fixture(scope="module")
def script():
    folder = Path(tempfile.mkdtemp(prefix="fuzz-script-"))
    (folder / "reponses.txt").write_text(SCRIPT, encoding="utf-8")
    yield folder / "reponses.txt"
    shutil.rmtree(folder)


def scenario_commands(path: Path, script: Path) -> dict[str, list]:
    return {"validate": ["validate", path], "lint": ["lint", path], "test": ["test", path],
            "graph": ["graph", path, "-o", path.with_suffix(".mmd"), "--mermaid"],
            "play": ["play", path, "-t", "Camille", "--script", script, "--seed", "1"]}


@fuzz(ci_examples=80)
@given(content=hostile_yaml(SCENARIO), command=st.sampled_from(["validate", "lint", "test", "graph", "play"]))
def test_hostile_scenarios(content, command, script):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "appel-calme.yaml"  # the id matches: a valid file goes on to be played
        path.write_bytes(content)
        run_cli(*scenario_commands(path, script)[command])


@fuzz(ci_examples=30)
@given(content=hostile_yaml(RUBRIC), command=st.sampled_from(["validate", "score", "test", "play"]))
def test_hostile_rubrics(content, command, script):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "standard.yaml"  # as the rubrics folder's standard: every scenario uses it
        path.write_bytes(content)
        env = {"ACCUEIL_RUBRICS": folder}
        args = {"validate": ["validate", path], "score": ["score", DIALOGUE_FILE, "--rubric", path],
                "test": ["test", "appel-calme"], "play": ["play", "appel-calme", "-t", "Camille", "--script", script]}
        run_cli(*args[command], env=env)


@fuzz(ci_examples=30)
@given(content=hostile_yaml(INTENTIONS), command=st.sampled_from(["validate", "score", "test", "play"]))
def test_hostile_intent_vocabularies(content, command, script):
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(SCENARIO_FILE, folder)
        path = Path(folder) / "intentions.yaml"
        path.write_bytes(content)
        env = {"ACCUEIL_SCENARIOS": folder}
        args = {"validate": ["validate", path], "score": ["score", DIALOGUE_FILE], "test": ["test", "appel-calme"],
                "play": ["play", "appel-calme", "-t", "Camille", "--script", script]}
        run_cli(*args[command], env=env)


@fuzz(ci_examples=40)
@given(content=st.binary(max_size=2048))
def test_random_bytes_as_yaml(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "appel-calme.yaml"
        path.write_bytes(content)
        run_cli("validate", path)


@fuzz(ci_examples=30)
@given(content=st.one_of(hostile_yaml(SCENARIO), hostile_yaml(RUBRIC), hostile_yaml(INTENTIONS)))
def test_library_lets_only_accueil_errors_escape(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "appel-calme.yaml"
        path.write_bytes(content)
        with bounded():
            doc, problems = load_yaml(path)
            assert (doc is None) == bool(problems)
            assert all(p.line >= 1 and p.col >= 1 and p.message for p in problems)
            scenario, problems = scenario_problems(path)
            assert (scenario is None) == bool(problems)
            rubric, problems = rubric_problems(path)
            assert (rubric is None) == bool(problems)
            try:
                load_lexicon(path)
            except AccueilError:
                pass


# -- named cases: each refused with its own message ----------------------------------------------

def _bomb(depth: int, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, depth)]
    return "\n".join(lines) + "\n"


def _valid_with(key: str, value: str) -> str:
    """The shipped scenario with one top-level value replaced by YAML text."""
    lines = SCENARIO_FILE.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "-")))
    return "\n".join(lines[:start] + [f"{key}: {value}"] + lines[end:])


CASES = {
    "empty": (b"", "fichier vide"),
    "only-comments": (b"# rien\n# du tout\n", "fichier vide"),
    "bom": (b"\xef\xbb\xbf" + SCENARIO_FILE.read_bytes(), None),
    "latin-1": ("id: é\n".encode("latin-1"), "UTF-8"),
    "utf-16": (SCENARIO_FILE.read_text("utf-8").encode("utf-16"), "binaire"),
    "nul": (b"id: x\x00\n", "binaire"),
    "tab": (b"id: x\netats:\n\tdecroche: {}\n", "syntaxe YAML invalide"),
    "duplicate-key": (b"id: a\nid: b\n", "clé « id » en double"),
    "alias-bomb": (_bomb(12).encode(), "trop volumineux"),
    "alias-bomb-in-states": (_valid_with("etats", "[" + ", ".join(
        ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"&l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 12)]) + "]").encode(), "trop volumineux"),
    "self-reference": (b"etats: &e {a: *e}\n", "« etats » doit contenir au moins 2"),  # the inner *e reads as null
    "deep-list": (("[" * 100_000 + "]" * 100_000).encode(), "imbrication trop profonde"),
    "deep-but-parseable": (("x: " + "[" * 60 + "]" * 60).encode(), "imbrication trop profonde"),
    "many-values": (("[" + "a," * (MAX_NODES + 1) + "]").encode(), "trop volumineux"),
    "big-number": (b"id: 1" + b"0" * 5000 + b"\n", "nombre démesuré"),
    "impossible-date": (b"id: 2024-13-45\n", "date impossible"),
    "numbers-as-keys": (b"1: 2\n? [a, b]\n: c\n", "champ inconnu"),
    "huge-file": (b"# " + b"x" * (50 * 1024 * 1024) + b"\n", "trop gros"),
    "format-field": (SCENARIO_FILE.read_text("utf-8").replace("Oui, c'est exactement ça.",
                                                              "Oui, {nom:>999999999}.").encode(),
                     "mise en forme non permise"),
}


@pytest.mark.parametrize("name", CASES)
def test_named_hostile_yaml(tmp_path, name):
    content, message = CASES[name]
    path = tmp_path / "appel-calme.yaml"
    path.write_bytes(content)
    result = run_cli("validate", path)
    assert result.exit_code == (0 if message is None else 2), result.output
    assert message is None or message in result.output, result.output
    assert len(result.output) < 10_000  # a located message, not the file echoed back


def test_limits_leave_room_for_every_shipped_file():
    for path in [*SCENARIO_FILE.parent.glob("*.yaml"), RUBRIC_FILE]:
        doc, problems = load_yaml(path)
        assert doc is not None, problems
    assert MAX_NODES >= 20 * 700 and MAX_DEPTH >= 5 * 6  # shipped: 700 values at most, 6 levels deep


@pytest.mark.parametrize("kind", ["folder", "dev-zero", "pipe", "absent"])
def test_what_is_not_a_file(tmp_path, kind):
    path = {"folder": tmp_path / "dossier.yaml", "dev-zero": Path("/dev/zero"), "pipe": tmp_path / "tube.yaml",
            "absent": tmp_path / "absent.yaml"}[kind]
    if kind == "folder":
        path.mkdir()
    if kind == "pipe":
        os.mkfifo(path)
    for args in (["validate", path], ["lint", path], ["test", path], ["score", DIALOGUE_FILE, "--rubric", path]):
        result = run_cli(*args, seconds=10)
        if kind == "folder" and args[0] == "test":  # a folder of scenarios, here with none: nothing to test
            assert result.exit_code == 0 and "0 exemple(s)" in result.output
        else:
            assert result.exit_code == 2, (args, result.output)


def test_costly_patterns_in_a_vocabulary_are_refused(tmp_path):
    deep = "(" * 400 + "a" + ")" * 400
    text = INTENTIONS_FILE.read_text(encoding="utf-8").replace(
        "      - '\\bt as\\b'", f"      - '(a+)+$'\n      - '(\\w*\\s?)*x'\n      - '{deep}'")
    path = tmp_path / "intentions.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", path)
    assert result.exit_code == 2
    assert result.output.count("motif trop coûteux") == 2 and "motif invalide" in result.output, result.output
