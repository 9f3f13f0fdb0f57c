"""Golden verdicts: the scorer agrees with the hand labels of tests/data/dialogues on every criterion.

(bench/scoring.py prints the same agreement as figures, with the held-out set beside it.)
"""

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from simulator.scoring import score_transcript
from simulator.transcript.dialogue import read_dialogue

CORPUS = Path(__file__).parent.parent / "data" / "dialogues"
LABELS = YAML(typ="safe").load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))


def test_corpus_is_large_and_balanced():
    assert len(LABELS) >= 40
    for criterion in ("greeting", "identify", "rephrasing", "courtesy", "satisfaction", "closing"):
        verdicts = [labels[criterion] for labels in LABELS.values()]
        assert verdicts.count("pass") >= 8 and verdicts.count("fail") >= 8, criterion
    for criterion in ("hold", "transfer", "message"):
        verdicts = [labels[criterion] for labels in LABELS.values()]
        assert verdicts.count("pass") >= 6 and verdicts.count("fail") >= 6, criterion


@pytest.mark.parametrize("name", sorted(LABELS))
def test_scorer_matches_labels(name, rubric, lexicon):
    card = score_transcript(read_dialogue(CORPUS / name).transcript(), rubric, lexicon)
    got = {r.id: "na" if not r.applicable else "pass" if r.passed else "fail" for r in card.results}
    expected = {k: v for k, v in LABELS[name].items() if k != "note"}
    assert got.pop("listening") == "na"  # typed dialogues have no spoken times to judge it on
    assert got == expected, {k: (expected[k], got[k], card.result(k).detail) for k in got if got[k] != expected[k]}
