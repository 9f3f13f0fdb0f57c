"""Matching on sound: what a speech recognizer wrote, compared with what was expected as French
phonemes rather than letters.

Whisper writes a name it does not know as it hears it: « Clinique Neste » for « Clinique Nest »,
« Paule » for « Paul », « bonjourner » for « bonne journée ». Letters differ, sounds do not. The
phonemes come from espeak-ng's French phonemizer (`espeak-ng -q -v fr --ipa`, the engine that
already speaks the caller's lines), one word a line, cached for the process.

Phonemes are folded into classes that speech recognition confuses and French speakers merge
(« é » and « è », open and closed « o », « un » and « in », a nasal vowel and vowel + n), then
compared as sequences: a phrase of fewer than `PHONES_PER_EDIT` phonemes must sound the same,
longer ones may differ by one phoneme per `PHONES_PER_EDIT`. So « Clément » (k l e m ɑ̃) never
passes for « Clémence » (k l e m ɑ̃ s), nor « Clinique de l'Ouest » for « Clinique Nest ».
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from typing import Iterable, Sequence

from rapidfuzz.distance import Levenshtein

from simulator.text.normalize import sounded

ESPEAK = "espeak-ng"
PHONES_PER_EDIT = 8
"""One phoneme of difference allowed per this many phonemes of the expected phrase (none below).
`bench/scoring_audio.py --seuils`, on the held-out calls and the negative controls in both bands:
5 or 6 let a near miss through in wideband; 8 lets none through and keeps the best agreement of
those (held-out 89.6 % wideband, 70.8 % telephone); 10 and 12 only lose agreement."""
TIMEOUT = 20.0
LONGEST_WORD = 30  # letters: past it, no name nor formula (pasted junk): no sound

# Folded classes: the mid front vowels (« é », « è », « e » muet, « eu »: Whisper and speakers
# swap them), open and closed « o », r's, semi-vowels. espeak-ng reads some unknown words as
# English (« Inness », « Matheo »): their English phonemes fold into the nearest French ones.
_FOLD = {unicodedata.normalize("NFC", k): v for k, v in {
    "ɛ": "e", "ə": "e", "ø": "e", "œ": "e", "ɔ": "o", "ɑ": "a", "ʁ": "r", "ɥ": "w", "ɐ": "a",
    "ɛ̃": "e~", "œ̃": "e~", "ɑ̃": "a~", "ɔ̃": "o~",
    "ɪ": "i", "ʊ": "u", "ɒ": "o", "ʌ": "a", "æ": "a", "ɜ": "e", "ɚ": "e", "ɹ": "r", "θ": "t", "ð": "d",
    "ŋ": "n", "ɾ": "t", "x": "r"}.items()}
_VOWELS = set("aeiouy")
_LANGUAGE_SWITCH = re.compile(r"\([a-z-]+\)")  # « (en)dʒˈɜːniː(fr) »: espeak-ng read it as English
_SKIP = set("ˈˌː-_ ") | {"\u0361"}  # stress, length, ties: not phonemes


def available() -> bool:
    return shutil.which(ESPEAK) is not None


def _split_phones(ipa: str) -> tuple[str, ...]:
    """IPA text -> folded phonemes: a nasal vowel is its oral vowel and n, a consonant said twice in
    a row counts once, a final « -ille » glide is dropped."""
    phones: list[str] = []
    for char in unicodedata.normalize("NFD", ipa):
        if char in _SKIP:
            continue
        if unicodedata.combining(char) and phones:
            phones[-1] = unicodedata.normalize("NFC", phones[-1] + char)
        else:
            phones.append(char)
    folded: list[str] = []
    for phone in phones:
        phone = _FOLD.get(phone, phone)
        if phone.endswith("~"):  # nasal vowel: its oral vowel and n (« bonne » ≈ « bon »)
            folded += [phone[:-1], "n"]
        elif folded and phone == folded[-1] and phone not in _VOWELS:
            continue  # one consonant, said once: « bon ne » → b o n n, « Inness » → i n n e s
        else:
            folded.append(phone)
    if folded[-2:] == ["i", "j"]:  # a weak final glide, often not heard: « Camille » ≈ « Camie »
        folded.pop()
    return tuple(folded)


# Normalization turns elisions into one-letter words (« l'UK » -> « l uk »): they are the
# consonant, not the letter's name (« l » is l, not « ɛl »).
_ELIDED = {"c": ("s",), "d": ("d",), "j": ("ʒ",), "l": ("l",), "m": ("m",), "n": ("n",), "s": ("s",),
           "t": ("t",), "qu": ("k",)}
_cache: dict[str, tuple[str, ...]] = dict(_ELIDED)


def _espeak(words: Sequence[str]) -> list[str] | None:
    """espeak-ng's IPA lines for the words, one a line (a word may give two lines), or None when
    espeak-ng cannot say."""
    try:
        done = subprocess.run([ESPEAK, "-q", "-v", "fr", "--ipa"], input="\n".join(words) + "\n",
                              capture_output=True, text=True, timeout=TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return [_LANGUAGE_SWITCH.sub("", line) for line in done.stdout.splitlines()]


def phonemes(words: Iterable[str]) -> list[tuple[str, ...]] | None:
    """Folded phonemes of each word, as written with its accents (simulator.text.normalize.sounded:
    « ines » is « in », « inès » « inɛs »); None without espeak-ng."""
    words = list(words)
    missing = sorted({w for w in words if w not in _cache and len(w) <= LONGEST_WORD})
    if missing:
        if not available():
            return None
        ipa = _espeak(missing)
        if ipa is None:
            return None
        if len(ipa) != len(missing):  # lines split or merged: one word at a time, then
            ipa = [" ".join(_espeak([w]) or []) for w in missing]
        _cache.update({w: _split_phones(line) for w, line in zip(missing, ipa)})
    return [_cache.get(w, ()) for w in words]


def text_phonemes(texts: Sequence[str]) -> list[tuple[str, ...]] | None:
    """Each text's folded phonemes, its words one after the other (accents restored, see
    `phonemes`), all in one call to the phonemizer; None without espeak-ng."""
    words = [sounded(text) for text in texts]
    sounds = phonemes([w for ws in words for w in ws])
    if sounds is None:
        return None
    found, at = [], 0
    for ws in words:
        found.append(sum(sounds[at:at + len(ws)], ()))
        at += len(ws)
    return found


def allowed_edits(expected: Sequence[str]) -> int:
    return len(expected) // PHONES_PER_EDIT


@lru_cache(maxsize=8192)
def edits(expected: tuple[str, ...], heard: tuple[str, ...]) -> int | None:
    """Phonemes to change from expected to heard when they sound alike (the same, or close enough
    for the expected phrase's length), else None."""
    if not expected or not heard:
        return None
    limit = allowed_edits(expected)
    if abs(len(expected) - len(heard)) > limit:
        return None
    distance = Levenshtein.distance(expected, heard, score_cutoff=limit)
    return distance if distance <= limit else None
