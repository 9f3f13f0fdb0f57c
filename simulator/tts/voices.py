"""How each caller persona sounds: a voice of the right gender, a speech rate, a pitch, a volume."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from simulator.tts.base import Voice
from simulator.tts.prosody import adjusted
from simulator.tts.pyttsx3_engine import SpeechSynthesisError, VoiceInfo, french_voices


@dataclass(frozen=True)
class Persona:
    gender: str  # « male » or « female »: the voice chosen when the engine has one
    rate: int  # words per minute (espeak-ng speaks 175 by default)
    pitch: int  # 0–100, 50 is the voice's own
    volume: int = 70  # percent of the engine's full scale (MBROLA's mb-fr4 saturates above about 85)


# The one table of persona prosody (README, « La voix de l'appelant »); a scenario's
# `appelant: voix_reglages` and a line's « (debit=…) » override it.
PERSONAS = {
    "calme": Persona("female", rate=150, pitch=50, volume=70),
    "impatient": Persona("male", rate=205, pitch=62, volume=75),  # fast, and higher as tension rises
    "mecontent": Persona("female", rate=165, pitch=30, volume=75),  # lower and harder
    "agressif": Persona("male", rate=185, pitch=58, volume=85),  # loud, quick, tense
    "bavard": Persona("female", rate=135, pitch=55, volume=70),  # an elderly talker: slow and unhurried
    "presse": Persona("male", rate=215, pitch=55, volume=70),  # in a hurry: the fastest
    "hesitant": Persona("female", rate=125, pitch=45, volume=60),  # slow, quiet, lower
    "confus": Persona("female", rate=130, pitch=48, volume=65),  # slow, a little lost
}
DEFAULT = Persona("female", rate=160, pitch=50)

GENDERS = {"femme": "female", "homme": "male"}
BASIC_VOICE_WARNING = ("Voix de synthèse de base : installez mbrola-fr1 et mbrola-fr4 pour une voix plus "
                       "naturelle (make install)")


def voice_for(persona: str | None, voices: Sequence[VoiceInfo] | None = None, gender: str | None = None,
              settings: Mapping[str, int] | None = None) -> Voice:
    """The voice of a scenario's persona (unknown personas speak as a neutral caller), taken
    from `voices` (best first; default: the engine's French voices). `gender` (« femme »,
    « homme ») overrides the persona's: a scenario's caller may be a man or a woman; `settings`
    (the scenario's `voix_reglages`) its rate, pitch or volume."""
    style = PERSONAS.get(persona or "", DEFAULT)
    voices = french_voices() if voices is None else voices
    if not voices:
        raise SpeechSynthesisError("aucune voix française pour la synthèse vocale : installez espeak-ng "
                                   "(Debian : apt-get install espeak-ng mbrola-fr1 mbrola-fr4)")
    wanted = GENDERS.get(gender or "", style.gender)
    chosen = next((v for v in voices if v.gender == wanted), voices[0])
    return adjusted(Voice(chosen.id, style.rate, style.pitch, style.volume), settings or {})


def basic_voice_warning(voice: Voice, engine_id: str) -> str | None:
    """The warning shown at the start of a call spoken by plain espeak-ng, without MBROLA
    (`engine_id`: the synthesizer's; the platform voices of Windows and macOS are not warned of)."""
    return BASIC_VOICE_WARNING if "espeak" in engine_id and not voice.name.startswith("mb-") else None
