"""The rubric's acquisition rule (`acquisition:` in its YAML): when a référentiel competency counts
as « acquis » for a trainee, from their recent sessions. The grid that applies it is
simulator.trainer.competency; the rule is written here, with the rubric it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulator.errors import Problem
from simulator.yamlfile import SchemaProblems, YamlDoc


@dataclass(frozen=True)
class AcquisitionRule:
    """Acquis when passed in at least `successes` of the last `window` sessions where the competency
    applied, one of those passed on a scenario of difficulty `min_difficulty` or more. Each default
    in one place: a rubric without `acquisition:` (or without one of its keys) gets these."""

    window: int = 4  # fenetre
    successes: int = 3  # reussites
    min_difficulty: int = 3  # difficulte_min

    YAML = {"fenetre": "window", "reussites": "successes", "difficulte_min": "min_difficulty"}

    @classmethod
    def from_yaml(cls, raw: dict[str, Any]) -> AcquisitionRule:
        """From `acquisition` as the schema and `acquisition_problems` checked it."""
        return cls(**{cls.YAML[key]: int(value) for key, value in raw.items()})

    def describe(self) -> str:
        """The rule in French, as a grid prints it."""
        return (f"acquis : réussi dans au moins {self.successes} des {self.window} dernières séances où la "
                f"compétence a été évaluée, dont une de difficulté {self.min_difficulty} ou plus ; "
                "en cours d'acquisition : réussi au moins une fois dans ces séances ; "
                "non acquis : évalué, jamais réussi ; non évalué : aucune séance ne l'a évalué")


def acquisition_problems(doc: YamlDoc, schema: SchemaProblems) -> list[Problem]:
    """What the schema cannot say: a rule that no trainee could ever meet."""
    raw = doc.data.get("acquisition") if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict) or not schema.sound("acquisition"):
        return []
    rule = AcquisitionRule.from_yaml({key: value for key, value in raw.items() if key in AcquisitionRule.YAML})
    if rule.successes > rule.window:
        return [doc.problem(["acquisition", "reussites" if "reussites" in raw else "fenetre"],
                            f"« acquisition › reussites » ({rule.successes}) dépasse « fenetre » ({rule.window}) : "
                            "aucune compétence ne pourrait être acquise",
                            "les réussites sont comptées parmi les séances de la fenêtre : reussites ≤ fenetre")]
    return []
