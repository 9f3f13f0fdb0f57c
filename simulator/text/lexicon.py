"""Load named intent matchers from YAML (the shared vocabulary and a scenario's own)."""

from __future__ import annotations

import re
from pathlib import Path
from re import _parser as regex_parser  # private, but the only parse of a pattern's structure
from typing import Any, Iterable

from simulator.errors import Problem, ValidationError
from simulator.text.matchers import Matcher
from simulator.yamlfile import YamlDoc, in_line_order, load_yaml, schema_problems

Lexicon = dict[str, Matcher]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
# A group repeated at most this often is harmless even if it can match in several ways: ( ?\d){8}
_FEW = 10
# Python's words for the mistakes authors make in a pattern, in French (others keep Python's words).
_PATTERN_ERRORS = {"missing ), unterminated subpattern": "parenthèse « ( » jamais fermée",
                   "unbalanced parenthesis": "parenthèse « ) » sans « ( »",
                   "unterminated character set": "crochet « [ » jamais fermé",
                   "nothing to repeat": "rien à répéter avant « * », « + », « ? » ou « { »",
                   "multiple repeat": "deux répétitions de suite (« ** », « +* »…)",
                   "bad escape": "barre oblique inverse « \\ » inconnue"}


def _nested_repeat(items, outer_many: bool = False) -> bool:
    r"""True if a repeat of variable length sits inside a group that repeats many times, as in
    (a+)+ or (\w*\s?)*: on a long utterance that almost matches, such a pattern backtracks for
    hours (Python's regular expressions cannot be interrupted)."""
    for op, value in items:
        if str(op) in _REPEATS:
            low, high, body = value
            if outer_many and high > low:
                return True
            if _nested_repeat(body, outer_many or high > _FEW):
                return True
            continue
        nested = value if isinstance(value, (tuple, list)) else (value,)
        for part in nested:
            parts = part if isinstance(part, list) else [part]
            if any(isinstance(p, regex_parser.SubPattern) and _nested_repeat(p, outer_many) for p in parts):
                return True
    return False


def _pattern_error(message: str) -> str:
    return next((french for english, french in _PATTERN_ERRORS.items() if message.startswith(english)), message)


def matchers_from(doc: YamlDoc, section: Any, *at: str) -> tuple[Lexicon, list[Problem]]:
    """Build matchers from an already schema-checked `intentions:` mapping located at `at`."""
    lexicon: Lexicon = {}
    problems: list[Problem] = []
    for name, spec in (section or {}).items():
        patterns = []
        for i, source in enumerate(spec.get("motifs", []) or []):
            try:
                pattern = re.compile(str(source))
                costly = _nested_repeat(regex_parser.parse(str(source)))
            except (re.error, OverflowError, RecursionError) as exc:
                why = _pattern_error(exc.msg) if isinstance(exc, re.error) else "trop long ou trop imbriqué"
                problems.append(doc.problem([*at, name, "motifs", i], f"motif invalide : {why}",
                                            "c'est une expression régulière Python ; échappez les caractères spéciaux"))
                continue
            if costly:
                problems.append(doc.problem([*at, name, "motifs", i], "motif trop coûteux : une répétition dans "
                                            "une répétition (comme (a+)+) peut bloquer l'évaluation",
                                            "retirez la répétition intérieure ou bornez l'extérieure : {2,8}"))
                continue
            patterns.append(pattern)
        lexicon[str(name)] = Matcher(
            name=str(name),
            phrases=tuple(str(p) for p in spec.get("phrases", []) or []),
            patterns=tuple(patterns),
            fuzzy=spec.get("flou"),
            description=str(spec.get("description", "")),
        )
    return lexicon, problems


def load_lexicon(path: str | Path, required: Iterable[str] = ()) -> Lexicon:
    """A vocabulary file; `required`: the intents its users look up by name (the scoring criteria)."""
    doc, problems = load_yaml(path)
    if doc is None:
        raise ValidationError(problems)
    schema = schema_problems(doc, "intentions")
    section = doc.data.get("intentions") if isinstance(doc.data, dict) else None
    if not isinstance(section, dict):
        raise ValidationError(schema)
    # The intents the schema found sound are checked in the same run (their patterns compiled).
    lexicon, problems = matchers_from(doc, {n: s for n, s in section.items() if schema.sound("intentions", n)},
                                      "intentions")
    missing = [name for name in required if name not in map(str, section)]
    if missing:
        problems.append(doc.problem(["intentions"], f"intention(s) manquante(s) : {', '.join(missing)} ; "
                                    "la grille d'évaluation s'en sert",
                                    "reprenez-les du vocabulaire fourni (scenarios/intentions.yaml)"))
    problems = in_line_order([*schema, *problems])
    if problems:
        raise ValidationError(problems)
    return lexicon
