"""Compile a scenario into `transitions` machine definitions."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.scenario.model import Scenario, Transition

ANY_STATE = "*"


@dataclass(frozen=True)
class Edge:
    """One machine transition: `trigger` from `source` to `dest` (None: stay, internal)."""

    trigger: str
    source: str
    dest: str | None
    transition: Transition


def edges(scenario: Scenario) -> list[Edge]:
    """Scenario transitions expanded per source state, in file order (the first match wins)."""
    live = [name for name, state in scenario.states.items() if not state.final]
    result = []
    for transition in scenario.transitions:
        sources = live if ANY_STATE in transition.sources else transition.sources
        for source in sources:
            result.append(Edge(transition.event, source, transition.dest, transition))
    return result
