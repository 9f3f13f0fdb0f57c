"""Each scenario's `appelant.reformulation` is the rubric's example of a good rephrasing: said by
the trainee right after the caller's first request, it must pass `rephrasing` for that scenario."""

import pytest

from simulator.scenario.loader import find_scenario, scenario_files
from simulator.scenario.model import Example
from simulator.session.examples import run_example

SCENARIOS = [p.stem for p in scenario_files()]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_the_rephrasing_example_passes_rephrasing(scenario_id):
    scenario = find_scenario(scenario_id)
    example = scenario.caller.rephrasing
    assert example.startswith("Si je comprends bien") and example.endswith("?"), example
    # The caller answers the greeting with its request; the example follows it.
    dialogue = f"[00:00] STAGIAIRE: {scenario.organisation}, Camille, bonjour.\nSTAGIAIRE: {example}\n"
    for seed in (0, 1):  # both opening lines of the caller, when it has two
        result = run_example(scenario, Example("reformulation", dialogue, verdicts={"rephrasing": "reussi"},
                                               seed=seed))
        assert result.passed, (result.mismatches, [e for e in result.scorecard.results if e.id == "rephrasing"])

