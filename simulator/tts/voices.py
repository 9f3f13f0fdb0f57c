"""How each caller persona sounds: a voice of the right gender, a speech rate, a pitch."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from simulator.tts.base import Voice
from simulator.tts.pyttsx3_engine import SpeechSynthesisError, VoiceInfo, french_voices


@dataclass(frozen=True)
class Persona:
    gender: str  # « male » or « female »: the voice chosen when the engine has one
    rate: int  # words per minute (espeak-ng speaks 175 by default)
    pitch: int  # 0–100, 50 is the voice's own


PERSONAS = {
    "calme": Persona("female", rate=150, pitch=50),
    "impatient": Persona("male", rate=205, pitch=62),  # fast, and higher as tension rises
    "mecontent": Persona("female", rate=165, pitch=28),  # lower and harder
}
DEFAULT = Persona("female", rate=160, pitch=50)


GENDERS = {"femme": "female", "homme": "male"}


def voice_for(persona: str | None, voices: Sequence[VoiceInfo] | None = None, gender: str | None = None) -> Voice:
    """The voice of a scenario's persona (unknown personas speak as a neutral caller), taken
    from `voices` (best first; default: the engine's French voices). `gender` (« femme »,
    « homme ») overrides the persona's: a scenario's caller may be a man or a woman."""
    style = PERSONAS.get(persona or "", DEFAULT)
    if gender in GENDERS:
        style = Persona(GENDERS[gender], style.rate, style.pitch)
    voices = french_voices() if voices is None else voices
    if not voices:
        raise SpeechSynthesisError("aucune voix française pour la synthèse vocale : installez espeak-ng "
                                   "(Debian : apt-get install espeak-ng mbrola-fr1 mbrola-fr4)")
    chosen = next((v for v in voices if v.gender == style.gender), voices[0])
    return Voice(chosen.id, style.rate, style.pitch)
