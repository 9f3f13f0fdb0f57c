"""The second look at the greeting (simulator.session.greeting_check), with a fake listener that
scores texts by the words they hold: where the expected words go, which rivals are tried, and
which way each threshold decides. The real recognizer is tried on spoken calls in
tests/speech/test_near_misses.py and measured by bench/scoring_audio.py."""

from __future__ import annotations

import pytest

from simulator.events import TraineeSaid, from_record, to_record
from simulator.scoring import find_rubric, score_transcript
from simulator.scenario.loader import shared_lexicon
from simulator.session.greeting_check import GreetingCheck, first_names, greeting_check
from simulator.text import phonetics
from simulator.transcript.model import CallContext, Transcript
from simulator.ui.render import event_text
from simulator.web.present import transcript_lines

pytestmark = pytest.mark.skipif(not phonetics.available(), reason="espeak-ng absent (make install)")

CONTEXT = CallContext(organisation="Cabinet Vétérinaire des Tilleuls", trainee="Inès Martin")


class FakeListener:
    """Each text scores the sum of the weights of the words it holds, minus one per token."""

    def __init__(self, weights: dict[str, float]):
        self.weights = weights
        self.asked: list[list[str]] = []

    def log_likelihoods(self, pcm: bytes, texts):
        self.asked.append(list(texts))
        return [(sum(w for word, w in self.weights.items() if word in text) - len(text.split()), len(text.split()))
                for text in texts]


def test_nothing_to_look_at_when_the_transcript_holds_the_greeting():
    listener = FakeListener({})
    check = GreetingCheck.for_call(listener, CONTEXT)
    assert check.look(b"", "Cabinet vétérinaire des Tilleuls, Inès, bonjour.") is None
    assert listener.asked == []


def test_the_expected_words_replace_those_that_sound_closest_when_they_fit_the_audio():
    heard = "Kabineve et Terinère des Tigol, Innes, bonjour."
    listener = FakeListener({"Tilleuls": 10, "Inès": 10})
    look = GreetingCheck.for_call(listener, CONTEXT).look(b"", heard)
    assert look.text == "Cabinet Vétérinaire des Tilleuls, Inès, bonjour."
    assert look.heard == heard and look.confirmed
    texts = listener.asked[0]
    assert texts[:3] == [heard, look.text, "Cabinet Vétérinaire des Tilleuls, Innes, bonjour."]
    assert "Cabinet Vétérinaire des Tilleuls, Agnès, bonjour." in texts  # a rival that sounds close


def test_a_rival_first_name_that_fits_better_keeps_the_words_heard():
    heard = "Clinique Neste, Clément, bonjour."
    context = CallContext(organisation="Clinique Nest", trainee="Clémence")
    look = GreetingCheck.for_call(FakeListener({"Clément,": 20, "Clémence": 10}), context).look(b"", heard)
    assert not look.confirmed and look.text == heard
    assert look.rival == heard and look.name_margin == pytest.approx(-10)


def test_an_expected_text_that_fits_the_audio_much_worse_is_not_kept():
    heard = "Clinique de l'Ouest, Clémence, bonjour."
    context = CallContext(organisation="Clinique Nest", trainee="Clémence")
    look = GreetingCheck.for_call(FakeListener({"de l'Ouest": 30}), context).look(b"", heard)
    assert not look.confirmed and look.fit < -1.4 and look.name_margin is None


def test_the_rivals_are_first_names_that_sound_alike():
    check = GreetingCheck.for_call(FakeListener({}), CallContext(organisation="Clinique Nest", trainee="Clémence"))
    assert "Clément" in check.rivals and "Clémence" not in check.rivals
    assert len(check.rivals) == 15 and set(check.rivals) <= set(first_names())


def test_only_an_engine_that_can_listen_gets_a_second_look():
    class Streaming:  # Vosk, the online recognizers: no log-likelihoods
        name = "vosk"

    assert greeting_check(Streaming(), CONTEXT) is None
    assert isinstance(greeting_check(FakeListener({}), CONTEXT), GreetingCheck)


def test_the_scorecard_shows_what_was_heard_and_what_was_checked():
    heard = "Kabineve et Terinère des Tigol, Innes, bonjour."
    checked = "Cabinet Vétérinaire des Tilleuls, Inès, bonjour."
    transcript = Transcript(CONTEXT, (TraineeSaid(0.5, checked, 3.0, heard=heard),))
    verdict = score_transcript(transcript, find_rubric(None), shared_lexicon()).result("greeting")
    assert verdict.passed
    assert verdict.evidence[0].approximations[0] == (
        f"entendu « {heard} », vérifié sur l'enregistrement : « {checked} »")


def test_both_texts_are_kept_in_the_record():
    said = TraineeSaid(0.5, "Clinique Nest, Clémence, bonjour.", 2.5, heard="Clinique Neste, Clémens, bonjour.")
    record = to_record(said)
    assert record["heard"] == "Clinique Neste, Clémens, bonjour." and from_record(record) == said
    old = {"kind": "stagiaire", "t": 0.5, "text": "Bonjour.", "end": 1.0}  # stored before the second look
    assert from_record(old) == TraineeSaid(0.5, "Bonjour.", 1.0)


def test_the_transcript_shows_the_words_first_written():
    said = TraineeSaid(0.5, "Clinique Nest, Clémence, bonjour.", 2.5, heard="Clinique Neste, Clémens, bonjour.")
    line = event_text(said).plain
    assert "Vous : Clinique Nest, Clémence, bonjour." in line
    assert "transcrit « Clinique Neste, Clémens, bonjour. », vérifié sur l'enregistrement" in line
    assert "transcrit" not in event_text(TraineeSaid(0.5, "Bonjour.")).plain


def test_the_dashboard_transcript_shows_the_words_first_written():
    said = TraineeSaid(0.5, "Clinique Nest, Clémence, bonjour.", 2.5, heard="Clinique Neste, Clémens, bonjour.")
    line, = transcript_lines(Transcript(CONTEXT, (said,)), ())
    assert line.text == ("Clinique Nest, Clémence, bonjour. (transcrit « Clinique Neste, Clémens, bonjour. », "
                         "vérifié sur l'enregistrement)")
