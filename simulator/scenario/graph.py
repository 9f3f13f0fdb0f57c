"""A scenario's state diagram, drawn by `transitions`' diagram extension (Graphviz or Mermaid).

One arrow per pair of states, labelled with what triggers it (« parole : salutation »,
« silence 5 s ») and the start of what the caller then says. Transitions from "*" are drawn once,
from a dashed « tout état » box, not repeated from every state.
"""

from __future__ import annotations

import re

from collections import defaultdict
from pathlib import Path

from transitions import State
from transitions.extensions import GraphMachine

from simulator.engine.machine import ANY_STATE, edges
from simulator.errors import AccueilError
from simulator.scenario.lint import seconds
from simulator.scenario.model import (DELAY, HANG_UP, HOLD_ASKED, RESUMED, SLIP, SPOKEN, TRANSFER, Scenario,
                                      Transition)
from simulator.tts.prosody import split_marker

IMAGE_FORMATS = ("svg", "png", "pdf")
ANY_NODE = "_tout_etat"  # not a valid state name (they start with a letter): no clash
LINE_LENGTH = 38

_EVENT_LABELS = {HOLD_ASKED: "mise en attente", SLIP: "fiche message", HANG_UP: "le stagiaire raccroche",
                 DELAY: "délai"}


class GraphvizMissing(AccueilError):
    def __init__(self, why: str):
        super().__init__(f"{why} : installez graphviz (apt-get install graphviz), "
                         "ou écrivez le diagramme en Mermaid avec --mermaid")


class _OwnLabels:
    """Edge labels exactly as built here (no « [internal] » or condition names appended)."""

    def _transition_label(self, tran):
        return tran["label"]


class _LabelledState(State):
    """A state with the label the diagram shows (`transitions` reads `label` when drawing)."""

    def __init__(self, *args, label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.label = label or self.name


class _DiagramMachine(GraphMachine):
    state_cls = _LabelledState
    style_attributes = {
        "node": {**GraphMachine.style_attributes["node"],
                 "default": {**GraphMachine.style_attributes["node"]["default"], "fontname": "Helvetica",
                             "fontsize": "11"},
                 "initial": {"fillcolor": "#dbeafe", "color": "#1d4ed8", "penwidth": "2"},
                 "final": {"fillcolor": "#f3f4f6", "peripheries": "2"},
                 "any": {"style": "dashed,rounded", "color": "#6b7280", "fontcolor": "#374151"}},
        "edge": {**GraphMachine.style_attributes["edge"],
                 "default": {"color": "#374151", "fontname": "Helvetica", "fontsize": "9"}},
        "graph": GraphMachine.style_attributes["graph"],
    }

    def _init_graphviz_engine(self, graph_engine):
        base = super()._init_graphviz_engine(graph_engine)
        return type(base.__name__, (_OwnLabels, base), {})


def _short(line: str) -> str:
    line = split_marker(line)[1].replace('"', "'")  # no voice marker; Mermaid labels are double-quoted
    return line if len(line) <= LINE_LENGTH else line[:LINE_LENGTH - 1].rstrip(" ,.;") + "…"


def trigger_label(transition: Transition) -> str:
    """What sets the transition off, as an author wrote it: « parole : salutation », « silence 5 s »."""
    event = transition.event
    if event == SPOKEN:
        if not transition.when and not transition.unless:
            return "parole (toute réplique)"
        conditions = " + ".join(transition.when) + "".join(f" sauf {n}" for n in transition.unless)
        return f"parole : {conditions.strip()}"
    if transition.after is not None:
        return f"{_EVENT_LABELS.get(event, event)} {seconds(transition.after)}"
    if event == RESUMED and transition.hold_over is not None:
        return f"reprise après plus de {seconds(transition.hold_over)} d'attente"
    if event == TRANSFER and transition.targets:
        return "transfert vers " + " / ".join(transition.targets)
    return _EVENT_LABELS.get(event, event)


def edge_label(transition: Transition, newline: str) -> str:
    said = f"{newline}« {_short(transition.lines[0])} »" if transition.lines else ""
    return f"n°{transition.index + 1} {trigger_label(transition)}{said}"


def _state_label(scenario: Scenario, name: str, newline: str) -> str:
    state = scenario.states[name]
    said = f"{newline}« {_short(state.lines[0])} »" if state.lines else ""
    return f"{name}{said}"


def diagram_machine(scenario: Scenario, engine: str) -> _DiagramMachine:
    """The scenario as a `transitions` diagram machine: `engine` is "graphviz" or "mermaid"."""
    newline = r"\n" if engine == "graphviz" else "<br>"
    states = [{"name": name, "label": _state_label(scenario, name, newline)} for name in scenario.states]
    if any(ANY_STATE in t.sources for t in scenario.transitions):
        states.append({"name": ANY_NODE, "label": "tout état non final"})
    # One machine transition per pair of states: several triggers share one readable arrow.
    labels: dict[tuple[str, str], list[str]] = defaultdict(list)
    seen = set()
    for edge in edges(scenario):
        source = ANY_NODE if ANY_STATE in edge.transition.sources else edge.source
        if (source, edge.transition.index) in seen:
            continue
        seen.add((source, edge.transition.index))
        labels[source, edge.dest or source].append(edge_label(edge.transition, newline))
    transitions = [{"trigger": "passe", "source": source, "dest": dest, "label": newline.join(texts)}
                   for (source, dest), texts in labels.items()]
    machine = _DiagramMachine(states=states, transitions=transitions, initial=scenario.initial,
                              auto_transitions=False, graph_engine=engine, title=f"{scenario.id} : {scenario.title}")
    graph = machine.model_graphs[id(machine)]
    graph.reset_styling()
    graph.set_node_style(scenario.initial, "initial")
    for name in scenario.final_states:
        graph.set_node_style(name, "final")
    if ANY_NODE in machine.states:
        graph.set_node_style(ANY_NODE, "any")
    return machine


def mermaid(scenario: Scenario) -> str:
    """Mermaid `stateDiagram-v2` text (GitHub, GitLab and many editors draw it)."""
    source = diagram_machine(scenario, "mermaid").get_graph().source
    # transitions 0.9.3 writes « Class state style »; Mermaid's keyword is lower case.
    source = re.sub(r"^(\s*)Class ", r"\1class ", source, flags=re.M)
    return source + "".join(f"\n  {name} --> [*]" for name in scenario.final_states) + "\n"


def render(scenario: Scenario, fmt: str) -> bytes:
    """The diagram as an image (`fmt`: svg, png or pdf), drawn by Graphviz's `dot`."""
    try:
        import graphviz
    except ImportError:
        raise GraphvizMissing("le module Python graphviz est absent") from None
    graph = diagram_machine(scenario, "graphviz").get_graph()
    if not isinstance(graph, graphviz.Digraph):
        raise GraphvizMissing("le moteur de dessin Graphviz n'a pas pu être chargé")
    graph.graph_attr.update(nodesep="0.35", ranksep="0.5", fontname="Helvetica", labelloc="t")
    graph.node("_debut", label="", shape="circle", style="filled", fillcolor="black", width="0.2", fixedsize="true")
    graph.edge("_debut", scenario.initial, label="décroché")
    try:
        return graph.pipe(format=fmt)
    except graphviz.ExecutableNotFound:
        raise GraphvizMissing("le programme « dot » est introuvable") from None


def write_diagram(scenario: Scenario, output: Path, as_mermaid: bool = False) -> None:
    """Write the diagram: Mermaid text (`as_mermaid` or a .mmd file), else an image chosen by extension."""
    fmt = output.suffix.lower().lstrip(".")
    if as_mermaid or fmt in ("mmd", "mermaid"):
        output.write_text(mermaid(scenario), encoding="utf-8")
        return
    if fmt not in IMAGE_FORMATS:
        raise AccueilError(f"format de diagramme inconnu « .{fmt} » : choisissez "
                           + ", ".join(f".{f}" for f in IMAGE_FORMATS) + " ou .mmd (Mermaid)")
    output.write_bytes(render(scenario, fmt))
