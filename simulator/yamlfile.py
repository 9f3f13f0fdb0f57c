"""YAML files written by authors: loaded with line numbers, validated against a JSON Schema.

Problems are reported as `file:line:col: message` (1-based), all of a file's problems in one run.
"""

from __future__ import annotations

import json
import re
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
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError, YAMLWarning
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError
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
        return None, [syntax_problem(shown, text, exc)]
    except ReaderError as exc:  # a control character: located by its offset in the text
        before = text[:exc.position]
        line, col = before.count("\n") + 1, exc.position - before.rfind("\n")
        return None, [Problem(shown, line, col, f"syntaxe YAML invalide : caractère de contrôle interdit "
                              f"(U+{exc.character:04X})" if isinstance(exc.character, int) else
                              "syntaxe YAML invalide : caractère interdit",
                              "supprimez ce caractère invisible (souvent venu d'un copier-coller)")]
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


QUOTE_HINT = 'mettez la valeur entre guillemets : "{nom}, bonjour", "Appel : urgent"'
APOSTROPHE_HINT = ("mettez toute la valeur entre guillemets ; dans un texte entre apostrophes, une apostrophe "
                   "s'écrit '' (deux apostrophes)")
INDENT_HINT = "alignez les clés d'une même table, et les « - » d'une même liste, avec le même nombre d'espaces"
SYNTAX_HINT = "vérifiez l'indentation (des espaces), les deux-points et les guillemets"


def syntax_problem(path: str, text: str, exc: MarkedYAMLError) -> Problem:
    """A parse error said in French with what to do, at ruamel's position or, for what was opened
    and never closed, where it was opened. An error not recognised keeps ruamel's words."""
    said = _in_french(exc, text.splitlines())
    message, hint, at_opening = said or (_short(exc.problem or exc.context or "?"), SYNTAX_HINT, False)
    mark = (exc.context_mark if at_opening else None) or exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(path, line, col, f"syntaxe YAML invalide : {message}", hint)


def _in_french(exc: MarkedYAMLError, lines: list[str]) -> tuple[str, str, bool] | None:
    """(message, hint, located where the thing was opened) for the errors authors make, else None."""
    problem, context = exc.problem or "", exc.context or ""
    here = exc.problem_mark
    line = lines[here.line] if here and here.line < len(lines) else ""
    before = line[:here.column] if here else ""
    if isinstance(exc, DuplicateKeyError):
        key = re.search(r'duplicate key "(.*)" with value', problem)
        return (f"clé « {_short(key[1] if key else '?')} » en double",
                "une clé ne s'écrit qu'une fois par table : supprimez ou renommez l'une des deux", False)
    if found := re.search(r"found character '(.+)' that cannot start any token", problem):
        if found[1] == "\\t":
            return ("tabulation : indentez avec des espaces",
                    "remplacez les tabulations par des espaces (réglez l'éditeur pour qu'il en insère)", False)
        return f"une valeur ne peut pas commencer par « {found[1]} »", QUOTE_HINT, False
    if "mapping values are not allowed" in problem:
        if ": " in before:
            return "deux-points en trop ou guillemets manquants", \
                "mettez la réplique entre guillemets : \"Bonjour : je voudrais…\"", False
        return ("indentation incorrecte : cette ligne est lue comme la suite de la valeur du dessus",
                INDENT_HINT + " ; vérifiez aussi l'espace après les deux-points et les guillemets de la ligne "
                "précédente", False)
    if "could not find expected ':'" in problem:
        return ("deux-points manquant après la clé", "écrivez « clé: valeur » ; si la ligne continue le texte "
                "du dessus, indentez-la davantage ou mettez ce texte entre guillemets", True)
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        opened = exc.context_mark
        quote = lines[opened.line][opened.column] if opened and opened.line < len(lines) else '"'
        return f"guillemet « {quote} » jamais fermé", APOSTROPHE_HINT, True
    if flow := re.search(r"expected ',' or '([]}])', but got", problem):
        closer = flow[1]
        opener = "[" if closer == "]" else "{"
        if exc.context_mark and here and here.line > exc.context_mark.line:
            return (f"« {opener} » jamais fermé",
                    f"fermez-le par « {closer} » ; un texte qui commence par « {opener} » s'écrit entre guillemets",
                    True)
        return (f"virgule ou « {closer} » manquant entre « {opener} » et « {closer} »",
                "séparez les éléments par des virgules et mettez entre guillemets ceux qui contiennent des "
                "guillemets, « : » ou « # »", False)
    if block := re.search(r"expected <block end>, but found '(.*)'", problem):
        token, last = block[1], before.rstrip()[-1:]
        if token == "<scalar>" and last and last in "\"'":
            return "texte après le guillemet fermant", APOSTROPHE_HINT, False
        if token == "<scalar>" and last and last in "]}":
            return f"texte après « {last} » : la valeur est lue comme une liste ou une table", QUOTE_HINT, False
        if token in ("-", "<block sequence start>"):
            return "tiret « - » mal aligné : cet élément n'appartient à aucune liste au-dessus", INDENT_HINT, False
        if token in ("]", "}"):
            return f"« {token} » fermant en trop", QUOTE_HINT, False
        return "indentation incohérente : cette ligne n'est alignée sur aucune clé au-dessus", INDENT_HINT, False
    if closing := re.search(r"expected the node content, but found '([]}])'", problem):
        return f"« {closing[1]} » fermant sans ouvrant", QUOTE_HINT, False
    if "undefined alias" in problem or "anchor" in context or "alias" in context:
        return "une valeur ne peut pas commencer par « * » ou « & »", QUOTE_HINT, False
    if "sequence entries are not allowed" in problem:
        return ("tiret « - » mal placé", "une liste s'écrit à la ligne, un « - » par élément ; un texte qui "
                "commence par « - » s'écrit entre guillemets", False)
    if "double-quoted scalar" in context and "escape" in problem:
        return ("barre oblique inverse « \\ » inconnue entre guillemets",
                "écrivez \\\\ pour une barre oblique inverse, ou mettez le texte entre apostrophes", False)
    if "another document" in problem:
        return ("un second document commence ici",
                "un fichier ne contient qu'un document : retirez cette ligne « --- » ou « ... »", False)
    if "block scalar" in context:
        return ("après « | » ou « > », le texte commence à la ligne suivante",
                "passez à la ligne et indentez le texte sous la clé", False)
    return None


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


class SchemaProblems(list):
    """A document's schema problems (a list of Problem, in line order) that knows where they are:
    the cross-checks skip the values the schema found wrong and check every other in the same run."""

    def __init__(self, problems: Iterable[Problem], flawed: Iterable[tuple]):
        super().__init__(problems)
        self.flawed = frozenset(flawed)

    def sound(self, *keys: str | int) -> bool:
        """Whether the value at `keys`, all it contains and all that contains it are as the schema says
        (an unknown key is not a flaw of its table: the cross-checks never read it)."""
        return not any(path[:len(keys)] == keys or keys[:len(path)] == path for path in self.flawed)


def schema_problems(doc: YamlDoc, schema_name: str) -> SchemaProblems:
    """Validate against a JSON Schema; messages in French, located at the offending value."""
    validator = jsonschema.Draft202012Validator(schema(schema_name), registry=_registry())
    problems, shown, flawed = [], set(), set()
    for error in validator.iter_errors(doc.data):
        path = tuple(error.absolute_path)
        message, hint, bad_key = _french(error)
        line, col = doc.key_position(*path, bad_key) if bad_key is not None else doc.position(*path)
        if error.validator == "required":  # the table is sound but for the keys it lacks
            flawed.update(path + (key,) for key in error.validator_value if key not in (error.instance or {}))
        elif error.validator != "additionalProperties":
            flawed.add(path)
        problem = Problem(doc.path, line, col, message, hint)
        if str(problem) not in shown:  # one "required" error per missing key, each listing them all
            shown.add(str(problem))
            problems.append(problem)
    return SchemaProblems(in_line_order(problems), flawed)


def in_line_order(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.col))


def place(path: Iterable[str | int]) -> str:
    """A value's place for an author: « transitions n° 4 › de » (list items counted from 1)."""
    parts: list[str] = []
    for key in path:
        if isinstance(key, int) and parts:
            parts[-1] += f" n° {key + 1}"
        else:
            parts.append(f"n° {key + 1}" if isinstance(key, int) else str(key))
    return " › ".join(parts)


def _french(error: jsonschema.ValidationError) -> tuple[str, str | None, str | None]:
    """French message, hint, and the offending key when the problem is an unknown key."""
    where = _short(place(error.absolute_path)) or "racine"
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
