"""Sessions for the dashboard tests, recorded through the real store without playing a call:
a voice session (with a short stereo appel.wav) and text sessions, one with hostile text."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from simulator.scenario.loader import find_scenario, shared_lexicon
from simulator.scoring import find_rubric, score_transcript
from simulator.session.recorder import Recorder
from simulator.store import SessionStore
from simulator.transcript.dialogue import parse_dialogue
from simulator.transcript.model import CallContext

VOICE_CALL = """\
[00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.
[00:02] APPELANT: Bonjour madame, Martine Lefèvre à l'appareil. Je voudrais connaître les horaires d'ouverture du service de radiologie, s'il vous plaît.
[00:05] STAGIAIRE: Si je comprends bien, vous souhaitez connaître les horaires de la radiologie, madame Lefèvre ?
[00:08] APPELANT: Oui, c'est bien ça.
[00:09] STAGIAIRE: La radiologie est ouverte du lundi au vendredi de 8 h à 18 h, s'il vous plaît munissez-vous de votre ordonnance.
[00:12] APPELANT: Très bien, merci.
[00:13] STAGIAIRE: Au revoir madame, bonne journée.
[00:14] FIN
"""
# Fails « satisfaction » (never asks whether the caller needs anything else): a verdict to review.
TEXT_CALL = """\
[00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.
[00:03] APPELANT: Bonjour, je suis madame Lefèvre, je voudrais les horaires de la radiologie.
[00:06] STAGIAIRE: Vous souhaitez connaître les horaires de la radiologie, madame Lefèvre ? Ouverte de 8 h à 18 h, je vous en prie.
[00:10] STAGIAIRE: Au revoir madame, bonne journée.
[00:11] FIN
"""
HOSTILE = '<script>alert(1)</script>'
ATTRIBUTE = '" onmouseover="alert(2)" x="'
HOSTILE_CALL = f"""\
[00:00] STAGIAIRE: Mairie, Zoé, bonjour. {HOSTILE}
[00:02] APPELANT: {ATTRIBUTE} <img src=x onerror=alert(3)>
[00:04] STAGIAIRE: Au revoir {ATTRIBUTE}, bonne journée.
"""
SECONDS = 15
RATE = 16000

TOKEN = "jeton-de-test-0123456789"  # the dashboard's access token in tests


def record(store: SessionStore, context: CallContext, dialogue: str, rubric: str = "standard",
           mode: str = "texte") -> str:
    """Record a dialogue as a finished session; returns its id."""
    transcript = parse_dialogue(dialogue).transcript(context)
    lexicon = find_scenario(context.scenario_id).intents if context.scenario_id else shared_lexicon()
    recorder = Recorder(store, context, rubric, mode, seed=1)
    for event in transcript.events:
        recorder.record(event)
    recorder.finish(score_transcript(transcript, find_rubric(rubric), lexicon))
    return recorder.info.id


def write_call_wav(path: Path, seconds: float = SECONDS) -> None:
    """A stereo 16 kHz call: a low tone on the caller's side (left), a higher one on the trainee's (right)."""
    t = np.arange(int(seconds * RATE)) / RATE
    frames = np.column_stack([np.sin(2 * np.pi * 220 * t), np.sin(2 * np.pi * 440 * t)]) * 6000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames.astype("<i2").tobytes())


def populate(data_dir: Path) -> dict[str, str]:
    """A voice session and a text session for Camille, a hostile one for « Zoé »; returns their ids."""
    store = SessionStore(data_dir)
    calm = find_scenario("appel-calme")
    voice = record(store, calm.context("Camille"), VOICE_CALL, calm.rubric, mode="voix")
    write_call_wav(store.get(voice).directory / "appel.wav")
    text = record(store, calm.context("Camille"), TEXT_CALL, calm.rubric)
    hostile = record(store, CallContext(organisation="Mairie", trainee=f"Zoé {ATTRIBUTE}"), HOSTILE_CALL)
    return {"voice": voice, "text": text, "hostile": hostile}


def review(client, session_id, criterion="satisfaction", verdict="reussi", comment="Question posée hors micro.",
           author="Mme Durand", **headers):
    """A trainer's review posted through the session page's form."""
    return client.post(f"/seances/{session_id}/revue", data={"critere": criterion, "verdict": verdict,
                                                           "commentaire": comment, "auteur": author},
                       headers=headers, follow_redirects=False)
