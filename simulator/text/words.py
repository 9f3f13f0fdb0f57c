"""Content words: what a reformulation or a message slip must share with the caller's words."""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer
from stop_words import get_stop_words

from simulator.text.normalize import normalize, strip_accents

_STEMMER = snowballstemmer.stemmer("french")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(normalize(w) for w in get_stop_words("fr")) | {"c", "d", "j", "l", "m", "n", "qu", "s", "t"}


def stem(word: str) -> str:
    return _STEMMER.stemWord(strip_accents(word.lower()))


def content_stems(text: str, ignored: frozenset[str] = frozenset()) -> dict[str, str]:
    """Stem -> first word it came from, for the meaningful words of `text`.

    Stop words, words shorter than 3 letters and `ignored` stems (politeness, verbs of wanting...)
    do not count; numbers of two digits or more do.
    """
    stems: dict[str, str] = {}
    for word in normalize(text).split():
        if word.isdigit():
            if len(word) >= 2:
                stems.setdefault(word, word)
            continue
        if len(word) < 3 or word in _stopwords():
            continue
        s = stem(word)
        if s not in ignored:
            stems.setdefault(s, word)
    return stems
