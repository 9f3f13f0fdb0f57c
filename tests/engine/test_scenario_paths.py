"""Scripted calls through every bundled scenario, and a structural check of their state graphs.

Each `path_*` function plays one call against `CallRuntime` (trainee speech, switchboard actions,
time passing), records the state after every step and checks the caller's key reactions. The
paths are registered per scenario so that a separate test can check that, together, they reach
every final state of every scenario.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from simulator.engine import CallRuntime
from simulator.events import (CallEnded, CallerSaid, HoldEnded, HoldStarted, MessageSlip, SlipFilled, TraineeSaid,
                              Transferred)
from simulator.scenario.loader import find_scenario
from simulator.scenario.loader import scenario_files
from simulator.text.normalize import digits

SCENARIOS = ["appel-calme", "appelant-impatient", "reclamation", "transfert", "prise-de-message"]


# -- a tiny driver ---------------------------------------------------------------------------------

class Call:
    """Drive a `CallRuntime`, keeping the caller's lines and the state after each step."""

    def __init__(self, scenario_id: str, seed: int = 0):
        self.scenario = find_scenario(scenario_id)
        self.rt = CallRuntime(self.scenario, seed=seed)
        self.lines: list[str] = []
        self.ended: CallEnded | None = None
        self.states: list[str] = []
        self._record(self.rt.start(0.0))

    def _record(self, events) -> list[str]:
        said = []
        for event in events:
            if isinstance(event, CallerSaid):
                said.append(event.text)
            elif isinstance(event, CallEnded):
                assert self.ended is None, "the call ended twice"
                self.ended = event
        self.lines += said
        self.states.append(self.rt.state)
        return said

    def say(self, t: float, text: str) -> list[str]:
        return self._record(self.rt.handle(TraineeSaid(t, text)))

    def hold(self, t: float) -> list[str]:
        return self._record(self.rt.handle(HoldStarted(t)))

    def unhold(self, t: float) -> list[str]:
        return self._record(self.rt.handle(HoldEnded(t)))

    def transfer(self, t: float, target: str) -> list[str]:
        return self._record(self.rt.handle(Transferred(t, target)))

    def slip(self, t: float, **fields) -> list[str]:
        return self._record(self.rt.handle(SlipFilled(t, MessageSlip(**fields))))

    def hang_up(self, t: float) -> list[str]:
        return self._record(self.rt.handle(CallEnded(t, "stagiaire")))

    def wait(self, t: float) -> list[str]:
        return self._record(self.rt.tick(t))

    # -- scenario look-ups, so that assertions hold whatever variant was drawn --------------------

    def state_lines(self, state: str) -> set[str]:
        return {self.scenario.fill(line) for line in self.scenario.states[state].lines}

    def fallback_lines(self, state: str) -> set[str]:
        return {self.scenario.fill(line) for line in self.scenario.states[state].fallback}

    def transition_lines(self, source: str, event: str = "parole", **match) -> set[str]:
        """Lines of the first transition leaving `source` on `event` whose attributes match."""
        for transition in self.scenario.transitions:
            if (source in transition.sources or "*" in transition.sources) and transition.event == event \
                    and all(getattr(transition, key) == value for key, value in match.items()):
                return {self.scenario.fill(line) for line in transition.lines}
        raise AssertionError(f"no {event} transition from {source} matching {match}")

    def assert_ended(self, final: str, by: str) -> None:
        assert self.rt.finished, f"call still running in {self.rt.state}"
        assert self.rt.state == final
        assert self.scenario.states[final].final
        assert self.ended is not None and self.ended.by == by


def one_of(said: list[str], variants: set[str]) -> bool:
    return any(line in variants for line in said)


PATHS: dict[str, list[Callable[[int], Call]]] = {name: [] for name in SCENARIOS}


def path(scenario_id: str):
    def register(fn: Callable[[int], Call]):
        PATHS[scenario_id].append(fn)
        return fn
    return register


# -- appel-calme -----------------------------------------------------------------------------------

@path("appel-calme")
def calme_nominal(seed: int) -> Call:
    c = Call("appel-calme", seed)
    assert c.say(1, "Clinique Nest, Clémence, bonjour.") and c.rt.state == "demande"
    said = c.say(4, "C'est de la part de qui ?")
    assert one_of(said, c.transition_lines("demande", when=("demande_nom",)))
    c.say(8, "si je comprends bien vous souhaitez connaître les horaires du service de radiologie")
    c.say(13, "Le service de radiologie est ouvert du lundi au vendredi de 8 h à 18 h et le samedi de 9 h à 12 h.")
    c.say(17, "Puis-je faire autre chose pour vous ?")
    said = c.say(20, "Au revoir madame, bonne journée.")
    assert c.states == ["decroche", "demande", "demande", "confirme", "renseignee", "conclusion", "fin"]
    assert one_of(said, c.state_lines("fin"))
    c.assert_ended("fin", "appelant")
    return c


@path("appel-calme")
def calme_silence(seed: int) -> Call:
    c = Call("appel-calme", seed)
    assert one_of(c.wait(5.5), c.transition_lines("decroche", "silence", after=5))
    said = c.wait(21)
    assert c.states == ["decroche", "decroche", "raccroche_appelant"]
    assert one_of(said, c.state_lines("raccroche_appelant"))
    c.assert_ended("raccroche_appelant", "appelant")
    return c


@path("appel-calme")
def calme_attente_puis_coupe(seed: int) -> Call:
    c = Call("appel-calme", seed)
    c.say(1, "clinique nest clémence bonjour")
    c.say(4, "un instant je vous prie")
    c.hold(5)
    said = c.unhold(40)
    assert one_of(said, c.transition_lines("demande", "reprise", hold_over=30))
    c.hang_up(42)
    assert c.states == ["decroche", "demande", "demande", "demande", "demande", "coupe"]
    c.assert_ended("coupe", "stagiaire")
    return c


# -- appelant-impatient ----------------------------------------------------------------------------

@path("appelant-impatient")
def impatient_excuse_puis_solution(seed: int) -> Call:
    c = Call("appelant-impatient", seed)
    said = c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    assert one_of(said, c.state_lines("demande"))
    said = c.say(4, "Je suis vraiment désolée, monsieur, je comprends votre inquiétude.")
    assert one_of(said, c.state_lines("ecoute"))
    said = c.say(8, "Une intervenante remplaçante, Nadia, va passer chez votre mère vers 10 h 30.")
    assert one_of(said, c.state_lines("apaise"))
    c.say(12, "Puis-je faire autre chose pour vous ?")
    c.say(15, "Au revoir monsieur, bonne journée.")
    assert c.states == ["decroche", "demande", "ecoute", "apaise", "conclusion", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("appelant-impatient")
def impatient_escalade_attente_apaisement(seed: int) -> Call:
    c = Call("appelant-impatient", seed)
    c.say(1, "Aide à domicile des deux rives clémence bonjour")
    assert one_of(c.wait(7.5), c.transition_lines("demande", "silence", after=6))  # « Allô ? Vous êtes là ? »
    assert one_of(c.say(9, "euh alors c'est-à-dire que"), c.fallback_lines("demande"))
    escalation = c.transition_lines("demande", "delai", after=12)
    assert not one_of(c.wait(12.5), escalation)  # not yet: 12 s after entering the request
    assert one_of(c.wait(13.5), escalation)
    c.say(14, "attendez je ne sais pas trop")
    said = c.wait(26.5)  # 25 s in the request state without progress: he gets angry
    assert c.rt.state == "enerve" and one_of(said, c.state_lines("enerve"))
    # A solution without an apology does not calm him down.
    said = c.say(28, "ok je vous propose qu'une intervenante passe vers 10 h 30")
    assert c.rt.state == "enerve" and one_of(said, c.transition_lines("enerve", when=("propose_passage",)))
    said = c.say(31, "Je suis sincèrement désolée, monsieur, je comprends votre colère.")
    assert c.rt.state == "ecoute" and one_of(said, c.transition_lines("enerve", when=("excuse",)))
    said = c.say(34, "Je vérifie le planning, pouvez-vous patienter un instant ?")
    assert one_of(said, c.transition_lines("ecoute", when=("fait_patienter",)))
    c.hold(35)
    said = c.unhold(53)  # 18 s: too long for him
    assert one_of(said, c.transition_lines("en_attente", "reprise", hold_over=15))
    assert one_of(said, c.state_lines("reprise_ligne"))
    said = c.say(55, "Merci d'avoir patienté. Nadia, notre intervenante remplaçante, passera chez votre mère "
                     "vers 10 h 30.")
    assert one_of(said, c.state_lines("apaise"))
    c.say(58, "au revoir monsieur bonne journée")
    assert c.states == ["decroche", "demande", "demande", "demande", "demande", "demande", "demande", "enerve",
                        "enerve", "ecoute", "ecoute", "en_attente", "reprise_ligne", "apaise", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("appelant-impatient")
def impatient_solution_sans_excuse(seed: int) -> Call:
    c = Call("appelant-impatient", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    said = c.say(4, "Quelqu'un va passer chez votre mère vers 10 h 30.")
    assert one_of(said, c.transition_lines("demande", when=("propose_passage",)))  # « Vous auriez pu vous excuser »
    said = c.say(7, "Puis-je avoir votre numéro de téléphone au cas où ?")
    assert said == [f"C'est le {c.scenario.caller.phone}."]
    c.say(10, "Au revoir monsieur.")
    assert c.states == ["decroche", "demande", "apaise", "apaise", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("appelant-impatient")
def impatient_raccroche_en_attente(seed: int) -> Call:
    c = Call("appelant-impatient", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    c.say(3, "Je suis désolée monsieur, je vérifie tout de suite le planning, un instant s'il vous plaît.")
    c.hold(5)
    assert not c.wait(44)  # on hold: no silence timer, and he still waits
    said = c.wait(46)  # 40 s on hold: he hangs up
    assert c.states == ["decroche", "demande", "ecoute", "en_attente", "en_attente", "raccroche_attente"]
    assert one_of(said, c.state_lines("raccroche_attente"))
    c.assert_ended("raccroche_attente", "appelant")
    return c


@path("appelant-impatient")
def impatient_longue_attente_puis_coupe(seed: int) -> Call:
    c = Call("appelant-impatient", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    c.say(4, "si je comprends bien l'intervenante n'est pas venue chez votre mère ce matin")
    c.hold(6)
    said = c.unhold(38)
    assert one_of(said, c.transition_lines("en_attente", "reprise", hold_over=30))
    c.hang_up(40)
    assert c.states == ["decroche", "demande", "ecoute", "en_attente", "reprise_ligne", "coupe"]
    c.assert_ended("coupe", "stagiaire")
    return c


@path("appelant-impatient")
def impatient_raccroche_en_colere(seed: int) -> Call:
    c = Call("appelant-impatient", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    c.say(8, "euh")
    c.say(16, "alors")
    c.wait(26.5)
    assert c.rt.state == "enerve"
    c.say(35, "c'est-à-dire que je ne sais pas")
    c.say(45, "euh")
    said = c.wait(52)  # 25 s angry without an apology: he hangs up
    assert c.states == ["decroche", "demande", "demande", "demande", "enerve", "enerve", "enerve",
                        "raccroche_colere"]
    assert one_of(said, c.state_lines("raccroche_colere"))
    c.assert_ended("raccroche_colere", "appelant")
    return c


@path("appelant-impatient")
def impatient_silence(seed: int) -> Call:
    c = Call("appelant-impatient", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    said = c.wait(30)
    allo = c.transition_lines("demande", "silence", after=6)
    escalation = c.transition_lines("demande", "delai", after=12)
    hang_up = c.state_lines("raccroche_appelant")
    assert len(said) == 3 and said[0] in allo and said[1] in escalation and said[2] in hang_up
    assert c.states == ["decroche", "demande", "raccroche_appelant"]
    c.assert_ended("raccroche_appelant", "appelant")
    return c


# -- reclamation -----------------------------------------------------------------------------------

@path("reclamation")
def reclamation_nominale(seed: int) -> Call:
    c = Call("reclamation", seed)
    assert one_of(c.say(1, "Mairie de Saint-Ouen, Clémence, bonjour."), c.state_lines("plainte"))
    assert one_of(c.say(4, "Je suis vraiment désolée, madame, je comprends votre mécontentement."),
                  c.state_lines("ecoutee"))
    assert one_of(c.say(8, "Je peux vous proposer un créneau prioritaire jeudi à 14 h 30 ou samedi à 9 h 15."),
                  c.state_lines("apaisee"))
    said = c.say(11, "Pour confirmer le rendez-vous, pouvez-vous me donner votre numéro de téléphone ?")
    assert said == ["C'est le 07 62 15 48 33."]
    c.say(14, "puis-je faire autre chose pour vous")
    c.say(17, "Au revoir madame, bonne journée.")
    assert c.states == ["decroche", "plainte", "ecoutee", "apaisee", "apaisee", "conclusion", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("reclamation")
def reclamation_dedaigneux(seed: int) -> Call:
    c = Call("reclamation", seed)
    c.say(1, "Mairie de Saint-Ouen, Clémence, bonjour.")
    # « je comprends » is an apology, but « c'est pas de ma faute » cancels it (sauf: depreciatif).
    said = c.say(4, "ben je comprends mais c'est pas de ma faute madame")
    assert c.rt.state == "furieux" and one_of(said, c.state_lines("furieux"))
    said = c.say(8, "Calmez-vous, madame, ça arrive.")
    assert c.states == ["decroche", "plainte", "furieux", "raccroche_furieux"]
    assert one_of(said, c.state_lines("raccroche_furieux"))
    c.assert_ended("raccroche_furieux", "appelant")
    return c


@path("reclamation")
def reclamation_rattrapee(seed: int) -> Call:
    c = Call("reclamation", seed)
    c.say(1, "Mairie de Saint-Ouen, Clémence, bonjour.")
    c.say(4, "Écoutez madame, je n'y peux rien.")
    said = c.say(7, "Je peux vous proposer un autre rendez-vous.")
    assert one_of(said, c.transition_lines("furieux", when=("propose_creneau",)))  # « Avant tout... »
    said = c.say(10, "Vous avez raison, madame, je suis sincèrement désolée, toutes nos excuses au nom de la mairie.")
    assert one_of(said, c.transition_lines("furieux", when=("excuse",)))
    said = c.say(14, "M. Hamon, le responsable du service, peut vous rappeler dans la journée.")
    assert one_of(said, c.state_lines("apaisee"))
    c.say(17, "au revoir madame bonne journée")
    assert c.states == ["decroche", "plainte", "furieux", "furieux", "ecoutee", "apaisee", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("reclamation")
def reclamation_furieuse_sans_reponse(seed: int) -> Call:
    c = Call("reclamation", seed)
    c.say(1, "Mairie de Saint-Ouen, Clémence, bonjour.")
    c.say(3, "Ce n'est pas mon service, madame.")
    said = c.wait(11.5)
    assert one_of(said, c.transition_lines("furieux", "silence", after=8))
    said = c.wait(24)  # 20 s furious without an apology
    assert c.states == ["decroche", "plainte", "furieux", "furieux", "raccroche_furieux"]
    assert one_of(said, c.state_lines("raccroche_furieux"))
    c.assert_ended("raccroche_furieux", "appelant")
    return c


@path("reclamation")
def reclamation_attente(seed: int) -> Call:
    c = Call("reclamation", seed)
    c.say(1, "Mairie de Saint-Ouen, Clémence, bonjour.")
    c.say(4, "je suis désolée madame je comprends")
    said = c.say(7, "Je regarde les créneaux disponibles, pouvez-vous patienter un instant ?")
    assert c.rt.state == "ecoutee" and one_of(said, c.transition_lines("ecoutee", when=("fait_patienter",)))
    c.hold(8)
    said = c.unhold(42)
    assert one_of(said, c.transition_lines("en_attente", "reprise", hold_over=30))
    said = c.say(44, "Merci d'avoir patienté. Je peux vous proposer jeudi à 14 h 30.")
    assert one_of(said, c.state_lines("apaisee"))
    c.say(47, "Au revoir madame, bonne journée.")
    assert c.states == ["decroche", "plainte", "ecoutee", "ecoutee", "en_attente", "reprise_ligne", "apaisee", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("reclamation")
def reclamation_sans_progres_puis_coupe(seed: int) -> Call:
    c = Call("reclamation", seed)
    c.say(1, "Mairie de Saint-Ouen, Clémence, bonjour.")
    assert one_of(c.say(5, "euh"), c.fallback_lines("plainte"))
    c.say(15, "oui")
    c.say(25, "hmm")
    said = c.wait(31.5)  # 30 s of complaint without an answer
    assert c.rt.state == "furieux" and one_of(said, c.state_lines("furieux"))
    c.hang_up(33)
    assert c.states == ["decroche", "plainte", "plainte", "plainte", "plainte", "furieux", "coupe"]
    c.assert_ended("coupe", "stagiaire")
    return c


@path("reclamation")
def reclamation_silence(seed: int) -> Call:
    c = Call("reclamation", seed)
    c.say(1, "Mairie de Saint-Ouen, Clémence, bonjour.")
    said = c.wait(30)
    assert said[0] in c.transition_lines("plainte", "silence", after=8)
    assert c.states == ["decroche", "plainte", "raccroche_appelant"]
    c.assert_ended("raccroche_appelant", "appelant")
    return c


# -- transfert -------------------------------------------------------------------------------------

SURPRISED = "transfert", {"dest": "transfere", "targets": ("admissions", "service des admissions",
                                                           "bureau des admissions", "pré-admissions", "poste 210")}


@path("transfert")
def transfert_annonce(seed: int) -> Call:
    c = Call("transfert", seed)
    assert one_of(c.say(1, "Clinique Nest, Clémence, bonjour."), c.state_lines("demande"))
    c.say(4, "Si je comprends bien, vous souhaitez faire votre pré-admission pour votre opération du 14 mars ?")
    said = c.say(7, "Un instant je vous prie, je vous passe le service des admissions, veuillez rester en ligne "
                    "s'il vous plaît.")
    assert one_of(said, c.transition_lines("confirme", when=("annonce_transfert", "nomme_admissions",
                                                             "rester_en_ligne")))
    said = c.transfer(9, "Service des admissions")
    assert said == []  # announced: no surprise
    assert c.states == ["decroche", "demande", "confirme", "annonce", "transfere"]
    c.assert_ended("transfere", "transfert")
    return c


@path("transfert")
def transfert_mauvaises_cibles(seed: int) -> Call:
    c = Call("transfert", seed)
    c.say(1, "Clinique Nest, Clémence, bonjour.")
    c.say(4, "un instant je vous prie je vous passe le service des admissions veuillez rester en ligne")
    said = c.transfer(6, "Radiologie")
    assert not c.rt.finished and c.rt.state == "annonce"
    assert len(said) == 1 and ("pas le bon service" in said[0] or "mauvais service" in said[0])
    said = c.transfer(9, "Dr Morel")
    assert not c.rt.finished and "docteur Morel" in said[0] and "pas le bon service" in said[0]
    c.transfer(12, "admissions")
    assert c.states == ["decroche", "demande", "annonce", "annonce", "annonce", "transfere"]
    c.assert_ended("transfere", "transfert")
    return c


@path("transfert")
def transfert_sans_annonce(seed: int) -> Call:
    c = Call("transfert", seed)
    c.say(1, "clinique nest clémence bonjour")
    said = c.transfer(4, "admissions")
    assert one_of(said, c.transition_lines("demande", SURPRISED[0], **SURPRISED[1]))
    assert c.states == ["decroche", "demande", "transfere"]
    c.assert_ended("transfere", "transfert")
    return c


@path("transfert")
def transfert_annonces_incompletes(seed: int) -> Call:
    c = Call("transfert", seed)
    c.say(1, "Clinique Nest, Clémence, bonjour.")
    said = c.say(4, "ne quittez pas")
    assert c.rt.state == "demande" and "Vous me passez bien le service des admissions" in said[0]
    said = c.say(6, "je vous passe le secrétariat du docteur Morel")
    assert c.rt.state == "demande" and "vous me passez qui" in said[0]
    said = c.say(8, "je vous passe les admissions")
    assert c.rt.state == "annonce" and "Je reste en ligne, c'est ça ?" in said[0]
    said = c.wait(17)  # announced but not transferred: he checks
    assert one_of(said, c.transition_lines("annonce", "silence", after=8))
    c.transfer(18, "poste 210")
    assert c.states == ["decroche", "demande", "demande", "demande", "annonce", "annonce", "transfere"]
    c.assert_ended("transfere", "transfert")
    return c


@path("transfert")
def transfert_ligne_directe(seed: int) -> Call:
    c = Call("transfert", seed)
    c.say(1, "Clinique Nest, Clémence, bonjour.")
    said = c.say(4, "Au revoir monsieur.")
    assert c.rt.state == "demande" and "vous ne me passez pas" in said[0]
    said = c.say(7, "Je vous donne la ligne directe du service des admissions : 01 45 67 89 20.")
    assert one_of(said, c.state_lines("numero_direct"))
    c.say(10, "Puis-je faire autre chose pour vous ?")
    c.say(13, "Au revoir monsieur, bonne journée.")
    assert c.states == ["decroche", "demande", "demande", "numero_direct", "conclusion", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("transfert")
def transfert_attente_puis_silence(seed: int) -> Call:
    c = Call("transfert", seed)
    c.say(1, "Clinique Nest, Clémence, bonjour.")
    c.hold(3)
    said = c.unhold(40)
    assert one_of(said, c.transition_lines("demande", "reprise", hold_over=30))
    said = c.wait(61)
    assert one_of(said, c.state_lines("raccroche_appelant"))
    assert c.states == ["decroche", "demande", "demande", "demande", "raccroche_appelant"]
    c.assert_ended("raccroche_appelant", "appelant")
    return c


@path("transfert")
def transfert_coupe(seed: int) -> Call:
    c = Call("transfert", seed)
    c.say(1, "Clinique Nest, Clémence, bonjour.")
    c.hang_up(3)
    assert c.states == ["decroche", "demande", "coupe"]
    c.assert_ended("coupe", "stagiaire")
    return c


# -- prise-de-message ------------------------------------------------------------------------------

PHONE = "0647258319"


@path("prise-de-message")
def message_nominal(seed: int) -> Call:
    c = Call("prise-de-message", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    c.say(4, "Madame Leroy est absente aujourd'hui, elle sera de retour demain matin.")
    said = c.say(7, "Souhaitez-vous lui laisser un message ?")
    assert one_of(said, c.state_lines("message"))
    # Neither the name nor the number has been given so far: the slip tests listening.
    assert not any("Fabre, Hélène" in line or "Hélène Fabre" in line or PHONE in digits(line) for line in c.lines)
    said = c.say(10, "C'est de la part de qui ?")
    assert "Fabre" in said[0] and PHONE not in digits(said[0])
    said = c.say(13, "Pouvez-vous me donner votre numéro de téléphone ?")
    assert digits(said[0]) == PHONE
    said = c.say(16, "je vous relis zéro six quarante sept vingt cinq quatre vingt trois dix neuf")
    assert said[0] in {"Oui, c'est bien ça.", "C'est exactement ça."}
    assert c.slip(18, name="Hélène Fabre", phone="06 47 25 83 19",
                  reason="passer de deux à trois matinées d'aide par semaine pour sa mère",
                  recipient="Mme Leroy, responsable de secteur") == []
    c.say(21, "Puis-je faire autre chose pour vous ?")
    c.say(24, "Au revoir madame, bonne journée.")
    assert c.states == ["decroche", "demande", "absente", "message", "message", "numero_donne", "numero_donne",
                        "fiche_remplie", "conclusion", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("prise-de-message")
def message_ecoute_et_relecture(seed: int) -> Call:
    c = Call("prise-de-message", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    c.say(4, "elle est en formation toute la journée")
    said = c.wait(20)  # no proposal after 15 s: she suggests it herself
    assert said == ["Je peux peut-être lui laisser un message ?"]
    c.say(21, "oui bien sûr je vous écoute")
    said = c.say(24, "Au revoir madame.")  # no number taken yet
    assert c.rt.state == "message" and "vous ne prenez pas mon numéro" in said[0]
    said = c.say(27, "excusez moi quel est votre numéro de téléphone")
    assert digits(said[0]) == PHONE and "Fabre" not in said[0]
    said = c.say(30, "c'est bien le 06 47 25 38 19 ?")  # misread: she corrects
    assert said[0].startswith("Non, pas tout à fait") and digits(said[0]) == PHONE
    c.slip(33, name="Fabre", phone="06 47 25 83 19", reason="trois matinées par semaine", recipient="Mme Leroy")
    said = c.wait(42)
    assert said == ["Allô ? Vous avez bien tout noté ?"]
    c.say(43, "au revoir madame bonne journée")
    assert c.states == ["decroche", "demande", "absente", "absente", "message", "message", "numero_donne",
                        "numero_donne", "fiche_remplie", "fiche_remplie", "fin"]
    c.assert_ended("fin", "appelant")
    return c


@path("prise-de-message")
def message_proposition_et_numero(seed: int) -> Call:
    c = Call("prise-de-message", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    said = c.say(4, "Elle est absente aujourd'hui, elle pourra vous rappeler demain. Puis-je avoir votre numéro ?")
    assert c.rt.state == "numero_donne" and digits(said[0]).endswith(PHONE) and "Fabre, Hélène" not in said[0]
    said = c.say(7, "et c'est de la part de qui")
    assert "Hélène Fabre" in said[0]
    c.slip(10, name="Hélène Fabre", phone="06 47 25 83 19", reason="trois matinées", recipient="Mme Leroy")
    c.hang_up(12)
    assert c.states == ["decroche", "demande", "numero_donne", "numero_donne", "fiche_remplie", "coupe"]
    c.assert_ended("coupe", "stagiaire")
    return c


@path("prise-de-message")
def message_transfert_vers_absente(seed: int) -> Call:
    c = Call("prise-de-message", seed)
    c.say(1, "Aide à Domicile des Deux Rives, Clémence, bonjour.")
    c.say(3, "je vous passe madame Leroy ne quittez pas")
    said = c.transfer(5, "Mme Leroy")  # nobody answers: the call comes back
    assert not c.rt.finished and c.rt.state == "demande" and "sonné dans le vide" in said[0]
    said = c.say(8, "Je suis désolée, elle est absente aujourd'hui. Je peux prendre un message ?")
    assert said[0] == "Ah, elle n'est pas là..." and one_of(said, c.state_lines("message"))
    said = c.wait(30)
    assert said[0] == "Allô ? Vous avez pu noter ?" and one_of(said, c.state_lines("raccroche_appelant"))
    assert c.states == ["decroche", "demande", "demande", "demande", "message", "raccroche_appelant"]
    c.assert_ended("raccroche_appelant", "appelant")
    return c


# -- running the paths -----------------------------------------------------------------------------

ALL_PATHS = [pytest.param(fn, id=f"{name}:{fn.__name__}") for name, fns in PATHS.items() for fn in fns]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("play", ALL_PATHS)
def test_scripted_path(play, seed):
    """Every path holds whatever caller variants the seed draws."""
    play(seed)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_paths_reach_every_final_state(scenario_id):
    reached = {play(0).rt.state for play in PATHS[scenario_id]}
    assert reached == set(find_scenario(scenario_id).final_states)


# -- structure of every scenario file --------------------------------------------------------------

SCENARIO_FILES = [pytest.param(p, id=p.stem) for p in scenario_files()]


def test_all_scenarios_are_covered():
    assert {p.stem for p in scenario_files()} >= set(SCENARIOS)


@pytest.mark.parametrize("path", SCENARIO_FILES)
def test_every_state_reachable_and_live(path):
    scenario = find_scenario(str(path))
    live = [name for name, state in scenario.states.items() if not state.final]
    outgoing: dict[str, set[str]] = {name: set() for name in scenario.states}
    has_transition: set[str] = set()
    for transition in scenario.transitions:
        sources = live if "*" in transition.sources else transition.sources
        for source in sources:
            has_transition.add(source)
            if transition.dest is not None:
                outgoing[source].add(transition.dest)
    seen, todo = {scenario.initial}, [scenario.initial]
    while todo:
        for dest in outgoing[todo.pop()]:
            if dest not in seen:
                seen.add(dest)
                todo.append(dest)
    assert seen == set(scenario.states), f"unreachable: {sorted(set(scenario.states) - seen)}"
    assert not [s for s in live if s not in has_transition], "non-final state without a transition"
    # A way out that is not only the trainee hanging up: every live state leads somewhere else.
    leaves = {s for s in live if outgoing[s] - {s, "coupe"}}
    assert leaves == set(live), f"states whose only exit is hanging up: {sorted(set(live) - leaves)}"


@pytest.mark.parametrize("path", SCENARIO_FILES)
def test_common_call_conventions(path):
    """Initial « Allô ? », caller hanging up on silence, trainee hanging up, normal end, long hold."""
    scenario = find_scenario(str(path))
    t = scenario.transitions
    assert not scenario.states[scenario.initial].lines  # the caller waits to be greeted
    assert any(x.event == "silence" and scenario.initial in x.sources and x.dest is None for x in t)
    assert any(x.event == "silence" and "*" in x.sources and x.dest and scenario.states[x.dest].final for x in t)
    assert any(x.event == "raccroche" and "*" in x.sources and x.dest == "coupe" for x in t)
    assert scenario.states["coupe"].final and scenario.states["fin"].final
    assert any("au_revoir" in x.when and x.dest == "fin" for x in t)
    assert any(x.event == "reprise" and x.hold_over == 30 and x.lines for x in t)
