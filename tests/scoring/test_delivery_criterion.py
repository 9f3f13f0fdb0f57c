"""`delivery`: the voice (speaking rate, time to answer), judged on the turns' times when a rubric
lists it. Turns are timed from their syllable count, so that a test means the same rate with or
without espeak-ng."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from simulator import paths
from simulator.events import CallerSaid, HoldEnded, HoldStarted, TraineeSaid
from simulator.scenario.loader import shared_lexicon
from simulator.scenario.validation import file_problems
from simulator.scoring import Rubric, find_rubric, load_rubric, score_transcript
from simulator.scoring.guidance import GAP, RATE, answer_gaps
from simulator.scoring.rubric import Criterion, Params, rubric_problems
from simulator.session.delivery import measure
from simulator.text.figures import number
from simulator.text.syllables import syllable_counts
from simulator.transcript.model import CallContext, Transcript

CONTEXT = CallContext(organisation="Clinique Nest", trainee="Camille")
README = Path(__file__).resolve().parents[2] / "README.md"


def said(t: float, text: str, rate: float) -> TraineeSaid:
    """A trainee turn begun at `t` and spoken at `rate` syllables per second."""
    return TraineeSaid(t, text, round(t + syllable_counts([text])[0] / rate, 3))


def voice_rubric(params: Params = Params()) -> Rubric:
    return Rubric("voix", "Voix", (Criterion("delivery", "Voix : débit et délai de réponse", ("S11.3",), 1.0,
                                             "Bien.", "À revoir.", params),))


def verdict(*events, params: Params = Params()):
    card = score_transcript(Transcript(CONTEXT, tuple(events)), voice_rubric(params), shared_lexicon())
    return card.result("delivery")


def call(*answers: tuple[float, float]):
    """A greeting, then a caller line and the trainee's answer for each (gap, rate)."""
    events = [said(0.0, "Clinique Nest, Camille, bonjour, je vous écoute.", 4.8)]
    lines = ["Bonjour, je voudrais prendre rendez-vous avec le docteur Martin.",
             "Mardi matin, si possible, vers dix heures.",
             "C'est Lefèvre, avec un accent sur le premier e."]
    answer = ["Bien sûr, pour quel jour souhaitez-vous venir ?",
              "Mardi à dix heures, c'est noté. À quel nom, s'il vous plaît ?",
              "Merci, madame Lefèvre, votre rendez-vous est bien enregistré."]
    for line, text, (gap, rate) in zip(lines, answer, answers):
        start = events[-1].end + 0.3
        events.append(CallerSaid(start, line, start + 3.0))
        events.append(said(start + 3.0 + gap, text, rate))
    return events


def test_a_posed_voice_that_answers_at_once_passes():
    result = verdict(*call((0.4, 4.8), (0.3, 5.0), (0.6, 4.5)))
    assert result.applicable and result.passed and not result.evidence
    assert result.detail == "Débit et délai de réponse dans les repères à chaque réplique."


def test_rushed_turns_and_a_long_silence_fail_with_their_figures():
    events = call((0.4, 6.8), (2.4, 4.8), (0.3, 4.8))
    result = verdict(*events)
    assert result.applicable and not result.passed
    assert result.detail == "Débit ou délai de réponse hors des repères pour 2 répliques sur 4."
    fast, slow_answer = result.evidence
    assert fast.turn == 3 and fast.text == events[2].text
    assert fast.note == "6,8\u00a0syll/s : débit trop rapide (au plus 5,5\u00a0syll/s)"
    assert slow_answer.turn == 5 and slow_answer.note == "2,4\u00a0s de silence avant de répondre (au plus 1,5\u00a0s)"


def test_a_slow_turn_is_out_of_range_too():
    result = verdict(*call((0.4, 2.5), (0.4, 2.5), (0.4, 4.8)))
    assert not result.passed and "débit trop lent (au moins 4,0\u00a0syll/s)" in result.evidence[0].note


def test_one_turn_out_of_four_is_allowed_by_default():
    result = verdict(*call((0.4, 6.8), (0.3, 4.8), (0.3, 4.8)))
    assert result.passed
    assert result.detail == "Débit et délai de réponse dans les repères, sauf pour 1 réplique sur 4."
    assert len(result.evidence) == 1  # still shown, for the trainer


def test_a_typed_call_has_no_times_to_judge():
    typed = verdict(TraineeSaid(0.0, "Clinique Nest, Camille, bonjour."), CallerSaid(1.0, "Bonjour."),
                    TraineeSaid(2.0, "Je vous écoute."))
    assert not typed.applicable and typed.detail == "sans objet"
    card = score_transcript(Transcript(CONTEXT, (TraineeSaid(0.0, "Bonjour."),)), voice_rubric(), shared_lexicon())
    assert card.score == 0 and not card.result("delivery").applicable  # counts neither way


def test_nothing_measurable_is_not_applicable():
    """Short turns have no rate; the greeting and a turn after a hold answer no caller line."""
    result = verdict(TraineeSaid(0.0, "Allô ?", 0.5), HoldStarted(1.0), HoldEnded(5.0),
                     TraineeSaid(9.0, "Oui.", 9.4))
    assert not result.applicable and result.detail.startswith("Sans objet : aucune réplique assez longue")


def test_the_time_to_answer_is_counted_only_after_a_caller_line():
    """Not after the trainee's own turn nor after a hold; begun over the caller's line, it is
    `listening`'s to judge, not a slow answer. Turns under 0.8 s: no rate, only the gap."""
    events = [CallerSaid(0.0, "Bonjour.", 1.0), TraineeSaid(4.0, "Oui.", 4.3), TraineeSaid(9.0, "Je regarde.", 9.5),
              HoldStarted(10.0), HoldEnded(30.0), TraineeSaid(32.0, "Merci.", 32.4),
              CallerSaid(35.0, "Donc ?", 36.0), TraineeSaid(35.5, "Pardon.", 36.0)]
    assert answer_gaps(events) == [3.0, None, None, -0.5]
    assert [t.gap for t in measure(events).turns] == [3.0, None, None, -0.5]  # what the indicators show
    result = verdict(*events)
    assert not result.passed  # 1 of the 2 measured turns
    [evidence] = result.evidence
    assert evidence.turn == 2 and evidence.note == "3,0\u00a0s de silence avant de répondre (au plus 1,5\u00a0s)"


@pytest.mark.parametrize(("params", "passed"), [
    (Params(), False),
    (Params(fastest_rate=7.0), True),  # the long silence left: 1 of 4
    (Params(fastest_rate=7.0, share_outside=0.0), False),
    (Params(fastest_rate=7.0, longest_gap=3.0), True),
    (Params(share_outside=0.5), True),  # 2 of 4
    (Params(share_outside=0.0, fastest_rate=7.0, longest_gap=3.0), True),
    (Params(slowest_rate=5.0, fastest_rate=7.0, longest_gap=3.0), False),  # 4.8 syll/s is now slow
])
def test_the_rubrics_parameters_are_honoured(params, passed):
    assert verdict(*call((0.4, 6.8), (2.4, 4.8), (0.3, 4.8)), params=params).passed is passed


def test_the_defaults_are_the_indicators_guidance():
    params = Params()
    assert (params.slowest_rate, params.fastest_rate, params.longest_gap) == (RATE.low, RATE.high, GAP.high)
    assert Params.from_yaml({"debit_min": 3.5, "debit_max": 6, "delai_max": 2, "part_hors_reperes": 0.5}) == \
        Params(slowest_rate=3.5, fastest_rate=6, longest_gap=2, share_outside=0.5)


def test_the_standard_rubric_does_not_score_the_voice():
    assert [c.id for c in find_rubric("standard").criteria] == [
        "greeting", "identify", "rephrasing", "courtesy", "hold", "transfer", "message", "satisfaction", "listening",
        "closing"]


# -- A rubric that lists it ------------------------------------------------------------------------

def readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("### Critère optionnel : la voix (`delivery`)", 1)[1].split("\n## ", 1)[0]


def house_rubric(tmp_path: Path, criterion: str) -> Path:
    standard = (paths.rubrics_dir() / "standard.yaml").read_text(encoding="utf-8")
    path = tmp_path / "voix.yaml"
    path.write_text(standard.replace("id: standard", "id: voix").rstrip("\n") + "\n\n" + criterion, encoding="utf-8")
    return path


def test_the_readme_example_validates_and_scores(tmp_path):
    [snippet] = re.findall(r"```yaml\n(.*?)```", readme_section(), re.S)
    path = house_rubric(tmp_path, snippet)
    assert file_problems(path) == []  # as `accueil validate` checks it
    rubric = load_rubric(path)
    voice = rubric.criterion("delivery")
    assert voice.label == "Voix : débit et délai de réponse" and voice.references == ("S11.3", "CP122.1", "S22.2")
    assert voice.params == Params(longest_gap=2)
    transcript = Transcript(CONTEXT, tuple(call((0.4, 4.8), (1.8, 4.8), (0.3, 4.8))))
    card = score_transcript(transcript, rubric, shared_lexicon())
    assert card.result("delivery").applicable and card.result("delivery").passed  # 1.8 s: within its 2 s
    standard = score_transcript(transcript, find_rubric("standard"), shared_lexicon())
    assert [(r.id, r.applicable, r.passed) for r in card.results[:-1]] == \
        [(r.id, r.applicable, r.passed) for r in standard.results]  # the others judged as the standard does


def test_the_readme_states_the_guidance_it_defaults_to():
    section = readme_section()
    assert RATE.text in section and f"({number(GAP.high)} s)" in section
    assert f"| {number(Params().share_outside, 2)} :" in section


def test_a_rate_range_upside_down_is_refused_where_it_is(tmp_path):
    path = house_rubric(tmp_path, "  - id: delivery\n    libelle: Voix\n    references: [S11.3]\n    poids: 1\n"
                                  "    parametres: {debit_min: 6}\n    reussite: Bien.\n    echec: À revoir.\n")
    _, problems = rubric_problems(path)
    [problem] = problems
    assert problem.message == "debit_min (6,0\u00a0syll/s) doit être inférieur à debit_max (5,5\u00a0syll/s)"
    assert problem.line == len(path.read_text(encoding="utf-8").splitlines()) - 2


def test_a_share_above_one_is_refused(tmp_path):
    path = house_rubric(tmp_path, "  - id: delivery\n    libelle: Voix\n    references: [S11.3]\n    poids: 1\n"
                                  "    parametres: {part_hors_reperes: 25}\n    reussite: Bien.\n    echec: À revoir.\n")
    [problem] = rubric_problems(path)[1]
    assert "part_hors_reperes » doit être au plus 1" in problem.message
