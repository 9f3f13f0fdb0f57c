"""How often trainers agree with the machine, per criterion and overall, over every review."""

from __future__ import annotations

from simulator.scoring import find_rubric
from simulator.scoring.review import Agreement, agreement
from simulator.store import SessionStore

OVERALL = "ensemble"


def agreement_table(records: SessionStore) -> tuple[list[Agreement], Agreement]:
    """Per criterion, then all criteria together."""
    rows = agreement(records.all_overrides())
    return rows, Agreement(OVERALL, sum(r.reviewed for r in rows), sum(r.disagreed for r in rows))


def as_dict(row: Agreement) -> dict:
    return {"criterion": row.criterion_id, "reviewed": row.reviewed, "disagreed": row.disagreed,
            "agreed": row.reviewed - row.disagreed, "rate": row.rate}


def criterion_labels() -> dict[str, str]:
    """Criterion ids mean the same in every rubric: the standard one names them."""
    return {c.id: c.label for c in find_rubric("standard").criteria}
