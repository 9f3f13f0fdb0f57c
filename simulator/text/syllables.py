"""Syllables of French as it is said: the speaking rate counts them, both in the delivery
indicators (simulator.session.delivery) and in the rubric's `delivery` criterion."""

from __future__ import annotations

import re
import unicodedata

from simulator.text import phonetics
from simulator.text.normalize import sounded

_VOWEL_GROUP = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+")
_SILENT_U = re.compile(r"([qg])u(?=[aeiouyàâäéèêëîïôöùûüÿœæ])")
_MUTE_ENDING = re.compile(r"(?<=[^aeiouyàâäéèêëîïôöùûüÿœæ])(e|es|ent)$")


def spelled_syllables(word: str) -> int:
    """Syllables of a French word from its letters: vowel groups (the « u » of « qu », « gu »
    is none), a final mute « e », « es » or verb « ent » not counted (« clinique » 2, « parlent »
    1); a mute « e » inside a word is, as in verse (« lentement » 3)."""
    word = _SILENT_U.sub(r"\1", unicodedata.normalize("NFC", word.lower()))
    groups = len(_VOWEL_GROUP.findall(word))
    if groups > 1 and _MUTE_ENDING.search(word) and not word.endswith("ment"):
        groups -= 1
    return groups


def syllable_counts(texts: list[str]) -> list[int]:
    """Syllables of each text as French speakers say it: vowels of espeak-ng's French phonemes
    (the phonemizer that already matches names on sound; digits are read as numbers), or, without
    espeak-ng, from the letters."""
    sounds = phonetics.text_phonemes(texts)
    if sounds is not None:
        return [sum(1 for phone in phones if phone in "aeiouy") for phones in sounds]
    return [sum(spelled_syllables(w) for w in sounded(text)) for text in texts]
