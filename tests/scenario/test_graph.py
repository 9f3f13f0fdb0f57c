"""`accueil graph`: Mermaid text with every state and edge; SVG/PNG drawn by Graphviz's `dot`."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.engine.machine import ANY_STATE, edges
from simulator.scenario.graph import ANY_NODE, mermaid, trigger_label
from simulator.scenario.loader import find_scenario, scenario_files

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None and os.environ.get("ACCUEIL_REQUIRE_GRAPHVIZ") != "1",
    reason="Graphviz (dot) absent : apt-get install graphviz")


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: p.stem)
def test_mermaid_has_every_state_and_edge(path):
    scenario = find_scenario(str(path))
    text = mermaid(scenario)
    assert "stateDiagram-v2" in text and f"[*] --> {scenario.initial}" in text
    for name in scenario.states:
        assert f'as {name}\n' in text
    for name in scenario.final_states:
        assert f"{name} --> [*]" in text
    arrows = [line.strip() for line in text.splitlines() if "-->" in line]
    for edge in edges(scenario):
        source = ANY_NODE if ANY_STATE in edge.transition.sources else edge.source
        arrow = f"{source} --> {edge.dest or source}: "
        label = f"n°{edge.transition.index + 1} {trigger_label(edge.transition)}"
        assert any(line.startswith(arrow) and label in line for line in arrows), (arrow, label)


def test_labels_say_the_trigger_and_the_start_of_the_caller_line():
    text = mermaid(find_scenario("appel-calme"))
    assert "decroche --> decroche: n°2 silence 5 s<br>« Allô ? »" in text
    assert "demande --> confirme: n°4 parole : reformulation" in text
    assert "n°8 reprise après plus de 30 s d'attente<br>« Ah, vous voilà ! J'ai cru que vous m'… »" in text


def test_mermaid_by_option_or_extension(tmp_path):
    runner = CliRunner()
    for args in (["-o", str(tmp_path / "a.mmd")], ["-o", str(tmp_path / "b.txt"), "--mermaid"]):
        result = runner.invoke(cli, ["graph", "appel-calme", *args])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "a.mmd").read_text(encoding="utf-8") == (tmp_path / "b.txt").read_text(encoding="utf-8")


def test_unknown_format_is_a_french_error(tmp_path):
    result = CliRunner().invoke(cli, ["graph", "appel-calme", "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and "format de diagramme inconnu « .txt »" in result.output


@needs_dot
@pytest.mark.parametrize("name", ["x.svg", "x.png"])
def test_image_is_drawn_by_dot(tmp_path, name):
    output = tmp_path / name
    result = CliRunner().invoke(cli, ["graph", "appel-calme", "-o", str(output)])
    assert result.exit_code == 0, result.output
    data = output.read_bytes()
    if name.endswith(".svg"):
        svg = data.decode("utf-8")
        assert "<svg" in svg and "renseignee" in svg and "parole : reformulation" in svg
        assert svg.count("<g id=\"node") >= len(find_scenario("appel-calme").states)
    else:
        assert data.startswith(b"\x89PNG")


def test_missing_dot_names_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` there
    result = CliRunner().invoke(cli, ["graph", "appel-calme", "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2
    assert "installez graphviz (apt-get install graphviz)" in result.output and "--mermaid" in result.output


def test_mermaid_uses_mermaids_own_keywords():
    from simulator.scenario.graph import mermaid
    from simulator.scenario.loader import find_scenario

    text = mermaid(find_scenario("appel-calme"))
    assert "\n  Class " not in text and "\n  class decroche " in text
