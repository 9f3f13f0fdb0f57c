"""How a line is said: speech rate, pitch and volume, named as authors write them in the YAML
(`voix_reglages: {debit: …, hauteur: …, volume: …}` for a caller, « (debit=130) … » before a line).

The marker is in parentheses, not brackets: a YAML line starting with « [ » would be read as a list.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Mapping

from simulator.tts.base import Voice

# YAML name: (Voice attribute, lowest, highest). Rate in words per minute, pitch and volume 0–100
# (volume: percent of the engine's full scale; above 85 some MBROLA voices saturate).
SETTINGS = {"debit": ("rate", 80, 350), "hauteur": ("pitch", 0, 100), "volume": ("volume", 10, 100)}
# A leading « (debit=130 hauteur=40) »: how the line is said, never said aloud nor written in a
# transcript. Any leading parenthesis is one, checked: a stage direction « (soupir) » is refused
# rather than read out.
_MARKER = re.compile(r"\s*\(([^()]*)\)\s*")


def split_marker(line: str) -> tuple[str, str]:
    """« (debit=130) Bonjour. » -> (« debit=130 », « Bonjour. »); a line without one -> (« », line)."""
    found = _MARKER.match(line)
    return (found.group(1), line[found.end():]) if found else ("", line)


def parse_settings(marker: str) -> tuple[dict[str, int], list[str]]:
    """The settings of a marker (« debit=130, volume=80 ») and, in French, what is wrong with it."""
    settings: dict[str, int] = {}
    problems = []
    allowed = ", ".join(f"{name}=…" for name in SETTINGS)
    if not marker.strip():
        return settings, [f"parenthèses vides en tête de réplique : écrivez un réglage de voix ({allowed})"]
    for item in marker.replace(",", " ").split():
        name, equals, value = item.partition("=")
        if name not in SETTINGS or not equals:
            problems.append(f"réglage de voix inconnu « {item} » en tête de réplique (réglages permis : {allowed})")
        elif not (value.isascii() and value.isdigit()) or not SETTINGS[name][1] <= int(value) <= SETTINGS[name][2]:
            _, low, high = SETTINGS[name]
            problems.append(f"« {name}={value} » : un nombre entier de {low} à {high} est attendu")
        else:
            settings[name] = int(value)
    return settings, problems


def adjusted(voice: Voice, settings: Mapping[str, int]) -> Voice:
    """`voice` with the settings an author gave (YAML names, values already checked)."""
    return replace(voice, **{SETTINGS[name][0]: int(value) for name, value in settings.items()})


def marker_problems(line: str) -> list[str]:
    """In French, what is wrong with the voice marker of a caller line (nothing without one)."""
    marker, text = split_marker(line)
    if marker == "" and text == line:
        return []
    return [*parse_settings(marker)[1], *([] if text.strip() else ["la réplique est vide après son réglage de voix"])]
