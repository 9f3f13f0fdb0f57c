"""Scoring benchmark: agreement with hand labels, share of gold failures detected, throughput.

    python bench/scoring.py [LABELLED_DIR ...]

Each directory holds dialogue files and a labels.yaml giving, per file, pass/fail/na for the
criteria. Prints a table per directory and one JSON object with every figure.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.scenario.loader import shared_lexicon  # noqa: E402
from simulator.scoring import find_rubric, score_transcript  # noqa: E402
from simulator.transcript.dialogue import read_dialogue  # noqa: E402

DEFAULT_SETS = [ROOT / "tests/data/dialogues", ROOT / "tests/data/heldout", ROOT / "tests/data/controles"]


def verdict(result) -> str:
    return "na" if not result.applicable else "pass" if result.passed else "fail"


def measure(directory: Path) -> dict:
    labels = YAML(typ="safe").load((directory / "labels.yaml").read_text(encoding="utf-8"))
    rubric, lexicon = find_rubric("standard"), shared_lexicon()
    transcripts = {name: read_dialogue(directory / name).transcript() for name in sorted(labels)}
    agree, total, gold_fail, caught, false_fail = Counter(), Counter(), Counter(), Counter(), Counter()
    disagreements = []
    for name, transcript in transcripts.items():
        card = score_transcript(transcript, rubric, lexicon)
        for result in card.results:
            if result.id not in labels[name]:
                continue  # a criterion the labels do not judge (`listening`: typed dialogues have no times)
            expected, got = labels[name][result.id], verdict(result)
            total[result.id] += 1
            agree[result.id] += expected == got
            if expected == "fail":
                gold_fail[result.id] += 1
                caught[result.id] += got == "fail"
            if expected == "pass" and got == "fail":
                false_fail[result.id] += 1
            if expected != got:
                disagreements.append({"file": name, "criterion": result.id, "label": expected, "scorer": got,
                                      "detail": result.detail})
    rounds = 20
    start = time.perf_counter()
    for _ in range(rounds):
        for transcript in transcripts.values():
            score_transcript(transcript, rubric, lexicon)
    elapsed = time.perf_counter() - start
    criteria = {c: {"agreement": agree[c] / total[c], "gold_failures": gold_fail[c],
                    "failures_detected": caught[c] / gold_fail[c] if gold_fail[c] else None,
                    "false_failures": false_fail[c]} for c in total}
    return {"set": directory.name, "files": len(transcripts), "verdicts": sum(total.values()),
            "agreement": sum(agree.values()) / sum(total.values()),
            "failures_detected": sum(caught.values()) / max(1, sum(gold_fail.values())),
            "dialogues_per_second": rounds * len(transcripts) / elapsed,
            "ms_per_dialogue": 1000 * elapsed / (rounds * len(transcripts)),
            "criteria": criteria, "disagreements": disagreements}


def main(argv: list[str]) -> None:
    sets = [Path(a) for a in argv] or [d for d in DEFAULT_SETS if (d / "labels.yaml").exists()]
    report = []
    for directory in sets:
        m = measure(directory)
        report.append(m)
        print(f"\n== {m['set']}: {m['files']} dialogues, {m['verdicts']} verdicts", file=sys.stderr)
        print(f"{'critère':<14}{'accord':>8}{'échecs réels':>14}{'détectés':>10}{'faux échecs':>13}", file=sys.stderr)
        for c, v in m["criteria"].items():
            detected = "—" if v["failures_detected"] is None else f"{v['failures_detected']:.0%}"
            print(f"{c:<14}{v['agreement']:>8.1%}{v['gold_failures']:>14}{detected:>10}{v['false_failures']:>13}",
                  file=sys.stderr)
        print(f"{'total':<14}{m['agreement']:>8.1%}{'':>14}{m['failures_detected']:>10.0%}", file=sys.stderr)
        print(f"débit : {m['dialogues_per_second']:.0f} dialogues/s ({m['ms_per_dialogue']:.1f} ms par dialogue)",
              file=sys.stderr)
        for d in m["disagreements"]:
            print(f"  désaccord {d['file']} {d['criterion']}: étiquette {d['label']}, évaluateur {d['scorer']} "
                  f"({d['detail']})", file=sys.stderr)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
