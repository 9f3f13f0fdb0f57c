"""Recorded sessions for the trainer's tools, made in a few milliseconds: events written to the
store as a call would, and for the voice session a stereo recording of tones (caller 440 Hz on
the left, trainee 880 Hz on the right) where each line was said."""

from __future__ import annotations

import numpy as np

from simulator.audio.recording import StereoRecorder
from simulator.events import CallEnded, CallerSaid, HoldEnded, HoldStarted, TraineeSaid
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric, score_transcript
from simulator.store import SessionStore
from simulator.transcript.model import Transcript

CALLER_HZ, TRAINEE_HZ = 440, 880
UNTRUSTED = "<script>alert('x')</script>"
EVENTS = (
    TraineeSaid(0.0, "Clinique Nest, Camille, bonjour.", 0.6),
    CallerSaid(1.0, "Bonjour, je voudrais les horaires de la radiologie.", 1.6),
    TraineeSaid(2.0, "Ne quittez pas, je vous mets en attente.", 2.6),
    HoldStarted(3.0),
    HoldEnded(48.0),
    TraineeSaid(48.5, f"Merci de votre patience. {UNTRUSTED} La radiologie ouvre à 8 h.", 49.1),
    CallerSaid(49.5, "Merci, au revoir.", 50.1),
    TraineeSaid(50.5, "Au revoir madame, bonne journée.", 51.1),
    CallEnded(51.2, "appelant"),
)


def tone(frequency: float, seconds: float) -> bytes:
    t = np.arange(round(seconds * 16000)) / 16000
    return (np.sin(2 * np.pi * frequency * t) * 0.3 * 32767).astype("<i2").tobytes()


def record_session(records: SessionStore, events=EVENTS, *, voice: bool = True, trainee: str = "Camille") -> str:
    scenario = find_scenario("appel-calme")
    context = scenario.context(trainee)
    info = records.create(context, scenario.rubric, "voix" if voice else "texte", seed=1)
    for seq, event in enumerate(events):
        records.append(info.id, seq, event)
    records.finish(info.id, score_transcript(Transcript(context, events), find_rubric(scenario.rubric),
                                             scenario.intents))
    if voice:
        with StereoRecorder(records.session_dir(info.id) / "appel.wav") as wav:
            for event in events:
                if isinstance(event, TraineeSaid):
                    wav.write_trainee(tone(TRAINEE_HZ, event.end - event.t), event.t)
                elif isinstance(event, CallerSaid):
                    wav.write_caller(tone(CALLER_HZ, event.end - event.t), event.t)
    return info.id


def dominant_frequency(pcm: bytes) -> int:
    data = np.frombuffer(pcm, dtype="<i2").astype(float)
    spectrum = np.abs(np.fft.rfft(data * np.hanning(len(data))))
    return round(float(np.fft.rfftfreq(len(data), 1 / 16000)[np.argmax(spectrum)]))
