"""Load named intent matchers from YAML (the shared vocabulary and a scenario's own)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from simulator.errors import Problem, ValidationError
from simulator.text.matchers import Matcher
from simulator.yamlfile import YamlDoc, load_yaml, schema_problems

Lexicon = dict[str, Matcher]


def matchers_from(doc: YamlDoc, section: Any, *at: str) -> tuple[Lexicon, list[Problem]]:
    """Build matchers from an already schema-checked `intentions:` mapping located at `at`."""
    lexicon: Lexicon = {}
    problems: list[Problem] = []
    for name, spec in (section or {}).items():
        patterns = []
        for i, source in enumerate(spec.get("motifs", []) or []):
            try:
                patterns.append(re.compile(str(source)))
            except re.error as exc:
                problems.append(doc.problem([*at, name, "motifs", i], f"motif invalide : {exc.msg}",
                                            "c'est une expression régulière Python ; échappez les caractères spéciaux"))
        lexicon[str(name)] = Matcher(
            name=str(name),
            phrases=tuple(str(p) for p in spec.get("phrases", []) or []),
            patterns=tuple(patterns),
            fuzzy=spec.get("flou"),
            description=str(spec.get("description", "")),
        )
    return lexicon, problems


def load_lexicon(path: str | Path) -> Lexicon:
    doc, problems = load_yaml(path)
    if doc is not None:
        problems = schema_problems(doc, "intentions")
    if problems or doc is None:
        raise ValidationError(problems)
    lexicon, problems = matchers_from(doc, doc.data["intentions"], "intentions")
    if problems:
        raise ValidationError(problems)
    return lexicon
