"""Scenarios: YAML files describing a call, compiled to a `transitions` state machine."""

from simulator.scenario.loader import find_scenario, list_scenarios, load_scenario
from simulator.scenario.model import Scenario

__all__ = ["Scenario", "find_scenario", "list_scenarios", "load_scenario"]
