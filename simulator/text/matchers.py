"""Intent matchers declared in YAML: phrase lists, regular expressions, fuzzy phrases.

A matcher answers "does this utterance express the intent, and with which words?".
Phrases and patterns apply to normalized text (see `normalize`), so authors write them
naturally (« Ne quittez pas ») and they still match « ne quittez pas » or « NE QUITTEZ PAS ».
A fuzzy phrase (`threshold`) also tolerates misspellings and, for speech, words written as
they sound (`phonetics`): the match then says what was heard and what it stood for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from rapidfuzz import fuzz

from simulator.text import phonetics
from simulator.text.normalize import normalize, sounded

FUZZY = 85
"""Tolerance of misspellings (0-100) of names and phrases where the rubric (`seuil_flou`) or the
intent (`flou`) says nothing: « clinique n'est » passes for « Clinique Nest »."""
# Below this length a fuzzy match is too easily accidental: short phrases must match exactly.
MIN_FUZZY_CHARS = 5


@dataclass(frozen=True)
class Match:
    """Where an intent was found: the normalized words that matched, and their token span;
    `expected`: the phrase they stand for when they are not its very words (« clinique neste »
    heard for « Clinique Nest »)."""

    words: str
    start: int
    end: int
    expected: str = ""

    def approximation(self) -> str:
        """« entendu « clinique neste » ≈ « Clinique Nest » », or "" for the very words."""
        return f"entendu « {self.words} » ≈ « {self.expected} »" if self.expected else ""


def find_phrase(phrase: str, text: str, threshold: float | None = None) -> Match | None:
    """Find `phrase` in `text` as whole words; with `threshold` (0-100) tolerate misspellings.

    Fuzzy matching compares token windows with spaces removed, so that « clinique n'est »
    matches « Clinique Nest » and « clémance » matches « Clémence ».
    """
    target = normalize(phrase).split()
    words = normalize(text).split()
    if not target or not words:
        return None
    n = len(target)
    for i in range(len(words) - n + 1):
        if words[i : i + n] == target:
            return Match(" ".join(target), i, i + n)
    if threshold is None:
        return None
    found = _spelled_alike(target, words, threshold) or _sounding_alike(phrase, text)
    if found is None:
        return None
    start, end = found
    return Match(" ".join(words[start:end]), start, end, expected=phrase.strip())


def _windows(n: int, words: list[str]):
    """Word windows a phrase of `n` words may take in a transcript: a word more or less (split
    or glued by the transcription), or two more."""
    for size in range(max(1, n - 1), n + 3):
        for i in range(len(words) - size + 1):
            yield i, i + size


def _spelled_alike(target: list[str], words: list[str], threshold: float) -> tuple[int, int] | None:
    joined = "".join(target)
    if len(joined) < MIN_FUZZY_CHARS:
        return None
    best: tuple[float, int, int] | None = None
    for start, end in _windows(len(target), words):
        window = words[start:end]
        score = fuzz.ratio("".join(window), joined)
        if score >= threshold and (best is None or score > best[0]) and _covers(target, window, threshold):
            best = (score, start, end)
    return best[1:] if best else None


def _sounding_alike(phrase: str, text: str) -> tuple[int, int] | None:
    """The window of `text` that sounds like `phrase`, the closest first (see `phonetics`)."""
    target, words = sounded(phrase), sounded(text)  # accents decide the sound
    sounds = phonetics.phonemes([*target, *words])
    if sounds is None:
        return None
    expected = sum(sounds[:len(target)], ())
    heard = sounds[len(target):]
    best: tuple[int, int, int] | None = None
    for start, end in _windows(len(target), words):
        edits = phonetics.edits(expected, sum(heard[start:end], ()))
        if edits is not None and (best is None or edits < best[0]):
            best = (edits, start, end)
    return best[1:] if best else None


def _covers(target: list[str], window: list[str], threshold: float) -> bool:
    """Every significant word of the phrase is in the window (alone, or split in two by the
    transcription: « nest » in « n est »), so that « votre nom » never matches « votre numéro »."""
    pieces = window + ["".join(window[i : i + 2]) for i in range(len(window) - 1)]
    return all(any(fuzz.partial_ratio(word, piece) >= threshold for piece in pieces)
               for word in target if len(word) >= 3)


@dataclass(frozen=True)
class Matcher:
    """A named intent: it matches if any phrase or any pattern is found."""

    name: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    fuzzy: float | None = None
    description: str = ""

    def find(self, text: str) -> Match | None:
        return next(self._matches(text), None)

    def find_all(self, text: str) -> list[Match]:
        """Every distinct phrase or pattern of this matcher found in the text."""
        return list(dict.fromkeys(self._matches(text)))

    def _matches(self, text: str) -> Iterator[Match]:
        if self.fuzzy is not None:
            sound_out((self,), text)  # one call to the phonemizer for all the phrases
        for phrase in self.phrases:
            found = find_phrase(phrase, text, self.fuzzy)
            if found:
                yield found
        normalized = normalize(text)
        for pattern in self.patterns:
            for m in pattern.finditer(normalized):
                start = len(normalized[: m.start()].split())
                yield Match(m.group(0).strip(), start, start + len(m.group(0).split()))


def sound_out(matchers: Iterable[Matcher], text: str = "") -> None:
    """Phonemes of every fuzzy phrase of `matchers` (and of `text`) in one call to the phonemizer,
    kept for the process: a voice session does it before the phone rings, so that matching on
    sound costs no turn gap (one call per phrase took 2 s on the first utterance)."""
    phrases = [p for m in matchers if m.fuzzy is not None for p in m.phrases]
    words = [w for said in (*phrases, text) for w in sounded(said)]
    if words:
        phonetics.phonemes(words)
