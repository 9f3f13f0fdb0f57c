"""Delivery indicators (« Indicateurs de voix »): how the trainee sounded, turn by turn.

For each trainee turn: speaking rate (syllables of the transcript per second of voiced audio, and
words per minute), active speech level on the trainee channel, time to answer after the caller's
line, and overlap with the caller; for the whole call, the medians. They advise: the score
depends on them only in a rubric that lists the `delivery` criterion, which judges the same rate
and time to answer against the same ranges (simulator.scoring.guidance) from the turns' times.

Pure functions over a call's timed events and the PCM of its two channels (caller left, trainee
right), as the session's recording `appel.wav` or a scored call recording holds them. A recorded
session keeps its indicators beside its recording (`indicateurs.json`), measured once: at the end
of the call, at the recovery of a cut session, or at the first look at an older one.

Voiced time is the channel's frames above its own noise floor (the rule of
`recorded_call.ChannelDetector`, one speaker per channel), with pauses shorter than 0.25 s counted
as speech, as speech-rate studies do: the rate is an articulation rate, long pauses left out.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.audio.base import FRAME_SAMPLES, FRAME_SECONDS, AudioError
from simulator.audio.endpoint import SILENT_DBFS
from simulator.audio.wavfiles import decode_file
from simulator.events import Event, TraineeSaid
from simulator.records import RECORDING
from simulator.scoring.guidance import GAP, LEVEL, MIN_VOICED, RATE, WORDS, answer_gaps
from simulator.session.recorded_call import LEVEL_START, floor_and_span
from simulator.text.figures import measured
from simulator.transcript.overlaps import MIN_OVERLAP, overlaps
from simulator.text.syllables import syllable_counts

INDICATORS = "indicateurs.json"  # beside the session's recording
MIN_PAUSE = 0.25  # seconds: a shorter silence inside speech is part of it (a stop consonant, a breath)
MARGIN = 0.1  # seconds around a turn's times where its voice is looked for


# --- Words -----------------------------------------------------------------------------------


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text))


# --- Audio -----------------------------------------------------------------------------------

def frame_levels(pcm: bytes) -> np.ndarray:
    """Level of each whole 32 ms frame, dBFS (a full-scale sine is −3 dBFS, as `level_dbfs` says)."""
    samples = np.frombuffer(pcm, dtype="<i2")
    frames = samples[: len(samples) // FRAME_SAMPLES * FRAME_SAMPLES].reshape(-1, FRAME_SAMPLES)
    power = np.mean(frames.astype(np.float64) ** 2, axis=1) / 32768.0 ** 2
    with np.errstate(divide="ignore"):
        return np.maximum(SILENT_DBFS, 10 * np.log10(power))


def voiced_frames(levels: np.ndarray) -> np.ndarray:
    """Which frames hold the channel's voice: above its noise floor by `LEVEL_START` of the way
    to its speech level (ChannelDetector's rule), pauses shorter than `MIN_PAUSE` filled."""
    if not len(levels):
        return np.zeros(0, dtype=bool)
    floor, span = floor_and_span(levels)
    voiced = levels >= floor + LEVEL_START * span
    on = np.flatnonzero(voiced)
    shortest = round(MIN_PAUSE / FRAME_SECONDS)
    for before, after in zip(on[:-1], on[1:]):
        if 1 < after - before <= shortest:
            voiced[before:after] = True
    return voiced


@dataclass(frozen=True)
class Channel:
    """One channel's frame levels and voiced frames."""

    levels: np.ndarray
    voiced: np.ndarray

    @classmethod
    def of(cls, pcm: bytes) -> Channel:
        levels = frame_levels(pcm)
        return cls(levels, voiced_frames(levels))

    def span(self, start: float, end: float) -> slice:
        return slice(max(0, int((start - MARGIN) / FRAME_SECONDS)), max(0, round((end + MARGIN) / FRAME_SECONDS)))


def active_level(levels: np.ndarray) -> float | None:
    """Mean power of the voiced frames, dBFS (the active speech level of ITU-T P.56, simplified)."""
    if not len(levels):
        return None
    return float(10 * np.log10(np.mean(10 ** (levels / 10))))


# --- Indicators ------------------------------------------------------------------------------

@dataclass(frozen=True)
class TurnDelivery:
    turn: int  # the trainee's turn, from 1
    t: float | None
    text: str
    words: int
    syllables: int
    voiced: float | None = None  # seconds of voice in the turn; None without a recording
    level: float | None = None  # active speech level, dBFS
    gap: float | None = None  # seconds from the end of the caller's line; negative: started over it
    overlap: float = 0.0  # seconds spoken while the caller spoke

    @property
    def rate(self) -> float | None:
        """Syllables per voiced second."""
        return self.syllables / self.voiced if self.voiced and self.voiced >= MIN_VOICED else None

    @property
    def words_per_minute(self) -> float | None:
        return 60 * self.words / self.voiced if self.voiced and self.voiced >= MIN_VOICED else None

    KEYS = {"turn": "tour", "t": "t", "text": "texte", "words": "mots", "syllables": "syllabes",
            "voiced": "duree_parlee", "level": "niveau_dbfs", "gap": "delai_reponse", "overlap": "chevauchement"}

    def as_dict(self) -> dict:
        return {**{french: getattr(self, name) for name, french in self.KEYS.items()},
                "syllabes_par_seconde": _rounded(self.rate), "mots_par_minute": _rounded(self.words_per_minute, 0)}

    @classmethod
    def from_dict(cls, raw: dict) -> TurnDelivery:
        return cls(**{name: raw[french] for name, french in cls.KEYS.items()})


def _rounded(value, digits: int = 2):
    return round(value, digits) if isinstance(value, float) else value


def _median_of(name: str) -> property:
    def median(delivery: Delivery) -> float | None:
        values = [v for v in (getattr(t, name) for t in delivery.turns) if v is not None]
        return statistics.median(values) if values else None
    return property(median)


@dataclass(frozen=True)
class Delivery:
    turns: tuple[TurnDelivery, ...]
    from_audio: bool  # measured on the recording; else from the events' times only (no rate, no level)

    # The call's medians over the turns that have the value.
    rate = _median_of("rate")
    words_per_minute = _median_of("words_per_minute")
    level = _median_of("level")
    gap = _median_of("gap")

    @property
    def overlaps(self) -> int:
        return sum(1 for t in self.turns if t.overlap >= MIN_OVERLAP)

    @property
    def overlap(self) -> float:
        return sum(t.overlap for t in self.turns if t.overlap >= MIN_OVERLAP)

    def as_dict(self) -> dict:
        return {"source": "enregistrement" if self.from_audio else "transcription",
                "appel": {"syllabes_par_seconde": _rounded(self.rate), "mots_par_minute": _rounded(self.words_per_minute, 0),
                          "niveau_dbfs": _rounded(self.level), "delai_reponse": _rounded(self.gap),
                          "chevauchements": self.overlaps, "chevauchement_secondes": _rounded(self.overlap)},
                "reperes": {"syllabes_par_seconde": [RATE.low, RATE.high], "mots_par_minute": [WORDS.low, WORDS.high],
                            "niveau_dbfs": [LEVEL.low, LEVEL.high], "delai_reponse": [GAP.low, GAP.high],
                            "chevauchements": [0, 0]},
                "repliques": [t.as_dict() for t in self.turns]}

    @classmethod
    def from_dict(cls, raw: dict) -> Delivery:
        return cls(tuple(TurnDelivery.from_dict(t) for t in raw["repliques"]), raw["source"] == "enregistrement")


def measure(events: list[Event] | tuple[Event, ...], channels: tuple[bytes, bytes] | None = None) -> Delivery:
    """The indicators of a call's trainee turns; `channels` (caller, trainee PCM on the events'
    clock) give the voiced time, the level and the overlaps, else the events' times only."""
    events = list(events)
    said = [e for e in events if isinstance(e, TraineeSaid)]
    syllables = syllable_counts([e.text for e in said])
    caller, trainee = (Channel.of(channels[0]), Channel.of(channels[1])) if channels else (None, None)
    timed = overlaps(events) if trainee is None else []
    turns, gaps = [], answer_gaps(events)
    for i, event in enumerate(events):
        if isinstance(event, TraineeSaid):
            values = {}
            if trainee is not None and event.t is not None and event.end is not None:
                span = trainee.span(event.t, event.end)
                voiced = trainee.voiced[span]
                heard = caller.voiced[span]  # both channels of one recording: the same length
                both = voiced[:len(heard)] & heard[:len(voiced)]
                level = active_level(trainee.levels[span][voiced])
                values = {"voiced": round(float(voiced.sum() * FRAME_SECONDS), 3),
                          "level": None if level is None else round(level, 2),
                          "overlap": round(float(both.sum() * FRAME_SECONDS), 3)}
            elif trainee is None:
                values = {"overlap": round(sum(o.seconds for o in timed if i in (o.over, o.under)), 3)}
            gap = gaps[len(turns)]
            # Rounded as kept (indicateurs.json): what is derived from them is the same read back.
            turns.append(TurnDelivery(len(turns) + 1, event.t, event.text, word_count(event.text), syllables[len(turns)],
                                      gap=None if gap is None else round(gap, 3), **values))
    return Delivery(tuple(turns), channels is not None)


# --- A recorded session ----------------------------------------------------------------------

def recording_channels(path: Path) -> tuple[bytes, bytes]:
    """The session's recording as (caller, trainee) 16 kHz PCM."""
    stereo = np.frombuffer(decode_file(path, layout="stereo"), dtype="<i2")
    return stereo[0::2].tobytes(), stereo[1::2].tobytes()


def _stamp(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns]


def session_delivery(directory: Path, events: list[Event] | tuple[Event, ...]) -> Delivery | None:
    """The indicators of a recorded session: from `indicateurs.json` when it was measured on the
    recording as it is now, else measured and kept there (best effort: a read-only folder only
    costs measuring again). None for a session without a recording (typed), whose recording
    cannot be read, or whose turns have no end (written by hand: nothing to measure)."""
    if not any(isinstance(e, TraineeSaid) and e.end is not None for e in events):
        return None
    wav, kept = directory / RECORDING, directory / INDICATORS
    try:
        stamp = _stamp(wav)
    except OSError:
        return None
    try:
        raw = json.loads(kept.read_text(encoding="utf-8"))
        if raw.get("enregistrement") == stamp:
            return Delivery.from_dict(raw)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, or damaged: measured again
    try:
        delivery = measure(events, recording_channels(wav))
    except AudioError:
        return None
    try:
        kept.write_text(json.dumps({"enregistrement": stamp, **delivery.as_dict()}, ensure_ascii=False, indent=2),
                        encoding="utf-8")
    except OSError:
        pass
    return delivery


# --- In French -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """One indicator for the whole call, as the trainee and the trainer read it."""

    label: str
    value: str
    guidance: str
    advice: str
    good: bool | None  # None: nothing to judge


def readings(delivery: Delivery) -> list[Reading]:
    found = []
    rate = delivery.rate
    if rate is not None:
        words = delivery.words_per_minute
        value = measured(rate, "syll/s") + (f" · {measured(words, 'mots/min', 0)}" if words is not None else "")
        if rate > RATE.high:
            advice = ("Débit un peu rapide : ralentissez et marquez une courte pause entre les idées ; "
                      "l'appelant doit pouvoir suivre et noter.")
        elif rate < RATE.low:
            advice = "Débit lent : vous pouvez parler un peu plus vite, sans perdre la netteté."
        else:
            advice = "Débit posé : l'appelant vous suit sans effort."
        found.append(Reading("Débit", value, RATE.text, advice, RATE.low <= rate <= RATE.high))
    level = delivery.level
    if level is not None:
        if level < LEVEL.low:
            advice = "Voix faible ou micro trop bas : rapprochez le micro et parlez d'une voix claire et assurée."
        elif level > LEVEL.high:
            advice = "Voix forte ou micro trop haut : éloignez un peu le micro ou parlez moins fort."
        else:
            advice = "Niveau clair et audible."
        found.append(Reading("Niveau de la voix", measured(level, "dBFS", 0), LEVEL.text, advice,
                             LEVEL.low <= level <= LEVEL.high))
    gap = delivery.gap
    if gap is not None:
        if gap < GAP.low:
            advice = "Vous commencez souvent avant que l'appelant ait fini : laissez-le terminer sa phrase."
        elif gap > GAP.high:
            advice = ("Temps de réponse long : un « je vous écoute » ou « un instant, je regarde » évite un "
                      "silence au téléphone.")
        else:
            advice = "Vous répondez sans faire attendre l'appelant."
        found.append(Reading("Délai de réponse", measured(gap, "s"), GAP.text, advice, GAP.low <= gap <= GAP.high))
    if delivery.turns:
        overlaps = delivery.overlaps
        value = "aucun" if not overlaps else f"{overlaps} ({measured(delivery.overlap, 's')})"
        advice = ("Vous avez laissé l'appelant finir." if not overlaps else
                  "Vous avez parlé en même temps que l'appelant : laissez-le finir avant de répondre.")
        found.append(Reading("Chevauchements", value, "aucun", advice, not overlaps))
    return found
