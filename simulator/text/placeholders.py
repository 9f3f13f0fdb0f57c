"""Checking the {placeholders} an author writes in a text (caller lines, rubric feedback): each one
known, none malformed, none with a format spec (« {nom:>999999999} » would build a gigabyte)."""

from __future__ import annotations

from difflib import get_close_matches
from string import Formatter

from simulator.errors import Problem
from simulator.yamlfile import YamlDoc


def placeholder_problems(doc: YamlDoc, text, at: list, allowed: tuple[str, ...], where: str) -> list[Problem]:
    """The problems of the placeholders of `text` (at `at` in `doc`); `where` names the text
    (« dans la réplique »)."""
    allowed_list = ", ".join("{" + p + "}" for p in allowed)
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in Formatter().parse(str(text)) if f is not None]
    except ValueError:
        return [doc.problem(at, f"accolade mal fermée {where}", f"écrivez {allowed_list}")]
    problems = []
    for name, spec, conversion in fields:
        if name not in allowed:
            close = get_close_matches(name, list(allowed), n=1, cutoff=0.6)
            problems.append(doc.problem(at, f"champ inconnu « {{{name}}} » {where}",
                                        f"vouliez-vous dire « {close[0]} » ?" if close
                                        else f"champs permis : {allowed_list}"))
        elif spec or conversion:
            problems.append(doc.problem(at, f"mise en forme non permise après « {{{name} » {where}",
                                        f"écrivez simplement {{{name}}}"))
    return problems
