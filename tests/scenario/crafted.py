"""Small scenarios written for one test: a valid header, then the test's own states and transitions,
then one example call (without it, lint would warn that nothing proves the scenario)."""

from __future__ import annotations

from pathlib import Path

HEADER = """\
id: essai
titre: Essai
persona: calme
difficulte: 1
organisation:
  nom: Clinique Nest
appelant:
  nom: Martine Lefèvre
  motif: un renseignement
etat_initial: accueil
"""
EXAMPLE = """\
exemples:
  - titre: Un appel
    dialogue: "STAGIAIRE: Bonjour."
"""


def write_scenario(folder: Path, body: str, examples: bool = True) -> Path:
    """`body`: the `etats:` and `transitions:` sections, as YAML text."""
    path = folder / "essai.yaml"
    path.write_text(HEADER + body + (EXAMPLE if examples else ""), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`-th line containing `needle`."""
    lines = [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return lines[occurrence - 1]
