"""Sessions for the dashboard tests, recorded through the real store without playing a call:
a voice session (with a short stereo appel.wav) and text sessions, one with hostile text; headset
sessions whose recording holds tone bursts of known length and level where each turn was said."""

from __future__ import annotations

import math
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np

from simulator.audio.recording import StereoRecorder
from simulator.records import RECORDING
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


# (start, end) of each spoken line: the trainee answers 0.4 s after each caller line.
SPOKEN_CALL = """\
[00:00] STAGIAIRE: Clinique Nest, Camille, bonjour.
[00:03] APPELANT: Bonjour madame, je voudrais les horaires de la radiologie.
[00:07] STAGIAIRE: Si je comprends bien, vous souhaitez les horaires de la radiologie ?
[00:11] APPELANT: Oui, c'est bien ça.
[00:13] STAGIAIRE: Au revoir madame, bonne journée.
[00:16] FIN
"""
SPANS = {0: (0.2, 2.2), 1: (3.0, 6.6), 2: (7.0, 9.5), 3: (11.0, 12.6), 4: (13.0, 14.6)}
LEVEL_DBFS = -22.0


def burst(seconds: float, dbfs: float) -> bytes:
    t = np.arange(round(seconds * RATE)) / RATE
    return (math.sqrt(2) * 32768 * 10 ** (dbfs / 20) * np.sin(2 * math.pi * 200 * t)).astype("<i2").tobytes()


def record_spoken(store: SessionStore, spans: dict[int, tuple[float, float]] = SPANS,
                  level: float = LEVEL_DBFS) -> str:
    """A headset session of SPOKEN_CALL whose turns have their `spans`, and their voices in
    appel.wav (the trainee's at `level` dBFS); returns its id."""
    calm = find_scenario("appel-calme")
    transcript = parse_dialogue(SPOKEN_CALL).transcript(calm.context("Camille"))
    # The dialogue format has no ends: each turn gets its span, as a headset session records them.
    events = [replace(e, t=spans[i][0], end=spans[i][1]) if i in spans else e for i, e in enumerate(transcript.events)]
    recorder = Recorder(store, transcript.context, calm.rubric, "voix", seed=1)
    for event in events:
        recorder.record(event)
    recorder.finish(score_transcript(replace(transcript, events=tuple(events)), find_rubric(calm.rubric), calm.intents))
    with StereoRecorder(recorder.info.directory / RECORDING) as recording:
        for seq, (start, end) in spans.items():
            if seq % 2:
                recording.write_caller(burst(end - start, -15.0), start)
            else:
                recording.write_trainee(burst(end - start, level), start)
        recording.write_trainee(bytes(2 * RATE), max(end for _, end in spans.values()) + 0.4)  # on to its end
    return recorder.info.id


# A class for the competency views: who identified the caller (C221.1, by a trainer's review) on
# which day (January 2026) and scenario (appel-calme: difficulty 1, reclamation: 4, transfert: 2).
CLASS = {
    "Camille": [(1, "appel-calme", True), (2, "appel-calme", False), (3, "reclamation", True), (4, "transfert", True)],
    "Bruno": [(5, "appel-calme", False)],
    "Inès": [(6, "appel-calme", True)],
}
GROUPS = {"Camille": "BTS 1 A", "Bruno": "BTS 1 A", "Inès": "BTS 1 B"}


def populate_class(data_dir: Path) -> dict[str, list[str]]:
    """CLASS recorded (Camille: acquis on C221.1, Bruno: non acquis, Inès: en cours) in GROUPS, and a
    hostile group for the hostile trainee of `populate`; returns each trainee's session ids, oldest first."""
    from sqlalchemy import update

    from simulator.store.sessions import sessions as sessions_table

    store = SessionStore(data_dir)
    ids: dict[str, list[str]] = {}
    for trainee, calls in CLASS.items():
        for day, scenario_id, identified in calls:
            scenario = find_scenario(scenario_id)
            session_id = record(store, scenario.context(trainee), TEXT_CALL, scenario.rubric)
            with store.engine.begin() as db:
                db.execute(update(sessions_table).where(sessions_table.c.id == session_id)
                           .values(started_at=f"2026-01-{day:02d}T09:00:00+01:00"))
            store.add_override(session_id, "identify", identified, "Réécouté.", "Mme Durand")
            ids.setdefault(trainee, []).append(session_id)
        store.set_group(trainee, GROUPS[trainee])
    store.set_group(f"Zoé {ATTRIBUTE}", f"{HOSTILE} {ATTRIBUTE}")
    return ids
