"""Runtime mechanics on a small scenario: timers, hold, transfer, fallback, hang-up. No I/O, no clock."""

import pytest

from simulator.engine import CallRuntime
from simulator.events import CallEnded, CallerSaid, HoldEnded, HoldStarted, SlipFilled, MessageSlip, TraineeSaid, Transferred
from simulator.scenario.loader import load_scenario

SCENARIO = """
id: mini
titre: Mini
persona: impatient
difficulte: 2
organisation: {nom: Clinique Nest}
appelant: {nom: Jean Dupont, telephone: "06 12 34 56 78", motif: un rendez-vous, destinataire: admissions}
etat_initial: decroche
etats:
  decroche: {}
  demande:
    repliques: ["Je suis {nom}, je veux un rendez-vous."]
    sinon: [Pardon ?]
  fache:
    repliques: ["Bon, ça vient ?"]
  note: {repliques: [Merci.]}
  fin: {final: true, repliques: [Au revoir.]}
  transfere: {final: true}
  parti: {final: true, repliques: [Je raccroche !]}
  coupe: {final: true}
transitions:
  - {de: decroche, vers: demande}
  - {de: decroche, evenement: silence, apres: 5, repliques: [Allô ?]}
  - {de: demande, evenement: delai, apres: 10, vers: fache}
  - {de: [demande, fache], si: au_revoir, vers: fin}
  - {de: demande, si: reformulation, sauf: familier, repliques: [Oui c'est ça.]}
  - {de: "*", evenement: transfert, cible: [admissions], vers: transfere}
  - {de: "*", evenement: transfert, repliques: [Ce n'est pas le bon service !]}
  - {de: "*", evenement: attente, apres: 40, vers: parti}
  - {de: "*", evenement: reprise, attente_plus_de: 30, repliques: [Enfin !]}
  - {de: "*", evenement: fiche, vers: note}
  - {de: note, si: au_revoir, vers: fin}
  - {de: "*", evenement: raccroche, vers: coupe}
"""


@pytest.fixture
def scenario(tmp_path):
    path = tmp_path / "mini.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return load_scenario(path)


def said(events):
    return [e.text for e in events if isinstance(e, CallerSaid)]


def test_silence_timer_fires_once_and_resets_on_speech(scenario):
    rt = CallRuntime(scenario)
    assert rt.start(0.0) == [] and rt.next_deadline() == 5.0
    assert said(rt.tick(4.9)) == []
    assert said(rt.tick(30.0)) == ["Allô ?"]       # once per silence, not every 5 s
    assert rt.next_deadline() is None
    out = rt.handle(TraineeSaid(31.0, "Clinique Nest, bonjour"))
    assert said(out) == ["Je suis Jean Dupont, je veux un rendez-vous."]  # placeholder filled


def test_silence_counts_from_the_end_of_the_callers_line(scenario):
    """A long caller line is not silence: « Allô ? » comes 5 s after the caller stopped talking."""
    rt = CallRuntime(scenario)
    rt.start(0.0)
    assert rt.next_deadline() == 5.0
    rt.caller_finished(12.0)  # the caller spoke until 12 s
    assert said(rt.tick(16.9)) == [] and rt.next_deadline() == 17.0
    assert said(rt.tick(17.0)) == ["Allô ?"]


def test_delay_escalates_without_progress(scenario):
    rt = CallRuntime(scenario)
    rt.start(0.0)
    rt.handle(TraineeSaid(1.0, "Bonjour"))
    assert rt.next_deadline() == 11.0
    assert said(rt.tick(12.0)) == ["Bon, ça vient ?"] and rt.state == "fache"


def test_timer_scale_stretches_silence_and_delay(scenario):
    rt = CallRuntime(scenario, timer_scale=3.0)
    rt.start(0.0)
    assert rt.next_deadline() == 15.0


def test_conditions_si_and_sauf_and_fallback(scenario):
    rt = CallRuntime(scenario)
    rt.start(0.0)
    rt.handle(TraineeSaid(1.0, "Bonjour"))
    assert said(rt.handle(TraineeSaid(2.0, "vous voulez un rendez vous"))) == ["Oui c'est ça."]
    assert said(rt.handle(TraineeSaid(3.0, "ouais vous voulez un rendez vous"))) == ["Pardon ?"]
    assert rt.state == "demande"


def test_hold_timer_and_resume_complaint(scenario):
    rt = CallRuntime(scenario)
    rt.start(0.0)
    rt.handle(TraineeSaid(1.0, "Bonjour"))
    rt.handle(HoldStarted(2.0))
    assert rt.next_deadline() == 42.0               # the delay timer is suspended while on hold
    assert said(rt.handle(HoldEnded(35.0))) == ["Enfin !"]
    rt.handle(HoldStarted(36.0))
    out = rt.tick(80.0)
    assert said(out) == ["Je raccroche !"] and out[-1] == CallEnded(76.0, "appelant") and rt.finished


def test_transfer_to_the_right_and_wrong_target(scenario):
    rt = CallRuntime(scenario)
    rt.start(0.0)
    rt.handle(TraineeSaid(1.0, "Bonjour"))
    assert said(rt.handle(Transferred(2.0, "comptabilité"))) == ["Ce n'est pas le bon service !"]
    assert not rt.finished
    out = rt.handle(Transferred(3.0, "service des admissions"))
    assert rt.state == "transfere" and out[-1] == CallEnded(3.0, "transfert")


def test_slip_then_goodbye_and_nothing_after_the_end(scenario):
    rt = CallRuntime(scenario)
    rt.start(0.0)
    rt.handle(TraineeSaid(1.0, "Bonjour"))
    assert said(rt.handle(SlipFilled(2.0, MessageSlip("Dupont")))) == ["Merci."]
    out = rt.handle(TraineeSaid(3.0, "au revoir monsieur"))
    assert said(out) == ["Au revoir."] and rt.finished
    assert rt.handle(TraineeSaid(4.0, "allô ?")) == [] and rt.tick(100.0) == []


def test_trainee_hang_up_always_ends(scenario):
    rt = CallRuntime(scenario)
    rt.start(0.0)
    out = rt.handle(CallEnded(1.0, "stagiaire"))
    assert rt.state == "coupe" and out == [CallEnded(1.0, "stagiaire")]


def test_same_seed_same_lines(scenario, tmp_path):
    from simulator.scenario.loader import find_scenario
    calm = find_scenario("appel-calme")
    runs = []
    for _ in range(2):
        rt = CallRuntime(calm, seed=42)
        rt.start(0.0)
        runs.append(said(rt.handle(TraineeSaid(1.0, "Clinique Nest, Clémence, bonjour"))))
    assert runs[0] == runs[1]
    variants = {tuple(said(CallRuntime(calm, seed=s).handle(TraineeSaid(1.0, "bonjour")))) for s in range(20)}
    assert len(variants) > 1


def test_delay_timer_pauses_while_on_hold(scenario):
    rt = CallRuntime(scenario)
    rt.start(0.0)
    rt.handle(TraineeSaid(1.0, "Bonjour"))          # enters « demande »: delay due at 11 s
    rt.handle(HoldStarted(5.0))
    rt.handle(HoldEnded(25.0))                      # 20 s on hold do not count
    assert rt.next_deadline() == 31.0 and rt.state == "demande"
