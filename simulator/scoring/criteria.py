"""The criteria: the ten of the standard rubric, and `delivery`, which a rubric may add. Each one
reads a transcript and returns a verdict with its evidence.

Meanings are fixed (other tools depend on these ids); wording lists live in
scenarios/intentions.yaml and thresholds in the rubric's `parametres`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from simulator.events import (CallEnded, CallerSaid, HoldEnded, HoldStarted, TraineeSaid, Transferred, Turn)
from simulator.scoring.guidance import MIN_VOICED, answer_gaps
from simulator.scoring.rubric import Params
from simulator.text.figures import measured
from simulator.text.lexicon import Lexicon
from simulator.text.matchers import Match, find_phrase
from simulator.text.normalize import digits, normalize
from simulator.text.syllables import syllable_counts
from simulator.text.words import content_stems, stem
from simulator.transcript.model import Transcript


@dataclass(frozen=True)
class Evidence:
    """The words that decided: which turn, when, who, what was said and what matched."""

    turn: int | None
    t: float | None
    speaker: str
    text: str
    matched: tuple[str, ...] = ()
    note: str = ""
    # Words taken for others that sound or read alike: « entendu « clinique neste » ≈ « Clinique Nest » ».
    approximations: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"turn": self.turn, "t": self.t, "speaker": self.speaker, "text": self.text,
                "matched": list(self.matched), "note": self.note, "approximations": list(self.approximations)}


@dataclass(frozen=True)
class Verdict:
    applicable: bool
    passed: bool
    detail: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)


NOT_APPLICABLE = "sans objet"
Check = Callable[[Transcript, Lexicon, Params], Verdict]
CHECKS: dict[str, Check] = {}
# Intents each criterion reads from the shared vocabulary (checked by the validator).
INTENTS_USED = ("salutation", "demande_nom", "reformulation", "politesse", "familier", "tutoiement",
                "annonce_attente", "remerciement_attente", "rester_en_ligne", "autre_chose",
                "au_revoir", "formule_cloture")
ADDRESS_TERMS = ("monsieur", "madame", "mademoiselle")
HONORIFICS = ("monsieur", "madame", "mademoiselle", "m", "mme", "mlle", "docteur", "dr", "maitre")


def criterion(name: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        CHECKS[name] = check
        return check
    return register


def cite(transcript: Transcript, turn: Turn, *matches: Match | str, note: str = "") -> Evidence:
    speaker = "stagiaire" if isinstance(turn, TraineeSaid) else "appelant"
    words = tuple(m.words if isinstance(m, Match) else m for m in matches if m)
    approximations = tuple(dict.fromkeys(m.approximation() for m in matches if isinstance(m, Match) and m.expected))
    if isinstance(turn, TraineeSaid) and turn.heard:
        approximations = (f"entendu « {turn.heard} », vérifié sur l'enregistrement : « {turn.text} »",
                          *approximations)
    return Evidence(transcript.turn_number(turn), turn.t, speaker, turn.text, words, note, approximations)


def mark(t: float | None, speaker: str, note: str) -> Evidence:
    """Evidence for a switchboard event (hold, transfer...) rather than a spoken turn."""
    return Evidence(None, t, speaker, "", (), note)


def first_name(full_name: str) -> str:
    words = full_name.split()
    return words[0] if words else ""


@criterion("greeting")
def greeting(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    turns = tr.trainee_turns
    if not turns:
        return Verdict(True, False, "Le stagiaire n'a rien dit.")
    first = turns[0]
    threshold = params.fuzzy
    salutation = lex["salutation"].find(first.text)
    organisation = None
    for name in (tr.context.organisation, *tr.context.organisation_aliases):
        organisation = organisation or (find_phrase(name, first.text, threshold) if name else None)
    name = first_name(tr.context.trainee)
    trainee = find_phrase(name, first.text, threshold) if name else None
    missing = [label for label, found in (("le nom de la structure", organisation), ("votre prénom", trainee),
                                          ("la salutation (bonjour)", salutation)) if not found]
    evidence = (cite(tr, first, salutation, organisation, trainee),)
    if missing:
        return Verdict(True, False, "Il manque dans votre première phrase : " + ", ".join(missing) + ".", evidence)
    return Verdict(True, True, "Structure, prénom et salutation dès la première phrase.", evidence)


SELF_INTRODUCTION = (["je", "suis"], ["je", "m", "appelle"], ["mon", "nom", "est"], ["mon", "nom", "c", "est"],
                     ["ici"], ["c", "est"], ["moi", "c", "est"], ["de", "la", "part", "de"])
_CAPITALIZED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÀ-Ý][a-zà-ÿ'-]{2,})")


def caller_names(tr: Transcript) -> list[tuple[str, int, CallerSaid | None]]:
    """Words the caller used to name themself, with the event position and turn that said them
    (position -1 and no turn: the scenario's facts, known from the start).

    Found after a self-introduction (« je suis Jean Dupont », « ici madame Martin ») or, in
    punctuated text, as capitalised words not preceded by an honorific (« Bonjour, Patrick Simon,
    de la société... »): « je voudrais parler à monsieur Faure » names someone else.
    """
    found: list[tuple[str, int, CallerSaid | None]] = []
    if tr.context.caller and tr.context.caller.name:
        found += [(w, -1, None) for w in normalize(tr.context.caller.name).split() if len(w) > 2]
    for position, turn in enumerate(tr.events):
        if not isinstance(turn, CallerSaid):
            continue
        words = normalize(turn.text).split()
        for i in range(len(words)):
            for marker in SELF_INTRODUCTION:
                if words[i : i + len(marker)] != marker:
                    continue
                taken = 0
                for word in words[i + len(marker):]:
                    if word in HONORIFICS and not taken:
                        continue
                    if len(word) < 3 or word.isdigit() or not content_stems(word) or taken == 2:
                        break
                    found.append((word, position, turn))
                    taken += 1
        for m in _CAPITALIZED.finditer(turn.text):
            before = normalize(turn.text[: m.start()]).split()[-1:]
            if not (before and before[0] in HONORIFICS) and content_stems(m.group(1)):
                found.append((normalize(m.group(1)), position, turn))
    return found


@criterion("identify")
def identify(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    for turn in tr.trainee_turns:
        asked = lex["demande_nom"].find(turn.text)
        if asked:
            return Verdict(True, True, "Vous avez demandé le nom de l'appelant.", (cite(tr, turn, asked),))
    threshold = params.fuzzy
    names = caller_names(tr)
    for position, turn in enumerate(tr.events):
        if not isinstance(turn, TraineeSaid):
            continue
        words = normalize(turn.text).split()
        for i, word in enumerate(words[:-1]):
            if word not in ADDRESS_TERMS:
                continue
            # Speech recognition may split a name: « le Fèvre » for « Lefèvre ».
            for addressed in (words[i + 1], "".join(words[i + 1:i + 3])):
                for name, said_at, said_in in names:
                    if said_at < position and find_phrase(name, addressed, threshold):
                        proof = (cite(tr, turn, " ".join(words[i:i + 2 + (addressed != words[i + 1])])),)
                        if said_in is not None:
                            proof += (cite(tr, said_in, name, note="nom donné par l'appelant"),)
                        return Verdict(True, True, "Vous avez appelé l'appelant par son nom.", proof)
    return Verdict(True, False, "Vous n'avez ni demandé le nom de l'appelant ni utilisé son nom.")


@criterion("rephrasing")
def rephrasing(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    needed = params.shared_words
    ignored = frozenset(stem(normalize(w)) for w in params.ignored_words)
    marker_only: tuple[Evidence, ...] = ()
    heard: dict[str, str] = {}
    reference = tr.context.caller.reason if tr.context.caller else ""
    for event in tr.events:
        if isinstance(event, CallerSaid):
            heard.update({k: v for k, v in content_stems(event.text, ignored).items() if k not in heard})
            continue
        if not isinstance(event, TraineeSaid) or not heard:
            continue
        marker = lex["reformulation"].find(event.text)
        if not marker:
            continue
        marker_stems = set(content_stems(marker.words))
        said = {k: w for k, w in content_stems(event.text, ignored).items() if k not in marker_stems}
        requested = dict(heard) | content_stems(reference, ignored)
        shared = [w for k, w in said.items() if k in requested]
        if len(shared) >= needed:
            return Verdict(True, True, "Vous avez reformulé la demande avec ses éléments précis.",
                           (cite(tr, event, marker, *shared),))
        marker_only = marker_only or (cite(tr, event, marker, note="reformulation sans les mots de la demande"),)
    if marker_only:
        return Verdict(True, False, f"Votre reformulation ne reprend pas au moins {needed} éléments de la demande.",
                       marker_only)
    return Verdict(True, False, "Vous n'avez pas reformulé la demande de l'appelant.")


@criterion("courtesy")
def courtesy(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    faults: list[Evidence] = []
    polite: Evidence | None = None
    for turn in tr.trainee_turns:
        for intent, what in (("tutoiement", "tutoiement"), ("familier", "registre familier")):
            matches = lex[intent].find_all(turn.text)
            if matches:
                faults.append(cite(tr, turn, *matches, note=what))
        if polite is None:
            formula = lex["politesse"].find(turn.text)
            if formula:
                polite = cite(tr, turn, formula)
    if faults:
        kinds = sorted({f.note for f in faults})
        return Verdict(True, False, "À éviter : " + " et ".join(kinds) + ".", tuple(faults))
    if polite is None:
        return Verdict(True, False, "Aucune formule de politesse (s'il vous plaît, merci, je vous prie...).")
    return Verdict(True, True, "Vouvoiement, registre adapté et formules de politesse.", (polite,))


def previous_trainee_turn(tr: Transcript, index: int) -> TraineeSaid | None:
    return next((e for e in reversed(tr.events[:index]) if isinstance(e, TraineeSaid)), None)


def next_trainee_turn(tr: Transcript, index: int) -> TraineeSaid | None:
    return next((e for e in tr.events[index + 1:] if isinstance(e, TraineeSaid)), None)


def _missing(tr: Transcript, situation: str, failure: str) -> Verdict:
    """The verdict when the call had no hold (or transfer): failed if the situation asked for one."""
    if situation in tr.context.expected:
        return Verdict(True, False, failure)
    return Verdict(False, False, NOT_APPLICABLE)


@criterion("hold")
def hold(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    starts = [i for i, e in enumerate(tr.events) if isinstance(e, HoldStarted)]
    if not starts:
        return _missing(tr, "hold", "La situation demandait une mise en attente : elle n'a pas eu lieu.")
    limit = params.longest_hold
    problems: list[str] = []
    evidence: list[Evidence] = []
    for n, i in enumerate(starts, 1):
        start = tr.events[i]
        which = f"attente {n} : " if len(starts) > 1 else ""
        before = previous_trainee_turn(tr, i)
        announced = lex["annonce_attente"].find(before.text) if before else None
        if announced:
            evidence.append(cite(tr, before, announced, note="attente annoncée"))
        else:
            problems.append(which + "mise en attente sans l'annoncer ni demander à l'appelant de patienter")
            if before:
                evidence.append(cite(tr, before, note="pas d'annonce avant la mise en attente"))
        end_at = next((j for j in range(i + 1, len(tr.events)) if isinstance(tr.events[j], (HoldEnded, CallEnded))), None)
        end = tr.events[end_at] if end_at is not None else None
        if not isinstance(end, HoldEnded):
            problems.append(which + "l'appelant n'a jamais été repris")
            evidence.append(mark(start.t, "stagiaire", "attente sans reprise"))
            continue
        if start.t is not None and end.t is not None:
            waited = end.t - start.t
            evidence.append(mark(start.t, "stagiaire", f"attente de {waited:.0f} s"))
            if waited > limit:
                problems.append(which + f"attente de {waited:.0f} s (reprendre la ligne avant {limit:.0f} s)")
        after = next_trainee_turn(tr, end_at)
        thanked = lex["remerciement_attente"].find(after.text) if after else None
        if thanked:
            evidence.append(cite(tr, after, thanked, note="remerciement à la reprise"))
        else:
            problems.append(which + "à la reprise, pas de remerciement ni d'excuse pour l'attente")
            if after:
                evidence.append(cite(tr, after, note="reprise sans remerciement"))
    if problems:
        return Verdict(True, False, "; ".join(problems).capitalize() + ".", tuple(evidence))
    return Verdict(True, True, "Attente annoncée, courte, et reprise avec un remerciement.", tuple(evidence))


def names_target(target: str, text: str, threshold: float) -> Match | None:
    found = find_phrase(target, text, threshold)
    if found:
        return found
    for word in content_stems(target).values():
        found = find_phrase(word, text, threshold)
        if found:
            return found
    return None


@criterion("transfer")
def transfer(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    transfers = [i for i, e in enumerate(tr.events) if isinstance(e, Transferred)]
    if not transfers:
        return _missing(tr, "transfer", "La situation demandait un transfert : l'appel n'a pas été transféré.")
    threshold = params.fuzzy
    window = params.turns_before
    problems: list[str] = []
    evidence: list[Evidence] = []
    for i in transfers:
        event = tr.events[i]
        before = [e for e in tr.events[:i] if isinstance(e, TraineeSaid)][-window:]
        named = next(((t, m) for t in reversed(before) if (m := names_target(event.target, t.text, threshold))), None)
        stay = next(((t, m) for t in reversed(before) if (m := lex["rester_en_ligne"].find(t.text))), None)
        evidence.append(mark(event.t, "stagiaire", f"transfert vers « {event.target} »"))
        for found in (named, stay):
            if found:
                evidence.append(cite(tr, found[0], found[1]))
        if not named:
            problems.append(f"vous n'avez pas annoncé à qui vous passiez l'appel ({event.target})")
        if not stay:
            problems.append("vous n'avez pas demandé de rester en ligne")
        if not before:
            problems.append("transfert sans un mot à l'appelant")
    if problems:
        return Verdict(True, False, "; ".join(dict.fromkeys(problems)).capitalize() + ".", tuple(evidence))
    return Verdict(True, True, "Transfert annoncé : destinataire nommé et demande de rester en ligne.", tuple(evidence))


@criterion("message")
def message(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    slip = tr.slip
    if slip is None:
        if "message" in tr.context.expected:
            return Verdict(True, False, "La situation demandait une fiche message : elle n'a pas été remplie.")
        return Verdict(False, False, NOT_APPLICABLE)
    threshold = params.fuzzy
    facts = tr.context.caller
    heard = " ".join(t.text for t in tr.caller_turns)
    problems: list[str] = []
    evidence = [mark(None, "stagiaire", f"fiche : nom « {slip.name} », téléphone « {slip.phone} », "
                                        f"motif « {slip.reason} », destinataire « {slip.recipient} »")]

    written_name = [w for w in normalize(slip.name).split() if len(w) > 2 and w not in HONORIFICS]
    if not written_name:
        problems.append("nom absent")
    else:
        reference = facts.name if facts and facts.name else heard
        if not all(find_phrase(w, reference, threshold) for w in written_name):
            problems.append(f"le nom « {slip.name} » ne correspond pas à celui donné par l'appelant")

    written = digits(slip.phone)
    if not written:
        problems.append("numéro de téléphone absent")
    else:
        if facts and facts.phone:
            matches = written == digits(facts.phone)
        else:
            matches = len(written) >= 6 and any(written in digits(t.text) for t in tr.caller_turns)
        if not matches:
            problems.append(f"le numéro noté ({slip.phone}) ne correspond pas à celui de l'appelant")
        else:
            proof = next((t for t in tr.caller_turns if written in digits(t.text)), None)
            if proof:
                evidence.append(cite(tr, proof, written, note="numéro donné par l'appelant"))

    reason = content_stems(slip.reason)
    if not reason:
        problems.append("motif absent")
    else:
        reference_stems = content_stems(heard) | (content_stems(facts.reason) if facts else {})
        if not set(reason) & set(reference_stems):
            problems.append(f"le motif « {slip.reason} » ne reprend pas la demande de l'appelant")

    if not slip.recipient.strip():
        problems.append("destinataire absent")
    else:
        # The recipient is often named by the trainee (« c'est Mme Leroy qui fait les devis »).
        everything = " ".join(t.text for t in tr.turns)
        reference = " ".join(x for x in (facts.recipient if facts else "", everything) if x)
        if not any(find_phrase(w, reference, threshold) for w in content_stems(slip.recipient).values()):
            problems.append(f"le destinataire « {slip.recipient} » n'est pas celui que l'appelant a demandé")
    if problems:
        return Verdict(True, False, "Fiche message : " + "; ".join(problems) + ".", tuple(evidence))
    return Verdict(True, True, "Fiche message complète et fidèle aux propos de l'appelant.", tuple(evidence))


@criterion("satisfaction")
def satisfaction(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    turns = tr.trainee_turns
    for position, turn in enumerate(turns):
        asked = lex["autre_chose"].find(turn.text)
        if not asked:
            continue
        goodbye = lex["au_revoir"].find(turn.text)
        if position < len(turns) - 1 or goodbye is None or asked.start < goodbye.start:
            return Verdict(True, True, "Vous avez vérifié que l'appelant n'avait besoin de rien d'autre.",
                           (cite(tr, turn, asked),))
    return Verdict(True, False, "Vous n'avez pas demandé à l'appelant s'il avait besoin d'autre chose.")


@criterion("closing")
def closing(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    turns = tr.trainee_turns
    if not turns:
        return Verdict(True, False, "Le stagiaire n'a rien dit.")
    last = turns[-1]
    goodbye = lex["au_revoir"].find(last.text)
    formula = lex["formule_cloture"].find(last.text)
    evidence = (cite(tr, last, goodbye, formula),)
    if goodbye and formula:
        return Verdict(True, True, "Au revoir et formule de courtoisie en fin d'appel.", evidence)
    missing = [w for w, f in (("« au revoir »", goodbye), ("une formule comme « bonne journée »", formula)) if not f]
    return Verdict(True, False, "Votre dernière phrase ne contient pas " + " ni ".join(missing) + ".", evidence)


CUT_SLACK = 0.5  # seconds after a caller stopped for the trainee in which the trainee's turn began


@criterion("listening")
def listening(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    """Did the trainee let the caller finish? Judged on the turns' times: a trainee who starts
    speaking while more than `longest_overlap` seconds of the caller's line are left has cut in.
    Only calls with times (headset sessions, recordings) can tell; typed calls cannot."""
    caller_lines = [e for e in tr.events if isinstance(e, CallerSaid) and e.t is not None and e.end is not None]
    if not caller_lines or not any(e.t is not None and e.end is not None for e in tr.trainee_turns):
        return Verdict(False, False, NOT_APPLICABLE)  # typed or scripted: no spoken times
    if tr.context.may_interrupt:
        return Verdict(False, False, "Sans objet : dans cette situation, couper la parole pour calmer l'appelant est permis.")
    evidence: list[Evidence] = []
    for turn in tr.trainee_turns:
        if turn.t is None:
            continue
        # A caller who stopped for the trainee (`cut`) was cut in on, even if the turn as heard
        # seems to start just after (the voice detector confirms speech a little late).
        over = next((c for c in caller_lines if c.t < turn.t and (c.end - turn.t > params.longest_overlap
                                                                   or (c.cut and turn.t < c.end + CUT_SLACK))), None)
        if over is not None and over.cut:
            evidence.append(cite(tr, turn, note="l'appelant s'est interrompu pour vous laisser parler"))
        elif over is not None:
            left = over.end - turn.t
            evidence.append(cite(tr, turn, note=f"vous avez commencé à parler {left:.1f} s avant la fin de la phrase "
                                                "de l'appelant".replace(".", ",", 1)))
    if evidence:
        times = "une fois" if len(evidence) == 1 else f"{len(evidence)} fois"
        return Verdict(True, False, f"Vous avez coupé la parole à l'appelant {times}.", tuple(evidence))
    return Verdict(True, True, "Vous avez laissé l'appelant finir ses phrases avant de répondre.")


@criterion("delivery")
def delivery(tr: Transcript, lex: Lexicon, params: Params) -> Verdict:
    """The voice, judged on the turns' times as the delivery indicators measure it: the speaking
    rate (syllables said over the turn's span, its pauses included) and the time to answer after
    the caller's line. A turn is out of range when either is; the criterion fails when more than
    `share_outside` of the measured turns are. Talking over the caller is `listening`'s, not this
    one's. Only calls with times (headset sessions, recordings) can tell; typed calls cannot."""
    turns = tr.trainee_turns
    if not any(t.t is not None and t.end is not None for t in turns):
        return Verdict(False, False, NOT_APPLICABLE)  # typed or scripted: no spoken times
    measured_turns, evidence = 0, []
    for turn, syllables, gap in zip(turns, syllable_counts([t.text for t in turns]), answer_gaps(tr.events)):
        if turn.t is None or turn.end is None:
            continue
        span = turn.end - turn.t
        rate = syllables / span if span >= MIN_VOICED else None
        if rate is None and gap is None:
            continue
        measured_turns += 1
        faults = []
        if rate is not None and not params.slowest_rate <= rate <= params.fastest_rate:
            slow = rate < params.slowest_rate
            bound = measured(params.slowest_rate if slow else params.fastest_rate, "syll/s")
            faults.append(f"{measured(rate, 'syll/s')} : débit trop {'lent' if slow else 'rapide'} "
                          f"(au {'moins' if slow else 'plus'} {bound})")
        if gap is not None and gap > params.longest_gap:
            faults.append(f"{measured(gap, 's')} de silence avant de répondre "
                          f"(au plus {measured(params.longest_gap, 's')})")
        if faults:
            evidence.append(cite(tr, turn, note=" ; ".join(faults)))
    if not measured_turns:
        return Verdict(False, False, "Sans objet : aucune réplique assez longue pour mesurer le débit, "
                                     "ni de réponse à l'appelant dont mesurer le délai.")
    outside = f"{len(evidence)} réplique{'s' if len(evidence) > 1 else ''} sur {measured_turns}"
    if len(evidence) > params.share_outside * measured_turns:
        return Verdict(True, False, f"Débit ou délai de réponse hors des repères pour {outside}.", tuple(evidence))
    if evidence:
        return Verdict(True, True, f"Débit et délai de réponse dans les repères, sauf pour {outside}.",
                       tuple(evidence))
    return Verdict(True, True, "Débit et délai de réponse dans les repères à chaque réplique.")
