"""YAML files written by authors: loaded with line numbers, validated against a JSON Schema.

Problems are reported as `file:line:col: message` (1-based), all of a file's problems in one run.
"""

from __future__ import annotations

import json
import warnings
from difflib import get_close_matches
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import jsonschema
from referencing import Registry, Resource
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLWarning
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.scanner import RoundTripScanner

from simulator.errors import Problem
from simulator.files import UnreadableFile, read_user_text

# The largest shipped scenario is 14 kB and 700 values; these limits leave room for thirty times
# that while keeping the pure-Python parser under about a second on any file.
MAX_BYTES = 512 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 50

# Authors get located problems in French, never a library's warning printed with its source line.
warnings.filterwarnings("ignore", category=YAMLWarning)


@dataclass
class YamlDoc:
    path: str
    data: Any

    def position(self, *keys: str | int) -> tuple[int, int]:
        """1-based (line, col) of the value at `keys`, or of its closest located parent."""
        node, line, col = self.data, 1, 1
        for key in keys:
            if isinstance(node, CommentedMap) and key in node:
                line, col = node.lc.value(key) if _has_value_pos(node, key) else node.lc.key(key)
                line, col = line + 1, col + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and 0 <= key < len(node):
                line, col = node.lc.item(key)
                line, col = line + 1, col + 1
                node = node[key]
            else:
                break
        return line, col

    def key_position(self, *keys: str | int) -> tuple[int, int]:
        """1-based (line, col) of the key itself (for "unknown key" messages)."""
        if not keys:
            return 1, 1
        parent = self.data
        for key in keys[:-1]:
            try:
                parent = parent[key]
            except (KeyError, IndexError, TypeError):
                return self.position(*keys)
        last = keys[-1]
        if isinstance(parent, CommentedMap) and last in parent:
            line, col = parent.lc.key(last)
            return line + 1, col + 1
        return self.position(*keys)

    def problem(self, keys: Iterable[str | int], message: str, hint: str | None = None) -> Problem:
        line, col = self.position(*keys)
        return Problem(self.path, line, col, message, hint)


def _has_value_pos(node: CommentedMap, key: Any) -> bool:
    try:
        node.lc.value(key)
        return True
    except (KeyError, TypeError, AttributeError):
        return False


class _Refused(Exception):
    """Raised from inside the parser: (line, col, message[, hint])."""


class _CountingComposer(Composer):
    """Stops parsing at MAX_NODES nodes, so that a huge document costs at most a second; refuses
    an anchor defined twice (ruamel would only print a warning, and the second one would win)."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.nodes += 1
        event = self.parser.peek_event()
        line, col = event.start_mark.line + 1, event.start_mark.column + 1
        if self.nodes > MAX_NODES:
            raise _Refused(line, col, _too_many())
        if not isinstance(event, AliasEvent) and event.anchor is not None and event.anchor in self.anchors:
            first = self.anchors[event.anchor].start_mark.line + 1
            raise _Refused(line, col, f"ancre « &{event.anchor} » déjà définie ligne {first}",
                           "donnez à chaque ancre un nom différent")
        return super().compose_node(parent, index)


class _ShallowScanner(RoundTripScanner):
    """Stops at MAX_DEPTH open brackets: much deeper, the parser takes seconds to fail."""

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: Any) -> None:
        if len(self.flow_context) >= MAX_DEPTH:
            mark = self.reader.get_mark()
            raise _Refused(mark.line + 1, mark.column + 1, _too_deep())
        super().fetch_flow_collection_start(TokenClass, to_push)


def _too_many() -> str:
    return f"document trop volumineux : plus de {MAX_NODES} valeurs (alias « * » développés compris)"


def _too_deep() -> str:
    return f"imbrication trop profonde : plus de {MAX_DEPTH} niveaux de listes ou de tables"


def _oversized(data: Any) -> str | None:
    """Why the document is too big to check, once its aliases are expanded, or None.

    An alias is the same object as its anchor, but validation walks every reference: a few lines
    of nested aliases stand for billions of values ("billion laughs"), and a self-referencing one
    for infinitely many. The walk stops as soon as a limit is passed."""
    stack, seen = [(data, 1)], 0
    while stack:
        node, depth = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            return _too_many()
        if depth > MAX_DEPTH:
            return _too_deep()
        if isinstance(node, dict):
            stack += [(child, depth + 1) for pair in node.items() for child in pair]
        elif isinstance(node, (list, tuple, set)):
            stack += [(child, depth + 1) for child in node]
    return None


def load_yaml(path: str | Path) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse a YAML file. Never raises for bad input: returns the problems instead."""
    shown = str(path)
    try:
        text = read_user_text(path, "fichier YAML", MAX_BYTES)
    except UnreadableFile as exc:
        return None, [Problem(shown, exc.line or 1, 1, exc.reason)]
    yaml = YAML(typ="rt")
    yaml.Composer, yaml.Scanner = _CountingComposer, _ShallowScanner
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "syntaxe YAML invalide"
        return None, [Problem(shown, line, col, f"syntaxe YAML invalide : {_short(what)}",
                              "vérifiez l'indentation et les deux-points")]
    except _Refused as exc:
        return None, [Problem(shown, *exc.args)]
    except RecursionError:
        return None, [Problem(shown, 1, 1, _too_deep())]
    except YAMLError as exc:
        return None, [Problem(shown, 1, 1, f"syntaxe YAML invalide : {type(exc).__name__}")]
    except ValueError:  # a value the constructor cannot build: a 5000-digit number, 2024-13-45...
        return None, [Problem(shown, 1, 1, "valeur illisible : nombre démesuré ou date impossible",
                              "écrivez les nombres de plus de 4000 chiffres et les dates douteuses entre guillemets")]
    if data is None:
        return None, [Problem(shown, 1, 1, "fichier vide")]
    why = _oversized(data)
    if why:
        return None, [Problem(shown, 1, 1, why)]
    return YamlDoc(shown, data), []


def _short(value: Any, limit: int = 80) -> str:
    """A value quoted in a message: long ones cut, so a huge input never floods the terminal."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


@lru_cache(maxsize=None)
def schema(name: str) -> dict:
    text = resources.files("simulator.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


SCHEMAS = ("intentions", "rubric", "scenario")


@lru_cache(maxsize=1)
def _registry() -> Registry:
    """The schemas refer to each other by their $id (a scenario embeds local intentions)."""
    return Registry().with_resources((schema(n)["$id"], Resource.from_contents(schema(n))) for n in SCHEMAS)


_TYPE_FR = {"string": "un texte", "integer": "un nombre entier", "number": "un nombre",
            "boolean": "vrai ou faux (true/false)", "array": "une liste", "object": "une table (clé: valeur)"}


def schema_problems(doc: YamlDoc, schema_name: str) -> list[Problem]:
    """Validate against a JSON Schema; messages in French, located at the offending value."""
    validator = jsonschema.Draft202012Validator(schema(schema_name), registry=_registry())
    problems, shown = [], set()
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        message, hint, bad_key = _french(error)
        line, col = doc.key_position(*path, bad_key) if bad_key is not None else doc.position(*path)
        problem = Problem(doc.path, line, col, message, hint)
        if str(problem) not in shown:  # one "required" error per missing key, each listing them all
            shown.add(str(problem))
            problems.append(problem)
    return problems


def _french(error: jsonschema.ValidationError) -> tuple[str, str | None, str | None]:
    """French message, hint, and the offending key when the problem is an unknown key."""
    where = _short(".".join(str(p) for p in error.absolute_path)) or "racine"
    v = error.validator
    if v == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        return f"champ obligatoire manquant dans « {where} » : {', '.join(missing)}", None, None
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed), key=str)  # keys may be numbers or lists
        guesses = [g for e in extra for g in get_close_matches(str(e), allowed, n=1)]
        hint = f"vouliez-vous dire « {guesses[0]} » ?" if guesses else f"champs permis : {', '.join(allowed)}"
        return f"champ inconnu dans « {where} » : {_short(', '.join(map(str, extra)))}", hint, extra[0]
    if v == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return (f"« {where} » doit être {' ou '.join(_TYPE_FR.get(t, t) for t in expected)}", None, None)
    if v == "enum":
        return (f"valeur inconnue pour « {where} » : {_short(repr(error.instance))}",
                "valeurs permises : " + ", ".join(map(str, error.validator_value)), None)
    if v in ("minimum", "maximum"):
        return f"« {where} » doit être {'au moins' if v == 'minimum' else 'au plus'} {error.validator_value}", None, None
    if v in ("minItems", "minProperties"):
        return f"« {where} » doit contenir au moins {error.validator_value} élément(s)", None, None
    if v in ("anyOf", "oneOf"):  # either key (phrases or motifs), or either type (a name or a list of names)
        options = error.validator_value
        if all(set(o) == {"required"} for o in options):
            return (f"« {where} » doit contenir au moins l'un de ces champs : "
                    f"{', '.join(k for o in options for k in o['required'])}", None, None)
        if all("type" in o for o in options):
            types = " ou ".join(_TYPE_FR.get(o["type"], o["type"]) for o in options)
            return f"« {where} » doit être {types}", None, None
    if v == "minLength":
        return f"« {where} » ne doit pas être vide", None, None
    if v == "pattern":
        return (f"« {where} » a une forme invalide : {_short(repr(error.instance))}", error.schema.get("description"),
                None)
    return f"« {where} » : {_short(error.message, 200)}", None, None
