from pathlib import Path

from recorded import EVENTS

from simulator.events import CallEnded, CallerSaid, HoldEnded, SlipFilled, TraineeSaid
from simulator.scoring.review import Override, reviewed
from simulator.trainer.timeline import build_timeline, short_reason
from simulator.transcript.dialogue import read_dialogue
from simulator.transcript.model import Transcript
from simulator.transcript.wording import overlap_note

DIALOGUES = Path(__file__).parents[1] / "data" / "dialogues"


def timeline_of(transcript, rubric, lexicon, overrides=None):
    from simulator.scoring import score_transcript

    _, rows = reviewed(score_transcript(transcript, rubric, lexicon), overrides or {})
    return build_timeline(transcript, rows)


def marks_by_step(timeline):
    return {i: [f"{m.symbol} {m.criterion_id}" + (f" : {m.reason}" if m.reason else "") for m in s.marks]
            for i, s in enumerate(timeline.steps) if s.marks}


def test_each_criterion_sits_where_it_was_decided(rubric, lexicon):
    from simulator.scenario.loader import find_scenario

    scenario = find_scenario("appel-calme")
    timeline = timeline_of(Transcript(scenario.context("Camille"), EVENTS), rubric, scenario.intents)
    marks = marks_by_step(timeline)
    assert marks[0] == ["✓ greeting"]  # the first line
    thanks = next(i for i, s in enumerate(timeline.steps) if isinstance(s.event, TraineeSaid) and s.event.t == 48.5)
    assert "✗ hold : attente de 45 s" in marks[thanks]  # decided at the line after the hold, not at its start
    assert not any(isinstance(timeline.steps[i].event, HoldEnded) for i in marks)
    assert marks[len(EVENTS) - 2] == ["✓ closing"]
    end = marks[len(EVENTS) - 1]  # nothing to point to: decided when the call ends
    assert isinstance(timeline.steps[-1].event, CallEnded)
    assert [m.split(" :")[0] for m in end] == ["✗ identify", "✗ rephrasing", "✗ satisfaction", "✓ listening"]
    assert timeline.whole_call == ()
    assert [s.turn for s in timeline.steps[:3]] == [1, 2, 3] and timeline.steps[3].turn is None
    # « sans objet » criteria are not shown anywhere
    assert not any(m.criterion_id in ("transfer", "message") for m in timeline.marks)


def test_without_an_end_failures_concern_the_whole_call(rubric, lexicon):
    transcript = Transcript(read_dialogue(DIALOGUES / "06-ordre-inverse-sans-horodatage.txt").transcript().context,
                            (TraineeSaid(None, "Allô ?"),))
    timeline = timeline_of(transcript, rubric, lexicon)
    assert {m.criterion_id for m in timeline.whole_call} >= {"identify", "rephrasing", "satisfaction"}
    assert all(not m.passed for m in timeline.whole_call)


def test_a_mark_keeps_the_whole_reason_beside_the_short_one(rubric, lexicon):
    from simulator.scenario.loader import find_scenario

    scenario = find_scenario("appel-calme")
    timeline = timeline_of(Transcript(scenario.context("Camille"), EVENTS), rubric, scenario.intents)
    hold = next(m for m in timeline.marks if m.criterion_id == "hold")
    assert hold.label == "Gestion de la mise en attente" and hold.reason == "attente de 45 s"
    assert hold.detail.startswith("Attente de 45 s (") and len(hold.detail) > len(hold.reason) + 10
    assert str(hold) == f"✗ Gestion de la mise en attente : {hold.detail}"
    greeting = next(m for m in timeline.marks if m.criterion_id == "greeting")
    assert str(greeting) == "✓ Message d'accueil : structure, prénom, bonjour"  # a success needs no reason


def test_the_message_is_decided_at_the_slip(rubric, lexicon):
    timeline = timeline_of(read_dialogue(DIALOGUES / "03-message-devis-menage.txt").transcript(), rubric, lexicon)
    slip = next(s for s in timeline.steps if isinstance(s.event, SlipFilled))
    assert [m.criterion_id for m in slip.marks] == ["message"]


def test_a_trainers_override_replaces_the_machines_mark(rubric, lexicon):
    from simulator.scenario.loader import find_scenario

    scenario = find_scenario("appel-calme")
    override = Override("s", "hold", True, False, "Attente justifiée : le service ne répondait pas.", "Anne", "x")
    timeline = timeline_of(Transcript(scenario.context("Camille"), EVENTS), rubric, scenario.intents,
                           {"hold": override})
    hold = next(m for m in timeline.marks if m.criterion_id == "hold")
    assert hold.passed and hold.overridden
    assert str(hold) == ("✓ Gestion de la mise en attente : revu par le formateur : "
                         "Attente justifiée : le service ne répondait pas.")


def test_short_reason_keeps_the_first_clause():
    assert short_reason("Attente de 45 s (reprendre la ligne avant 30 s).") == "attente de 45 s"
    assert short_reason("Mise en attente sans l'annoncer; attente de 45 s.") == "mise en attente sans l'annoncer"
    long = short_reason("Il manque dans votre première phrase : le nom de la structure, votre prénom, la "
                        "salutation (bonjour).")
    assert long.startswith("il manque dans votre première phrase") and len(long.split()) <= 13


def test_a_turn_begun_over_the_other_voice_carries_the_overlap(rubric, lexicon):
    from simulator.scenario.loader import find_scenario

    scenario = find_scenario("appel-calme")
    events = (TraineeSaid(0.0, "Clinique Nest, Camille, bonjour.", 1.5),
              CallerSaid(2.0, "Bonjour, je voudrais les horaires de la radiologie, s'il vous plaît.", 5.0),
              TraineeSaid(3.8, "Oui, de 8 h à 18 h.", 6.0),  # 1.2 s over the caller's last words
              CallerSaid(5.4, "Et le samedi ?", 6.4),  # an impatient caller cuts in
              TraineeSaid(7.0, "Au revoir madame, bonne journée.", 8.5))
    timeline = timeline_of(Transcript(scenario.context("Camille"), events), rubric, scenario.intents)
    notes = {i: overlap_note(s.overlap) for i, s in enumerate(timeline.steps) if s.overlap}
    assert notes == {2: "chevauchement : vous avez parlé par-dessus l'appelant (1,2\u00a0s)",
                     3: "chevauchement : l'appelant vous a coupé la parole (0,6\u00a0s)"}
    clean = timeline_of(Transcript(scenario.context("Camille"), EVENTS), rubric, scenario.intents)
    assert not any(s.overlap for s in clean.steps)
