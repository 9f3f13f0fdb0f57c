"""Generate the trainee's recorded replies used by voice-session tests.

    .venv/bin/python tests/make_replies.py

Writes tests/data/replies/<set>/NN-label.wav (16 kHz mono 16-bit) and a « repliques.txt » per
set: « @NN-label.wav # text » lines are the trainee's voice, « /… » lines the switchboard
actions (simulator.session.inputs). The voice is espeak-ng's MBROLA mb-fr1 (male, unlike the calm
callers), a little slow and low: on the good sets' 13 lines Whisper base made 21.5 % WER this way,
against 24-29 % for mb-fr4 at 130-150 wpm, and heard both greetings best. Without MBROLA, plain
espeak-ng with a warning. The « voix2 » sets speak with the other MBROLA voice (mb-fr4, female)
at another rate and pitch, so that the live path is not proven on one voice only. Re-running gives
the same files.
"""

from __future__ import annotations

import re
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from simulator.audio.base import RATE, SAMPLE_WIDTH, silence  # noqa: E402
from simulator.tts.base import Voice  # noqa: E402
from simulator.tts.pyttsx3_engine import Pyttsx3Synthesizer, french_voices  # noqa: E402

OUT = Path(__file__).resolve().parent / "data" / "replies"
SCRIPT = "repliques.txt"
TRAINEE = "Camille"
PREFERRED_VOICE = "mb-fr1"
FALLBACK_VOICE = "fr"
RATE_WPM = 150
PITCH = 40
SENTENCE_GAP = 0.25  # seconds between two sentences of one reply


@dataclass(frozen=True)
class Say:
    label: str
    text: str


@dataclass(frozen=True)
class Reading:
    """Who says a set: an MBROLA voice, words per minute and pitch."""

    voice: str
    rate: int
    pitch: int


MAIN_READING = Reading(PREFERRED_VOICE, RATE_WPM, PITCH)
SECOND_READING = Reading("mb-fr4", 172, 62)  # the other voice, faster and higher


@dataclass(frozen=True)
class ReplySet:
    name: str
    scenario: str
    description: str
    steps: tuple  # Say, or a raw script line (« /raccrocher », « nom: … »)
    reading: Reading = MAIN_READING


SETS = (
    ReplySet("appel-calme-bon", "appel-calme", "appel bien mené : chaque critère de la grille est réussi", (
        Say("accueil", "Clinique Nest. Camille, bonjour."),  # the pause keeps « Camille » heard
        Say("reformulation", "Merci madame Lefèvre. Si je comprends bien, vous souhaitez connaître "
                             "les horaires de la radiologie ?"),
        Say("horaires", "La radiologie est ouverte du lundi au vendredi, de 8 heures à 18 heures."),
        Say("autre-chose", "Est-ce que je peux faire autre chose pour vous ?"),
        Say("au-revoir", "Je vous en prie. Au revoir madame, bonne journée."),
    )),
    ReplySet("prise-de-message-bon", "prise-de-message", "message bien pris, fiche complète et exacte", (
        Say("accueil", "Aide à Domicile des Deux Rives, Camille, bonjour."),
        Say("absence", "Madame Leroy est en formation aujourd'hui, elle sera de retour demain."),
        Say("proposition", "Souhaitez-vous lui laisser un message ?"),
        Say("reformulation", "Si je comprends bien, vous souhaitez trois matinées d'aide par semaine "
                             "pour votre mère ?"),
        Say("nom-telephone", "Puis-je avoir votre nom et votre numéro de téléphone, s'il vous plaît ?"),
        Say("relecture", "Je répète : zéro six, quarante-sept, vingt-cinq, quatre-vingt-trois, dix-neuf."),
        "/fiche",
        "nom: Hélène Fabre",
        "téléphone: 06 47 25 83 19",
        "motif: passer de deux à trois matinées d'aide par semaine pour sa mère, Germaine Fabre",
        "destinataire: Mme Leroy",
        Say("autre-chose", "Merci madame Fabre. Est-ce que je peux faire autre chose pour vous ?"),
        Say("au-revoir", "Je vous en prie. Au revoir madame, bonne journée."),
    )),
    ReplySet("controle-negatif", "appel-calme",
             "contrôle négatif : chaque critère de la grille portant sur la parole échoue", (
        Say("allo", "Allô, oui, c'est pour quoi ?"),
        Say("quoi-encore", "Quoi encore ? Dépêchez-vous."),
        Say("horaires", "Ouais, c'est ouvert de 8 heures à 18 heures."),
        "/raccrocher",
    )),
    ReplySet("appel-calme-voix2", "appel-calme", "appel bien mené, dit par une autre voix, plus vite", (
        Say("accueil", "Clinique Nest. Camille, bonjour."),
        Say("reformulation", "Merci madame Lefèvre. Si j'ai bien compris, vous souhaitez connaître "
                             "les horaires du service de radiologie ?"),
        Say("horaires", "Le service de radiologie est ouvert du lundi au vendredi, de 8 heures à 18 heures."),
        Say("autre-chose", "Est-ce que je peux faire autre chose pour vous ?"),
        Say("au-revoir", "Je vous en prie. Au revoir madame, bonne journée."),
    ), SECOND_READING),
    ReplySet("controle-proche-voix2", "appel-calme",
             "contrôle négatif proche, autre voix : un autre prénom, ni question de satisfaction ni au revoir", (
        Say("accueil", "Clinique Nest. Mireille, bonjour."),
        Say("reformulation", "Merci madame Lefèvre. Si j'ai bien compris, vous souhaitez connaître "
                             "les horaires du service de radiologie ?"),
        Say("horaires", "Le service de radiologie est ouvert du lundi au vendredi, de 8 heures à 18 heures."),
        Say("fin", "Je vous en prie madame, bonne journée."),
    ), SECOND_READING),
)


def trainee_voice(reading: Reading = MAIN_READING) -> Voice:
    ids = [v.id for v in french_voices()]
    if reading.voice in ids:
        return Voice(reading.voice, reading.rate, reading.pitch)
    print(f"attention : voix MBROLA {reading.voice} absente (apt-get install mbrola-{reading.voice[3:]}), "
          f"voix espeak-ng « {FALLBACK_VOICE} » utilisée", file=sys.stderr)
    return Voice(FALLBACK_VOICE, reading.rate, reading.pitch)


def clip_name(number: int, say: Say) -> str:
    return f"{number:02d}-{say.label}.wav"


def script_lines(reply_set: ReplySet) -> list[str]:
    lines = [f"# {reply_set.description}", f"# scénario : {reply_set.scenario}", f"# stagiaire : {TRAINEE}"]
    number = 0
    for step in reply_set.steps:
        if isinstance(step, Say):
            number += 1
            lines.append(f"@{clip_name(number, step)} # {step.text}")
        else:
            lines.append(step)
    return lines


def trim(pcm: bytes, margin: float = 0.05) -> bytes:
    """Without the synthesizer's leading and trailing silence (a short margin kept)."""
    samples = np.frombuffer(pcm, "<i2")
    loud = np.flatnonzero(np.abs(samples) > 300)
    if not len(loud):
        return b""
    keep = int(margin * RATE)
    return samples[max(0, loud[0] - keep):loud[-1] + keep].tobytes()


def render_reply(synthesizer: Pyttsx3Synthesizer, text: str, voice: Voice) -> bytes:
    """Sentence by sentence, joined by a short breath: MBROLA pauses about as long at a full stop
    as the end-of-turn silence, so a two-sentence reply would be heard as two turns."""
    sentences = [part for part in re.split(r"(?<=[.?!])\s+", text.strip()) if part]
    spoken = silence(SENTENCE_GAP).join(trim(synthesizer.render(sentence, voice)) for sentence in sentences)
    return silence(0.1) + spoken + silence(0.2)


def write_wav(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(SAMPLE_WIDTH)
        wav.setframerate(RATE)
        wav.writeframes(pcm)


def main() -> None:
    synthesizer = Pyttsx3Synthesizer()
    for reply_set in SETS:
        voice = trainee_voice(reply_set.reading)
        folder = OUT / reply_set.name
        folder.mkdir(parents=True, exist_ok=True)
        says = [step for step in reply_set.steps if isinstance(step, Say)]
        names = [clip_name(number, say) for number, say in enumerate(says, 1)]
        for stale in set(folder.glob("*.wav")) - {folder / name for name in names}:
            stale.unlink()
        for name, say in zip(names, says):
            write_wav(folder / name, render_reply(synthesizer, say.text, voice))
        (folder / SCRIPT).write_text("\n".join(script_lines(reply_set)) + "\n", encoding="utf-8")
        print(f"{folder.relative_to(OUT.parent.parent.parent)} : {len(says)} répliques ({voice.name})")


if __name__ == "__main__":
    main()
