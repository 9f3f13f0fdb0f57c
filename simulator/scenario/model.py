"""A scenario as plain data (no I/O, no machine): what the runtime and the scorer need."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from simulator.text.civility import PLACEHOLDERS as CIVILITY
from simulator.text.civility import civility_values, tidy
from simulator.text.lexicon import Lexicon
from simulator.tts.prosody import parse_settings, split_marker
from simulator.transcript.model import CallContext, CallerFacts

# Events a transition can react to (YAML `evenement`), and which take a delay (`apres`).
# The events a transition waits for (`evenement` in the YAML), named once for the runtime, the
# loader, the linter and the diagram.
SPOKEN, SILENCE, DELAY, HOLD_ASKED, ON_HOLD, RESUMED, TRANSFER, SLIP, HANG_UP = EVENTS = (
    "parole", "silence", "delai", "mise_en_attente", "attente", "reprise", "transfert", "fiche", "raccroche")
TIMED_EVENTS = (SILENCE, DELAY, ON_HOLD)
# Placeholders usable in caller lines: « Je suis {nom}, mon numéro est le {telephone}. »,
# « Bonjour {civilite} » (the trainee's civility, or nothing when not known).
PLACEHOLDERS = ("nom", "telephone", "motif", "destinataire", "organisation", *CIVILITY)


@dataclass(frozen=True)
class Interruption:
    """What the caller does when the trainee speaks over them (YAML `interruption`)."""

    yields: bool = True  # `cede`: stops talking and lets the trainee speak
    lines: tuple[str, ...] = ()  # `replique`: said once the line is over, when not yielding
    cut_in_after: float | None = None  # `coupe_apres`: seconds of the trainee talking before the caller cuts in
    cut_in: tuple[str, ...] = ()  # `coupe`: what the caller then says over the trainee


# The persona's way, unless the scenario or the state says otherwise: a calm caller lets the
# trainee speak, an impatient one goes on, an aggressive one says so.
IMPATIENT_CUT_IN = ("Oui, oui, d'accord, mais concrètement ?", "Bon, et alors ?")
PERSONA_INTERRUPTION = {
    "calme": Interruption(True), "hesitant": Interruption(True), "confus": Interruption(True),
    "bavard": Interruption(True),
    "impatient": Interruption(False, cut_in_after=10.0, cut_in=IMPATIENT_CUT_IN),
    "presse": Interruption(False, cut_in_after=8.0, cut_in=("Pardon, mais je suis pressé : en deux mots ?",)),
    "mecontent": Interruption(False, ("Je n'ai pas terminé !", "Attendez, je n'ai pas fini.")),
    "agressif": Interruption(False, ("Laissez-moi finir !", "Vous allez me laisser parler, oui ?"),
                             cut_in_after=8.0, cut_in=("Arrêtez avec vos explications, je veux une solution !",)),
}


@dataclass(frozen=True)
class State:
    name: str
    lines: tuple[str, ...] = ()
    fallback: tuple[str, ...] = ()
    final: bool = False
    description: str = ""
    interruption: Interruption | None = None  # None: the scenario's


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    event: str
    dest: str | None = None
    when: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    after: float | None = None
    targets: tuple[str, ...] = ()
    hold_over: float | None = None
    lines: tuple[str, ...] = ()
    index: int = 0


# Expected verdicts of an example call (YAML `verdicts`), as the scorecard says them.
VERDICTS = {"reussi": "réussi", "echoue": "à revoir", "sans_objet": "sans objet"}


@dataclass(frozen=True)
class Example:
    """A golden call (YAML `exemples`): the trainee's side of a dialogue, and what it must give."""

    title: str
    dialogue_text: str
    seed: int = 1
    trainee: str = "Camille"
    path: tuple[str, ...] = ()  # expected states visited, repeats collapsed; () = not checked
    verdicts: dict[str, str] = field(default_factory=dict)  # criterion id -> a VERDICTS key
    line: int = 0  # where the example starts in the scenario file


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    persona: str
    difficulty: int
    organisation: str
    caller: CallerFacts
    initial: str
    states: dict[str, State]
    transitions: tuple[Transition, ...]
    intents: Lexicon = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    description: str = ""
    instructions: str = ""
    references: tuple[str, ...] = ()
    rubric: str = "standard"
    expected: tuple[str, ...] = ()
    path: str = ""
    caller_voice: str | None = None  # « femme » or « homme »; None: the persona's
    voice_settings: dict[str, int] = field(default_factory=dict)  # `appelant: voix_reglages` (debit, hauteur, volume)
    examples: tuple[Example, ...] = ()
    interruption: Interruption | None = None  # None: the persona's (PERSONA_INTERRUPTION)
    may_interrupt: bool = False  # `interruption: permise`: speaking over this caller is no fault
    civility: str | None = None  # the trainee's, once known (`addressing`): how the caller says « {civilite} »

    def addressing(self, civility: str | None) -> Scenario:
        """The scenario played with a trainee of this civility (« madame », « monsieur », None)."""
        return replace(self, civility=civility)

    def context(self, trainee: str) -> CallContext:
        return CallContext(organisation=self.organisation, trainee=trainee, scenario_id=self.id,
                           organisation_aliases=self.aliases, caller=self.caller, expected=self.expected,
                           civility=self.civility, may_interrupt=self.may_interrupt)

    def interruption_in(self, state: str) -> Interruption:
        """What the caller does when talked over in `state`: the state's way, else the scenario's,
        else the persona's."""
        own = self.states[state].interruption if state in self.states else None
        return own or self.interruption or PERSONA_INTERRUPTION.get(self.persona, Interruption())

    def caller_lines(self) -> list[str]:
        """Every line the caller may say, filled in (to render the caller's voice before a call)."""
        return list(dict.fromkeys(self.fill(line) for line in self._raw_lines()))

    def line_settings(self) -> dict[str, dict[str, int]]:
        """The voice settings of the lines said otherwise (« (debit=130) Bonjour… »), by filled line."""
        return {self.fill(line): parse_settings(marker)[0]
                for line in self._raw_lines() if (marker := split_marker(line)[0])}

    def _raw_lines(self) -> list[str]:
        raw = [line for state in self.states.values() for line in state.lines + state.fallback]
        raw += [line for name in self.states for way in [self.interruption_in(name)] for line in way.lines + way.cut_in]
        return raw + [line for transition in self.transitions for line in transition.lines]

    def fill(self, line: str) -> str:
        """Put the caller's facts into a line: « {nom} » -> « Martine Lefèvre »; a leading voice
        marker (« (debit=130) ») goes, for it says how the line sounds, not what it says."""
        line = split_marker(line)[1]
        values = {"nom": self.caller.name, "telephone": self.caller.phone, "motif": self.caller.reason,
                  "destinataire": self.caller.recipient, "organisation": self.organisation,
                  **civility_values(self.civility)}
        filled = line.format_map(values)
        return tidy(filled) if not self.civility and any(f"{{{p}}}" in line for p in CIVILITY) else filled

    @property
    def final_states(self) -> list[str]:
        return [name for name, state in self.states.items() if state.final]
