"""Delivery indicators on synthetic calls: tone bursts of known length and level stand for the
voices, texts of known syllable counts for what was said."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from simulator.audio.base import RATE
from simulator.audio.recording import StereoRecorder
from simulator.events import CallEnded, CallerSaid, HoldEnded, HoldStarted, TraineeSaid
from simulator.records import RECORDING
from simulator.session import delivery
from simulator.session.delivery import INDICATORS, Delivery, TurnDelivery, measure, readings, session_delivery, word_count
from simulator.text.syllables import spelled_syllables, syllable_counts
from simulator.transcript.overlaps import overlaps, talked_over
from simulator.text import phonetics

FLOOR_DBFS = -60.0  # a quiet microphone's hiss under the voices


def tone(seconds: float, dbfs: float, hz: float = 220.0) -> np.ndarray:
    """A sine whose level (RMS re full scale, as `level_dbfs`) is `dbfs`."""
    t = np.arange(round(seconds * RATE)) / RATE
    return math.sqrt(2) * 32768 * 10 ** (dbfs / 20) * np.sin(2 * math.pi * hz * t)


def channel(seconds: float, *bursts: tuple[float, float, float], seed: int = 1) -> bytes:
    """`seconds` of hiss with tone bursts (start, duration, dBFS) on it."""
    rng = np.random.default_rng(seed)
    samples = rng.normal(0, 32768 * 10 ** (FLOOR_DBFS / 20), round(seconds * RATE))
    for start, duration, dbfs in bursts:
        at = round(start * RATE)
        burst = tone(duration, dbfs)
        samples[at:at + len(burst)] += burst
    return np.clip(samples, -32768, 32767).astype("<i2").tobytes()


@pytest.mark.skipif(not phonetics.available(), reason="espeak-ng absent")
@pytest.mark.parametrize(("text", "syllables"), [
    ("Clinique Nest, Clémence, bonjour.", 7),  # cli-nique-nest-clé-mence-bon-jour
    ("Au revoir et bonne journée", 7),  # au-re-voir-et-bonne-jour-née
    ("Je vous passe le service des admissions, veuillez rester en ligne.", 16),
    ("Ils parlent lentement.", 4),  # ils-parlent-lente-ment: mute « e » and verb « ent » unsaid
    ("oui", 1),
    ("Le 06 12", 5),  # le-zé-ro-six-douze: digits read as numbers
])
def test_syllables_as_said(text, syllables):
    assert syllable_counts([text])[0] == syllables


@pytest.mark.parametrize(("word", "syllables"), [
    ("clinique", 2), ("bonjour", 2), ("parlent", 1), ("madame", 2), ("journée", 2), ("quatre", 1),
    ("oui", 1), ("lentement", 3), ("une", 1), ("écoute", 2), ("rendez", 2), ("", 0),
])
def test_syllables_from_letters(word, syllables):
    assert spelled_syllables(word) == syllables


def test_syllables_without_espeak_come_from_letters(monkeypatch):
    monkeypatch.setattr(phonetics, "text_phonemes", lambda texts: None)
    assert syllable_counts(["Clinique Nest, Clémence, bonjour.", "Au revoir"]) == [7, 3]


@pytest.mark.parametrize(("text", "words"), [
    ("C'est noté, madame Lefèvre.", 4), ("Rendez-vous à 15 h 30.", 5), ("…", 0), ("Au revoir !", 2),
])
def test_words(text, words):
    assert word_count(text) == words


def test_a_turn_of_known_length_and_level():
    # The caller speaks 0.2-1.2 s; the trainee answers at 1.5 s, 2 s of voice at -20 dBFS.
    caller = channel(5, (0.2, 1.0, -15))
    trainee = channel(5, (1.5, 2.0, -20))
    text = "Clinique Nest, Clémence, bonjour, je vous écoute."  # 12 syllables, 7 words
    said = syllable_counts([text])[0]
    found = measure([CallerSaid(0.2, "Allô ?", end=1.2), TraineeSaid(1.5, text, end=3.5), CallEnded(5.0)],
                    (caller, trainee))
    turn, = found.turns
    assert turn.voiced == pytest.approx(2.0, abs=0.07)
    assert turn.level == pytest.approx(-20.0, abs=0.3)
    assert turn.gap == pytest.approx(0.3)
    assert turn.overlap == 0.0
    assert turn.rate == pytest.approx(said / 2.0, rel=0.04)
    assert turn.words == 7 and turn.words_per_minute == pytest.approx(7 / 2.0 * 60, rel=0.04)
    assert found.from_audio and found.overlaps == 0


def test_short_pauses_are_speech_long_ones_are_not():
    short = channel(4, (0.5, 0.8, -20), (1.45, 0.8, -20))  # a 0.15 s pause: part of the turn
    long = channel(4, (0.5, 0.8, -20), (1.9, 0.8, -20))  # a 0.6 s pause: left out
    events = [TraineeSaid(0.5, "Un instant, je regarde.", end=2.7)]
    assert measure(events, (bytes(len(short)), short)).turns[0].voiced == pytest.approx(1.75, abs=0.07)
    assert measure(events, (bytes(len(long)), long)).turns[0].voiced == pytest.approx(1.6, abs=0.07)


def test_level_of_a_quiet_voice_and_a_loud_one():
    for dbfs in (-38.0, -12.0):
        trainee = channel(3, (0.5, 1.5, dbfs))
        turn = measure([TraineeSaid(0.5, "Bonjour madame.", end=2.0)], (bytes(len(trainee)), trainee)).turns[0]
        assert turn.level == pytest.approx(dbfs, abs=0.3)


def test_talking_over_the_caller_on_the_recording():
    caller = channel(5, (0.0, 2.0, -15))
    trainee = channel(5, (1.5, 1.5, -20))  # 0.5 s over the caller's last words
    events = [CallerSaid(0.0, "Je voudrais un rendez-vous", end=2.0), TraineeSaid(1.5, "Oui bien sûr madame", end=3.0)]
    found = measure(events, (caller, trainee))
    assert found.turns[0].gap == pytest.approx(-0.5)
    assert found.turns[0].overlap == pytest.approx(0.5, abs=0.07)
    assert (found.overlaps, found.overlap) == (1, pytest.approx(0.5, abs=0.07))


def test_overlap_from_the_events_times_without_a_recording():
    events = [CallerSaid(0.0, "Je voudrais un rendez-vous", end=2.0), TraineeSaid(1.2, "Oui", end=2.4),
              CallerSaid(3.0, "Mardi ?", end=3.6), TraineeSaid(4.0, "Mardi dix heures.", end=5.0)]
    found = measure(events)
    assert [t.overlap for t in found.turns] == [pytest.approx(0.8), 0.0]
    assert [t.gap for t in found.turns] == [pytest.approx(-0.8), pytest.approx(0.4)]
    assert (found.overlaps, found.rate, found.level, found.from_audio) == (1, None, None, False)


def test_no_gap_after_a_hold_or_the_trainees_own_turn():
    events = [TraineeSaid(0.0, "Clinique Nest, bonjour", end=1.0), CallerSaid(1.5, "Bonjour", end=2.0),
              HoldStarted(2.5), HoldEnded(20.0), TraineeSaid(20.5, "Merci d'avoir patienté", end=21.5),
              TraineeSaid(22.5, "Je vous passe le service", end=23.5)]
    assert [t.gap for t in measure(events).turns] == [None, None, None]


def test_a_short_turn_gives_no_rate_and_stays_out_of_the_median():
    trainee = channel(6, (0.5, 0.3, -20), (2.0, 2.0, -20))
    events = [TraineeSaid(0.5, "Oui.", end=0.8), TraineeSaid(2.0, "Je vous écoute, madame Lefèvre.", end=4.0)]
    found = measure(events, (bytes(len(trainee)), trainee))
    assert found.turns[0].rate is None and found.turns[0].words_per_minute is None
    assert found.rate == found.turns[1].rate


def test_medians_over_the_call():
    turns = tuple(TurnDelivery(i, float(i), "x", 5, 10, voiced=v, level=lv, gap=g)
                  for i, (v, lv, g) in enumerate([(2.0, -20.0, 0.2), (1.0, -30.0, 0.6), (2.5, -25.0, -0.4)], 1))
    found = Delivery(turns, True)
    assert (found.rate, found.level, found.gap) == (5.0, -25.0, 0.2)


def _delivery(rate: float, level: float, gap: float, overlap: float = 0.0) -> Delivery:
    return Delivery((TurnDelivery(1, 1.0, "x", 5, round(rate * 2), voiced=2.0, level=level, gap=gap,
                                  overlap=overlap),), True)


def test_readings_in_french():
    fast = {r.label: r for r in readings(_delivery(6.5, -45, 2.5, overlap=0.8))}
    assert fast["Débit"].advice.startswith("Débit un peu rapide : ralentissez")
    assert fast["Débit"].value == "6,5\u00a0syll/s · 150\u00a0mots/min" and not fast["Débit"].good
    assert fast["Niveau de la voix"].advice.startswith("Voix faible") and fast["Niveau de la voix"].value == "−45\u00a0dBFS"
    assert fast["Délai de réponse"].advice.startswith("Temps de réponse long")
    assert fast["Chevauchements"].value == "1 (0,8\u00a0s)" and fast["Chevauchements"].good is False
    calm = readings(_delivery(4.5, -24, 0.4))
    assert all(r.good for r in calm), calm
    assert [r.label for r in calm] == ["Débit", "Niveau de la voix", "Délai de réponse", "Chevauchements"]
    assert readings(_delivery(3.0, -10, -0.5))[0].advice.startswith("Débit lent")
    assert readings(Delivery((), False)) == []


def test_as_dict_and_back():
    found = _delivery(4.5, -24, 0.4)
    raw = json.loads(json.dumps(found.as_dict()))
    assert raw["appel"]["syllabes_par_seconde"] == 4.5 and raw["reperes"]["syllabes_par_seconde"] == [4.0, 5.5]
    assert Delivery.from_dict(raw) == found
    # Measured on audio: read back, it says the same to the last digit (`show` after `play`).
    trainee = channel(4, (0.5, 1.37, -21.3), (2.2, 1.11, -24.7))
    events = [CallerSaid(0.0, "Allô ?", end=0.31), TraineeSaid(0.5, "Clinique Nest, bonjour.", end=1.87),
              TraineeSaid(2.2, "Je vous écoute, madame.", end=3.31)]
    measured = measure(events, (channel(4, (0.0, 0.31, -15)), trainee)).as_dict()
    assert Delivery.from_dict(json.loads(json.dumps(measured))).as_dict() == measured


def _recorded(directory, caller: bytes, trainee: bytes) -> None:
    with StereoRecorder(directory / RECORDING) as recording:
        recording.write_caller(caller, 0.0)
        recording.write_trainee(trainee, 0.0)


def test_a_session_keeps_its_indicators_beside_its_recording(tmp_path):
    events = [CallerSaid(0.2, "Allô ?", end=1.2), TraineeSaid(1.5, "Clinique Nest, bonjour.", end=3.5)]
    _recorded(tmp_path, channel(5, (0.2, 1.0, -15)), channel(5, (1.5, 2.0, -20)))
    first = session_delivery(tmp_path, events)
    assert first.from_audio and first.turns[0].level == pytest.approx(-20, abs=0.3)
    kept = json.loads((tmp_path / INDICATORS).read_text(encoding="utf-8"))
    assert kept["repliques"][0]["niveau_dbfs"] == pytest.approx(-20, abs=0.3)
    kept["repliques"][0]["niveau_dbfs"] = -31.0  # read back, not measured again
    (tmp_path / INDICATORS).write_text(json.dumps(kept), encoding="utf-8")
    assert session_delivery(tmp_path, events).turns[0].level == -31.0
    _recorded(tmp_path, channel(5, (0.2, 1.0, -15)), channel(5, (1.5, 2.0, -10)))  # the recording changed
    assert session_delivery(tmp_path, events).turns[0].level == pytest.approx(-10, abs=0.3)


def test_a_damaged_sidecar_is_measured_again(tmp_path):
    _recorded(tmp_path, channel(3, (0.2, 1.0, -15)), channel(3, (1.3, 1.0, -20)))
    (tmp_path / INDICATORS).write_text("{pas du json", encoding="utf-8")
    found = session_delivery(tmp_path, [TraineeSaid(1.3, "Bonjour", end=2.3)])
    assert found.turns[0].level == pytest.approx(-20, abs=0.3)


def test_no_indicators_without_a_readable_recording(tmp_path):
    assert session_delivery(tmp_path, [TraineeSaid(1.0, "Bonjour", end=2.0)]) is None
    (tmp_path / RECORDING).write_bytes(b"RIFF pas un wav")
    assert session_delivery(tmp_path, [TraineeSaid(1.0, "Bonjour", end=2.0)]) is None
    assert not (tmp_path / INDICATORS).exists()


def test_voiced_frames_of_an_empty_channel():
    assert delivery.voiced_frames(np.zeros(0)).size == 0
    assert measure([TraineeSaid(0.0, "Bonjour", end=1.0)], (b"", b"")).turns[0].voiced == 0.0


def test_a_recovered_session_gets_its_indicators(isolated_data):
    from simulator.scenario.loader import find_scenario
    from simulator.session.recorder import Recorder
    from simulator.session.recovery import recover_interrupted
    from simulator.store import SessionStore

    store = SessionStore(isolated_data)
    calm = find_scenario("appel-calme")
    recorder = Recorder(store, calm.context("Camille"), calm.rubric, "voix", 7)
    events = [TraineeSaid(0.2, "Clinique Nest, Camille, bonjour.", 1.8),
              CallerSaid(2.0, "Bonjour, je voudrais les horaires de la radiologie.", 5.0),
              TraineeSaid(5.4, "Si je comprends bien, vous souhaitez les horaires de la radiologie ?", 8.0)]
    for event in events:
        recorder.record(event)
    _recorded(recorder.info.directory, channel(9, (2.0, 3.0, -15)), channel(9, (0.2, 1.6, -25), (5.4, 2.6, -25)))
    recorder.lock.release()  # the process is gone: its session is dead, never finished
    [recovered] = recover_interrupted(store)
    assert recovered.problem is None
    kept = json.loads((recorder.info.directory / INDICATORS).read_text(encoding="utf-8"))
    assert [t["tour"] for t in kept["repliques"]] == [1, 2]
    assert kept["appel"]["niveau_dbfs"] == pytest.approx(-25, abs=0.3)
    assert kept["appel"]["delai_reponse"] == pytest.approx(0.4)
    store.close()


def test_each_overlap_is_told_to_the_voice_that_began_second():
    events = [CallerSaid(0.0, "Je voudrais un rendez-vous", end=2.0), TraineeSaid(0.8, "Oui", end=3.0),
              CallerSaid(2.5, "Mardi ?", end=4.0), TraineeSaid(4.3, "Mardi dix heures.", end=5.5),
              CallerSaid(5.45, "Bien.", end=6.0), TraineeSaid(6.5, "Au revoir.")]  # the last has no end
    found = overlaps(events)
    assert [(o.over, o.under, o.by_trainee) for o in found] == [(1, 0, True), (2, 1, False), (4, 3, False)]
    assert [o.seconds for o in found] == [pytest.approx(1.2), pytest.approx(0.5), pytest.approx(0.05)]
    # What counts is what the indicators count: 0.05 s is under MIN_OVERLAP.
    assert {i: round(o.seconds, 2) for i, o in talked_over(events).items()} == {1: 1.2, 2: 0.5}
    assert [t.overlap for t in measure(events).turns] == [pytest.approx(1.7), pytest.approx(0.05), 0.0]


def test_no_overlap_without_times_or_between_turns_that_follow_each_other():
    assert overlaps([CallerSaid(None, "Bonjour"), TraineeSaid(None, "Bonjour")]) == []
    assert overlaps([CallerSaid(0.0, "Bonjour", end=1.0), TraineeSaid(1.0, "Bonjour", end=2.0)]) == []
