"""How the caller addresses the trainee: « Bonjour {civilite} » is « Bonjour madame » to a woman,
« Bonjour monsieur » to a man, and « Bonjour » when the trainee's civility is not known (better no
word than the wrong one)."""

from __future__ import annotations

import re

CIVILITIES = ("madame", "monsieur")
PLACEHOLDERS = ("civilite", "Civilite")  # « Civilite » at the start of a sentence: « Madame, … »


def civility_values(civility: str | None) -> dict[str, str]:
    word = civility if civility in CIVILITIES else ""
    return {"civilite": word, "Civilite": word.capitalize()}


def tidy(text: str) -> str:
    """A line once an empty civility left a hole: « Au revoir, , et merci » -> « Au revoir, et merci »,
    « , je vous écoute » -> « Je vous écoute »."""
    text = re.sub(r"\s+([,.!?…;:])", lambda m: m.group(1) if m.group(1) in ",." else " " + m.group(1), text)
    text = re.sub(r",(\s*[,.!?…])", r"\1", text)  # a comma left before another stop
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = re.sub(r"^[,;:]\s*", "", text)
    return text[:1].upper() + text[1:]
