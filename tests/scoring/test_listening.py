"""`listening`: the trainee lets the caller finish, judged on the turns' times."""

from dataclasses import replace

from simulator.events import CallerSaid, TraineeSaid
from simulator.scenario.loader import find_scenario, shared_lexicon
from simulator.scoring import find_rubric, score_transcript
from simulator.transcript.model import CallContext, Transcript

CONTEXT = CallContext(organisation="Clinique Nest", trainee="Camille")


def verdict(*events, context=CONTEXT):
    card = score_transcript(Transcript(context, tuple(events)), find_rubric("standard"), shared_lexicon())
    return card.result("listening")


GREETING = TraineeSaid(0.0, "Clinique Nest, Camille, bonjour.", 2.0)
COMPLAINT = CallerSaid(2.5, "Bonjour, j'appelle parce que personne n'est venu ce matin, et ce n'est pas la première fois.", 9.0)


def test_answering_once_the_caller_has_finished_passes():
    result = verdict(GREETING, COMPLAINT, TraineeSaid(9.4, "Je comprends, madame.", 11.0))
    assert result.applicable and result.passed


def test_starting_a_little_before_the_end_is_not_cutting_in():
    result = verdict(GREETING, COMPLAINT, TraineeSaid(8.3, "Je comprends, madame.", 10.0))
    assert result.passed  # 0.7 s left: the usual overlap at a turn's end


def test_talking_over_the_caller_fails_with_the_turn_and_the_time_left():
    result = verdict(GREETING, COMPLAINT, TraineeSaid(4.0, "Oui oui, d'accord.", 5.0),
                     TraineeSaid(9.5, "Je vous écoute.", 10.5))
    assert result.applicable and not result.passed
    assert result.detail == "Vous avez coupé la parole à l'appelant une fois."
    [evidence] = result.evidence
    assert evidence.turn == 3 and "5,0 s avant la fin de la phrase de l'appelant" in evidence.note


def test_a_typed_call_has_no_times_to_judge():
    typed = verdict(TraineeSaid(0.0, "Clinique Nest, Camille, bonjour."), CallerSaid(1.0, "Bonjour."),
                    TraineeSaid(2.0, "Je vous écoute."))
    assert not typed.applicable


def test_a_scenario_may_allow_cutting_in_to_calm_a_caller():
    result = verdict(GREETING, COMPLAINT, TraineeSaid(4.0, "Calmez-vous, monsieur.", 5.0),
                     context=replace(CONTEXT, may_interrupt=True))
    assert not result.applicable and "permis" in result.detail


def test_interruption_settings_come_from_the_persona_unless_the_scenario_says():
    calm, angry = find_scenario("appel-calme"), find_scenario("appelant-agressif")
    assert calm.interruption_in(calm.initial).yields
    rude = angry.interruption_in(angry.initial)
    assert not rude.yields and "Laissez-moi finir !" in rude.lines
    assert "Laissez-moi finir !" in angry.caller_lines()  # rendered ahead like every caller line


def test_a_caller_who_yielded_was_still_cut_off():
    cut = replace(COMPLAINT, end=4.3, cut=True)  # stopped 0.3 s after the trainee started
    result = verdict(GREETING, cut, TraineeSaid(4.0, "Oui, je vois.", 6.0))
    assert not result.passed and "s'est interrompu pour vous laisser parler" in result.evidence[0].note
    late = verdict(GREETING, cut, TraineeSaid(4.45, "Oui, je vois.", 6.0))  # confirmed a little after it stopped
    assert not late.passed


def test_the_runtime_cuts_in_once_per_state_with_the_personas_line():
    from simulator.engine import CallRuntime

    impatient = CallRuntime(find_scenario("appelant-impatient"), seed=1)
    impatient.start(0.0)
    assert impatient.cut_in_after == 10.0
    [line] = impatient.cut_in(12.0)
    assert isinstance(line, CallerSaid) and line.text in ("Oui, oui, d'accord, mais concrètement ?", "Bon, et alors ?")
    assert impatient.cut_in(30.0) == [] and impatient.cut_in_after is None  # once in this state
    calm = CallRuntime(find_scenario("appel-calme"), seed=1)
    calm.start(0.0)
    assert calm.cut_in_after is None and calm.cut_in(12.0) == []
