"""Start-up time of the everyday commands: what a trainer waits for before anything is shown.

Each command runs as a new process (as a user types it), in a data folder of 50 sessions and with
the scenario list already cached (the first run after a change rebuilds it: shown apart); the
median of N runs is printed, and the slowest imports of each command from `python -X importtime`.

    .venv/bin/python bench/startup.py [--runs 5]

Targets (2-core reference machine): `--help` under 0.3 s, `scenarios` and `sessions` under 0.6 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCUEIL = [sys.executable, "-m", "simulator"]
COMMANDS = {"--help": ["--help"], "scenarios": ["scenarios"], "sessions": ["sessions"]}
TARGETS = {"--help": 0.3, "scenarios": 0.6, "sessions": 0.6}


def seconds(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([*ACCUEIL, *args], env=env, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def slowest_imports(args: list[str], env: dict, most: int = 4) -> list[tuple[str, float]]:
    """Top-level packages by cumulative import time (the heaviest first)."""
    done = subprocess.run([*ACCUEIL, *args], env={**env, "PYTHONPROFILEIMPORTTIME": "1"}, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line.split("|"))
        if cumulative.isdigit() and name and not name.startswith(" ") and "." not in name.strip():
            totals[name.strip()] = max(totals.get(name.strip(), 0.0), int(cumulative) / 1e6)
    return sorted(totals.items(), key=lambda item: -item[1])[:most]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "ACCUEIL_DATA_DIR": str(Path(folder) / "donnees"),
               "ACCUEIL_CACHE_DIR": str(Path(folder) / "cache")}
        env.pop("ACCUEIL_DATABASE_URL", None)
        script = Path(folder) / "r.txt"
        script.write_text("Clinique Nest, Camille, bonjour.\n/raccrocher\n", encoding="utf-8")
        for n in range(50):
            subprocess.run([*ACCUEIL, "play", "appel-calme", "-t", f"Stagiaire{n % 7}", "--script", str(script),
                            "--seed", str(n), "--json"], env=env, cwd=ROOT, check=True, capture_output=True)
        Path(folder, "cache", "scenarios.json").unlink(missing_ok=True)
        cold = seconds(COMMANDS["scenarios"], env)  # rebuilds the scenario list
        report = {"runs": runs, "scenarios_first_run_s": round(cold, 3), "commands": {}}
        for name, args in COMMANDS.items():
            times = [seconds(args, env) for _ in range(runs)]
            report["commands"][name] = {
                "median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3),
                "target_s": TARGETS[name], "slowest_imports_s": dict(slowest_imports(args, env))}
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
