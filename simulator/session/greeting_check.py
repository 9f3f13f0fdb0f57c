"""A second look at the trainee's greeting, on the audio.

Whisper base often writes an organisation or a first name as it sounds to it (« Kabineve et
Terinère des Tigol, Innes, bonjour » for « Cabinet Vétérinaire des Tilleuls, Inès, bonjour »),
beyond what matching on sound forgives. The scenario knows what the first sentence should hold,
so where the transcript misses the organisation or the first name, the expected words are put in
place of the words that sound closest, and the recognizer, forced through both texts, says which
fits the audio (simulator.stt.base.Listener). The expected text is kept only when it fits nearly
as well as the recognizer's own words, and when the expected first name fits better than every
other first name that sounds like it and than the words heard in its place: « Clément » said for
« Clémence » stays « Clément ». The thresholds come from bench/scoring_audio.py on the tuning
dialogues and the negative controls (see FIT and NAME_MARGIN).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

from rapidfuzz.distance import Levenshtein

from simulator.events import TraineeSaid
from simulator.stt.base import Listener
from simulator.text import phonetics
from simulator.text.matchers import FUZZY, find_phrase
from simulator.text.normalize import normalize
from simulator.transcript.model import CallContext

FIRST_NAMES = Path(__file__).resolve().parent.parent / "text" / "prenoms.txt"
# The three thresholds, set on the first turns of the tuning dialogues (tests/data/dialogues) and
# of the negative controls (tests/data/controles) spoken by bench/scoring_audio.py, both bands;
# the held-out dialogues only measure them.
FIT = -1.4
"""Least log-probability per token of the expected text against the recognizer's own words
(log p(expected) - log p(heard), divided by the expected text's tokens). Another organisation
said (« Clinique de l'Ouest », « Mairie de Villeneuve ») fits at -1.67 to -2.32."""
NAME_MARGIN = -4.0
"""How much worse (nats) the expected first name may fit than the other first name that fits
best in its place. « Clément » said for Clémence: -9.6 and -16.1; names said: -4.0 and above
for most."""
HEARD_MARGIN = -8.0
"""How much worse it may fit than the words the recognizer wrote in its place, or than the
organisation alone: the recognizer's own choice fits better even when the name was said (-6.4
to +9.5 when accepted); no name or another one said: -7.3 (« Louis » for Lucas) and below, most
under -12."""
RIVALS = 15  # first names that sound closest to the expected one, tried in its place
REACH = 0.75  # phonemes to change per phoneme of the phrase: past it, the words are not it
LEFT_OUT = 1.0  # what leaving a phrase out costs in the choice of places: more than any run
_TRAILING = re.compile(r"[,.;:!?…]+$")


@dataclass(frozen=True)
class Look:
    """What the second look tried and found: the text kept, the text heard, the text tried, how
    well it fits (per token, against the heard one) and by how much its first name beats its best
    rival (None when the name was heard as such)."""

    text: str
    heard: str
    tried: str  # the heard words with the expected ones in place
    fit: float
    name_margin: float | None
    rival: str = ""  # the first name that fitted best after the expected one, in its place
    heard_margin: float | None = None  # how much better the name fits than the words heard there

    @property
    def confirmed(self) -> bool:
        return self.text != self.heard


@lru_cache(maxsize=1)
def first_names() -> tuple[str, ...]:
    lines = FIRST_NAMES.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class GreetingCheck:
    """Called with the first trainee utterance and its transcript; gives the text to keep."""

    def __init__(self, listener: Listener, organisations: Sequence[str], name: str, *,
                 fit: float = FIT, name_margin: float = NAME_MARGIN, heard_margin: float = HEARD_MARGIN):
        self.listener = listener
        self.organisations = tuple(o for o in organisations if o.strip())
        self.name = name.strip()
        self.fit = fit
        self.name_margin = name_margin
        self.heard_margin = heard_margin
        self.rivals = _rivals(self.name)

    @classmethod
    def for_call(cls, listener: Listener, context: CallContext, **thresholds: float) -> GreetingCheck:
        words = context.trainee.split()
        return cls(listener, (context.organisation, *context.organisation_aliases), words[0] if words else "",
                   **thresholds)

    def __call__(self, pcm: bytes, heard: str) -> str:
        look = self.look(pcm, heard)
        return look.text if look else heard

    def look(self, pcm: bytes, heard: str) -> Look | None:
        """None when there is nothing to look at: the transcript already holds what is expected,
        or no words sound anything like it."""
        tokens = heard.split()
        name_missing = bool(self.name) and not find_phrase(self.name, heard, FUZZY)
        organisation_missing = bool(self.organisations) and not any(
            find_phrase(o, heard, FUZZY) for o in self.organisations)
        if not tokens or not (name_missing or organisation_missing):
            return None
        organisation = self.organisations if organisation_missing else ()
        expected, name_at = _put(tokens, _places(organisation, self.name if name_missing else "", tokens), self.name)
        hypothesis = " ".join(expected)
        if hypothesis == heard:
            return None
        texts = [heard, hypothesis]
        unnamed: list[str] = []  # the name's place as heard; the organisation put alone
        if name_at:
            start, end, said = name_at
            unnamed.append(" ".join(expected[:start] + said + expected[end:]))
            if organisation:
                unnamed.append(" ".join(_put(tokens, _places(organisation, "", tokens), self.name)[0]))
            texts += unnamed + [" ".join(expected[:start] + [_with_punctuation(r, said[-1])] + expected[end:])
                                for r in self.rivals]
        scores = self.listener.log_likelihoods(pcm, texts)
        (heard_score, _), (expected_score, expected_tokens) = scores[:2]
        fit = (expected_score - heard_score) / max(expected_tokens, 1)
        margin = heard_margin = None
        rival = ""
        if name_at:
            first_rival = 2 + len(unnamed)
            best = max(range(first_rival, len(texts)), key=lambda i: scores[i][0])
            margin, rival = expected_score - scores[best][0], texts[best]
            heard_margin = expected_score - max(score for score, _ in scores[2:first_rival])
        kept = fit >= self.fit and (margin is None or (margin > self.name_margin and heard_margin > self.heard_margin))
        return Look(hypothesis if kept else heard, heard, hypothesis, round(fit, 3),
                    None if margin is None else round(margin, 2), rival,
                    None if heard_margin is None else round(heard_margin, 2))


def looked_at(check: Callable[[bytes, str], str], pcm: bytes, t: float, text: str, end: float) -> TraineeSaid:
    """The trainee's turn after `check`: the words kept, and the recognizer's own if they differ."""
    checked = check(pcm, text)
    return TraineeSaid(round(t, 2), checked, round(end, 2), heard=text if checked != text else None)


def greeting_check(transcriber: object, context: CallContext) -> GreetingCheck | None:
    """The second look for a call, or None when the engine cannot say how well words fit (Vosk,
    the online recognizers)."""
    if not callable(getattr(transcriber, "log_likelihoods", None)):
        return None
    return GreetingCheck.for_call(transcriber, context)  # type: ignore[arg-type]


def _put(tokens: Sequence[str], places: list[tuple[int, int, str]], name: str
         ) -> tuple[list[str], tuple[int, int, list[str]] | None]:
    """The tokens with each phrase in its place, and where the name went (start, end, the words
    it took the place of)."""
    expected: list[str] = []
    name_at = None
    at = 0
    for start, end, phrase in sorted(places):
        expected += tokens[at:start]
        put = _with_punctuation(phrase, tokens[end - 1]).split()
        if phrase == name:
            name_at = (len(expected), len(expected) + len(put), list(tokens[start:end]))
        expected += put
        at = end
    return expected + list(tokens[at:]), name_at


def _rivals(name: str) -> tuple[str, ...]:
    """The first names that sound closest to `name`, itself left out."""
    if not name:
        return ()
    others = [n for n in first_names() if normalize(n) != normalize(name)]
    sounds = phonetics.text_phonemes([name, *others])
    if sounds is None:
        return tuple(others[:RIVALS])
    distance = {n: Levenshtein.distance(sounds[0], s) for n, s in zip(others, sounds[1:])}
    return tuple(sorted(others, key=distance.__getitem__)[:RIVALS])


def _places(organisations: Sequence[str], name: str, tokens: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where to put the expected organisation (one of `organisations`) and first name in the
    heard `tokens`: the runs that sound closest to them, not overlapping, chosen together so that
    the organisation does not take the words that were the name. [(start, end, phrase)]."""
    phrases = [*organisations, *([name] if name else [])]
    sounds = phonetics.text_phonemes([*phrases, *tokens])
    if sounds is None:
        return []
    of_phrase, per_token = dict(zip(phrases, sounds)), sounds[len(phrases):]
    organisation_runs = [r for o in organisations for r in _runs(o, of_phrase[o], per_token)]
    name_runs = _runs(name, of_phrase[name], per_token) if name else []
    options: list[tuple[float, list[tuple[int, int, str]]]] = []
    for o in [*organisation_runs, None]:
        for n in [*name_runs, None]:
            if o and n and o[1] < n[2] and n[1] < o[2]:
                continue
            chosen = [r for r in (o, n) if r]
            if chosen:
                left_out = (not o and bool(organisations)) + (not n and bool(name))
                options.append((sum(r[0] for r in chosen) + left_out * LEFT_OUT, [r[1:] for r in chosen]))
    return min(options, key=lambda option: option[0])[1] if options else []


def _runs(phrase: str, target: tuple[str, ...], per_token: Sequence[tuple[str, ...]]) -> list[tuple[float, int, int, str]]:
    """Runs of heard tokens within reach of the phrase's sounds: (phonemes to change per phoneme
    of the phrase, start, end, phrase)."""
    if not target:
        return []
    runs = []
    for start in range(len(per_token)):
        heard: tuple[str, ...] = ()
        for end in range(start + 1, len(per_token) + 1):
            heard += per_token[end - 1]
            if len(heard) > 2 * len(target) + 2:
                break
            distance = Levenshtein.distance(target, heard) / len(target)
            if distance <= REACH:
                runs.append((distance, start, end, phrase))
    return runs


def _with_punctuation(phrase: str, replaced: str) -> str:
    """The phrase with the punctuation that ended the words it replaces."""
    trailing = _TRAILING.search(replaced)
    return phrase + (trailing.group(0) if trailing else "")
