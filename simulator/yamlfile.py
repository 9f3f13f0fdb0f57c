"""YAML files written by authors: loaded with line numbers, validated against a JSON Schema.

Problems are reported as `file:line:col: message` (1-based), all of a file's problems in one run.
"""

from __future__ import annotations

import json
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
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from simulator.errors import Problem
from simulator.files import UnreadableFile, read_user_text

MAX_BYTES = 2 * 1024 * 1024


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


def load_yaml(path: str | Path) -> tuple[YamlDoc | None, list[Problem]]:
    """Read and parse a YAML file. Never raises for bad input: returns the problems instead."""
    shown = str(path)
    try:
        text = read_user_text(path, "fichier YAML", MAX_BYTES)
    except UnreadableFile as exc:
        return None, [Problem(shown, exc.line or 1, 1, exc.reason)]
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "syntaxe YAML invalide"
        return None, [Problem(shown, line, col, f"syntaxe YAML invalide : {what}",
                              "vérifiez l'indentation et les deux-points")]
    except (YAMLError, RecursionError) as exc:
        return None, [Problem(shown, 1, 1, f"syntaxe YAML invalide : {type(exc).__name__}")]
    if data is None:
        return None, [Problem(shown, 1, 1, "fichier vide")]
    return YamlDoc(shown, data), []


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
    problems = []
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        message, hint, bad_key = _french(error)
        line, col = doc.key_position(*path, bad_key) if bad_key is not None else doc.position(*path)
        problems.append(Problem(doc.path, line, col, message, hint))
    return problems


def _french(error: jsonschema.ValidationError) -> tuple[str, str | None, str | None]:
    """French message, hint, and the offending key when the problem is an unknown key."""
    where = ".".join(str(p) for p in error.absolute_path) or "racine"
    v = error.validator
    if v == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        return f"champ obligatoire manquant dans « {where} » : {', '.join(missing)}", None, None
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        guesses = [g for e in extra for g in get_close_matches(str(e), allowed, n=1)]
        hint = f"vouliez-vous dire « {guesses[0]} » ?" if guesses else f"champs permis : {', '.join(allowed)}"
        return f"champ inconnu dans « {where} » : {', '.join(map(str, extra))}", hint, extra[0]
    if v == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return (f"« {where} » doit être {' ou '.join(_TYPE_FR.get(t, t) for t in expected)}", None, None)
    if v == "enum":
        return (f"valeur inconnue pour « {where} » : {error.instance!r}",
                "valeurs permises : " + ", ".join(map(str, error.validator_value)), None)
    if v in ("minimum", "maximum"):
        return f"« {where} » doit être {'au moins' if v == 'minimum' else 'au plus'} {error.validator_value}", None, None
    if v == "minItems":
        return f"« {where} » doit contenir au moins {error.validator_value} élément(s)", None, None
    if v == "minLength":
        return f"« {where} » ne doit pas être vide", None, None
    if v == "pattern":
        return f"« {where} » a une forme invalide : {error.instance!r}", error.schema.get("description"), None
    return f"« {where} » : {error.message}", None, None
