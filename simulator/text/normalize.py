"""Normalization of transcripts so that matching survives speech-recognition output.

Lower case, no accents, no punctuation, apostrophes and hyphens as spaces, French number
words as digits (« zéro six douze » -> « 06 12 »).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from text_to_num import alpha2digit

_ZERO = re.compile(r"\bzero\b", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_SPELLED_WORD = re.compile(r"[^\W_]+")
# Speech recognition writes times glued: « 8h », « 18h30 » -> « 8 h », « 18 h 30 ».
_GLUED_HOUR = re.compile(r"\b(\d{1,2})h(\d{2})?\b")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _spelled(text: str) -> str:
    """Lower case, number words as digits, accents kept."""
    text = _ZERO.sub("zéro", text)
    try:
        text = alpha2digit(text, "fr")
    except (ValueError, IndexError):  # text2num rejects some odd sequences; keep the words then
        pass
    return text.lower()


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Canonical form used by every matcher: `"Zéro six, c'est Nest !"` -> `"06 c est nest"`."""
    text = strip_accents(_spelled(text))
    text = _GLUED_HOUR.sub(lambda m: f"{m[1]} h {m[2] or ''}", text)
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def accented(text: str) -> dict[str, str]:
    """Normalized word -> the word as written, accents kept (« ines » -> « inès »): how it
    sounds depends on them. Words that normalization splits or changes otherwise are left out."""
    spellings: dict[str, str] = {}
    for word in _SPELLED_WORD.findall(_spelled(text)):
        plain = strip_accents(word)
        if plain != word and plain.isascii() and plain.isalnum():
            spellings.setdefault(plain, word)
    return spellings


def sounded(text: str) -> list[str]:
    """The normalized words of `text` with their accents back, for the phonemizer:
    « Inès à l'écoute » -> ["inès", "à", "l", "écoute"]."""
    spellings = accented(text)
    return [spellings.get(w, w) for w in normalize(text).split()]


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def digits(text: str) -> str:
    """All digits of a text, number words included: « zéro six 12 » -> "0612"."""
    return "".join(re.findall(r"\d", normalize(text)))
