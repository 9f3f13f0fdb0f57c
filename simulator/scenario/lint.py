"""Author warnings on a valid scenario: what loads and plays, but can never happen as written.

States never entered, states with no way to a final state, caller lines never said, timers that
can never fire, transitions hidden behind an earlier one; and a scenario no example call proves. Located like errors
(`file:line:col: avertissement : message`), computed from the same expanded edges the runtime uses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from simulator.engine.machine import ANY_STATE, Edge, edges
from simulator.errors import Problem
from simulator.scenario.loader import scenario_problems
from simulator.scenario.model import (DELAY, HANG_UP, HOLD_ASKED, ON_HOLD, RESUMED, SILENCE, SPOKEN,
                                      TRANSFER, Scenario, Transition)
from simulator.yamlfile import YamlDoc, in_line_order, load_yaml

WARNING = "avertissement : "
# Ending the call is always possible for the trainee: it is not the scenario's way out of a state.
TRAINEE_HANGS_UP = HANG_UP
# Timers measured from the same start: the shorter one that leaves the state always fires first.
# (`delai` counts from entering the state, `silence` from the trainee's last word: at most as long.)
_EARLIER_CLOCKS = {SILENCE: (SILENCE, DELAY), DELAY: (DELAY,), ON_HOLD: (ON_HOLD,)}


def lint_file(path: str | Path) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of one scenario file; warnings only once the file is valid."""
    scenario, errors = scenario_problems(path)
    if scenario is None:
        return errors, []
    return [], lint_scenario(scenario)


def lint_scenario(scenario: Scenario, doc: YamlDoc | None = None) -> list[Problem]:
    """Every warning for a loaded scenario, in file order."""
    if doc is None:
        doc, problems = load_yaml(scenario.path)
        if doc is None:
            return problems
    lint = _Lint(scenario, doc)
    found = lint.dead_transitions() + lint.unreachable_states() + lint.dead_ends() + lint.unused_fallbacks()
    return in_line_order(no_example_warnings(scenario) + found)


def no_example_warnings(scenario: Scenario) -> list[Problem]:
    """A scenario without `exemples:` is proved by nothing: `accueil test` has no call to replay."""
    if scenario.examples:
        return []
    return [Problem(scenario.path, 1, 1, WARNING + "aucun appel d'exemple : « accueil test » n'a rien à rejouer",
                    "ajoutez « exemples: » avec un appel bien mené et un appel raté "
                    "(docs/guide-auteur.md, « Prouver le scénario avec des appels d'exemple »)")]


@dataclass(frozen=True)
class _Dead:
    edge: Edge
    reason: str
    hint: str


class _Lint:
    def __init__(self, scenario: Scenario, doc: YamlDoc):
        self.scenario, self.doc = scenario, doc
        self.edges = edges(scenario)
        self.by_source: dict[str, list[Edge]] = defaultdict(list)
        for edge in self.edges:
            self.by_source[edge.source].append(edge)
        self.dead = {(d.edge.source, d.edge.transition.index): d for d in map(self._why_dead, self.edges) if d}
        self.live = [e for e in self.edges if (e.source, e.transition.index) not in self.dead]

    # -- rules ---------------------------------------------------------------------------------

    def dead_transitions(self) -> list[Problem]:
        """Shadowed transitions and timers that never fire. A "*" transition is only reported when it
        is dead in every state: it is a catch-all, meant for the states where it applies."""
        problems = []
        for transition in self.scenario.transitions:
            dead = [self.dead.get((source, transition.index)) for source in self._sources(transition)]
            if ANY_STATE in transition.sources:
                if dead and all(dead):
                    problems.append(self._warn(["transitions", transition.index],
                                               f"{self._name(transition)} ne se produit dans aucun état : "
                                               f"{dead[0].reason}", dead[0].hint))
                continue
            for item in filter(None, dead):
                problems.append(self._warn(self._source_keys(transition, item.edge.source),
                                           f"{self._name(transition)} ne peut jamais se produire dans l'état "
                                           f"« {item.edge.source} » : {item.reason}", item.hint))
        return problems

    def unreachable_states(self) -> list[Problem]:
        reached = self._reachable()
        problems = []
        for name, state in self.scenario.states.items():
            if name in reached:
                continue
            unsaid = " ; ses répliques ne seront jamais dites" if state.lines or state.fallback else ""
            problems.append(self._warn(["etats", name], f"l'état « {name} » n'est jamais atteint depuis "
                                       f"l'état initial « {self.scenario.initial} »{unsaid}",
                                       "ajoutez une transition « vers: " + name + " » ou supprimez cet état",
                                       key=True))
        return problems

    def dead_ends(self) -> list[Problem]:
        """Reachable non-final states from which no final state can be reached by the scenario's own
        way: catch-alls (hanging up, timing out from "*") end any call, they are not a way forward."""
        ways = [e for e in self.live
                if e.transition.event != TRAINEE_HANGS_UP and ANY_STATE not in e.transition.sources]
        ending = set(self.scenario.final_states)
        changed = True
        while changed:
            changed = False
            for edge in ways:
                if edge.dest in ending and edge.source not in ending:
                    ending.add(edge.source)
                    changed = True
        problems = []
        for name in self._reachable():
            if name in ending:
                continue
            leaves = any(e.source == name and e.dest not in (None, name) for e in ways)
            message = (f"depuis l'état « {name} », aucun chemin ne mène à un état final" if leaves else
                       f"l'état « {name} » n'a aucune issue : aucune transition n'en sort vers un autre état")
            problems.append(self._warn(["etats", name], message,
                                       "ajoutez une transition vers la suite de l'appel ou vers un état final "
                                       "(les transitions depuis « * » et le raccroché du stagiaire ne comptent pas)", key=True))
        return problems

    def unused_fallbacks(self) -> list[Problem]:
        """`sinon` lines are said when the trainee speaks and no `parole` transition matches."""
        reached = self._reachable()
        problems = []
        for name, state in self.scenario.states.items():
            if not state.fallback or name not in reached:
                continue
            if state.final:
                reason, hint = "l'appel est terminé dans cet état final", "supprimez « sinon » de cet état"
            else:
                catch_all = next((e.transition for e in self.live if e.source == name and e.trigger == SPOKEN
                                  and not e.transition.when and not e.transition.unless), None)
                if catch_all is None:
                    continue
                reason = f"{self._name(catch_all)} répond à toute parole dans cet état"
                hint = "ajoutez « si: » à cette transition, ou supprimez « sinon »"
            problems.append(self._warn(["etats", name, "sinon"], f"les répliques « sinon » de l'état « {name} » "
                                       f"ne seront jamais dites : {reason}", hint))
        return problems

    # -- why an edge can never be taken -----------------------------------------------------------

    def _why_dead(self, edge: Edge) -> _Dead | None:
        transition = edge.transition
        if transition.after is not None:
            return self._dead_timer(edge)
        for earlier in self.by_source[edge.source]:
            if earlier.transition.index >= transition.index:
                break
            if earlier.trigger == edge.trigger and _covers(earlier.transition, transition):
                return _Dead(edge, f"{self._name(earlier.transition)} répond toujours avant elle",
                             "placez la transition la plus précise avant la plus générale, ou supprimez-la")
        return None

    def _dead_timer(self, edge: Edge) -> _Dead | None:
        transition = edge.transition
        outgoing = self.by_source[edge.source]
        if transition.event == ON_HOLD:
            hold = next((e for e in outgoing if e.trigger == HOLD_ASKED), None)
            if hold is not None and hold.dest is not None:
                return _Dead(edge, f"la mise en attente y fait toujours passer à l'état « {hold.dest} » "
                             f"({self._name(hold.transition)})",
                             f"déclarez cette attente depuis « {hold.dest} »")
        for other in outgoing:
            timer = other.transition
            if (other is edge or other.dest is None or timer.event not in _EARLIER_CLOCKS[transition.event]
                    or (timer.after, timer.index) > (transition.after, transition.index)):
                continue
            return _Dead(edge, f"{_timer(timer)} ({self._name(timer)}) fait toujours quitter l'état avant "
                         f"{_timer(transition)}", "raccourcissez ce délai ou supprimez cette transition")
        return None

    # -- helpers ---------------------------------------------------------------------------------

    def _reachable(self) -> list[str]:
        seen = [self.scenario.initial]
        for name in seen:
            seen += [e.dest for e in self.live if e.source == name and e.dest is not None and e.dest not in seen]
        return seen

    def _sources(self, transition: Transition) -> list[str]:
        return list(dict.fromkeys(e.source for e in self.edges if e.transition is transition))

    def _source_keys(self, transition: Transition, source: str) -> list:
        keys: list = ["transitions", transition.index, "de"]
        spec = self.doc.data["transitions"][transition.index]["de"]
        return keys + [list(spec).index(source)] if isinstance(spec, list) else keys

    def _name(self, transition: Transition) -> str:
        line, _ = self.doc.position("transitions", transition.index)
        return f"la transition n° {transition.index + 1} (ligne {line})"

    def _warn(self, keys: list, message: str, hint: str, key: bool = False) -> Problem:
        line, col = self.doc.key_position(*keys) if key else self.doc.position(*keys)
        return Problem(self.doc.path, line, col, WARNING + message, hint)


def _covers(earlier: Transition, later: Transition) -> bool:
    """Whether `earlier` matches every event `later` matches (the machine takes the first match)."""
    if earlier.event == SPOKEN:
        return set(earlier.when) <= set(later.when) and set(earlier.unless) <= set(later.unless)
    if earlier.event == TRANSFER:
        return not earlier.targets or (bool(later.targets) and set(later.targets) <= set(earlier.targets))
    if earlier.event == RESUMED:
        return earlier.hold_over is None or (later.hold_over is not None and earlier.hold_over <= later.hold_over)
    return True


def _timer(transition: Transition) -> str:
    what = {SILENCE: "le silence", DELAY: "le délai", ON_HOLD: "l'attente"}[transition.event]
    return f"{what} de {seconds(transition.after)}"


def seconds(value: float | None) -> str:
    """« 5 s », « 2,5 s »: how an author wrote it, the French way."""
    return f"{value:g} s".replace(".", ",")
