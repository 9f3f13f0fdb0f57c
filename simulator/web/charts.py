"""Geometry of the trainee charts, drawn as inline SVG by the templates (no JavaScript library)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.trainer.assessment import Assessment
from simulator.web.present import date
from simulator.web.results import Rate


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    score: int
    label: str  # tooltip
    href: str
    day: str  # under the point


@dataclass(frozen=True)
class ScoreChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: tuple[Point, ...]
    ticks: tuple[tuple[int, float], ...]  # (value, y)

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points))


def score_chart(assessments: list[Assessment], width: int = 720, height: int = 220) -> ScoreChart:
    """The reviewed score of each session, oldest first, on a 0-100 scale."""
    left, top, right, bottom = 44, 26, 24, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    scored = [a for a in assessments if a.score is not None]
    step = plot_w / max(len(scored) - 1, 1)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    points = tuple(
        Point(left + (i * step if len(scored) > 1 else plot_w / 2), y(a.score), a.score,
              f"{date(a.info.started_at)} · {a.info.scenario_id or 'dialogue'} · {a.score}/100",
              f"/seances/{a.info.id}",
              date(a.info.started_at)[:5] if len(scored) <= 12 or i in (0, len(scored) - 1) else "")
        for i, a in enumerate(scored))
    return ScoreChart(width, height, left, top, plot_w, plot_h, points, tuple((v, y(v)) for v in (0, 50, 80, 100)))


@dataclass(frozen=True)
class Cell:
    x: int
    y: int
    state: str  # "reussi", "echoue", "sans-objet"
    label: str


@dataclass(frozen=True)
class CriterionRow:
    y: int
    label: str
    rate: Rate
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class CriterionGrid:
    width: int
    height: int
    label_width: int
    cell: int
    rows: tuple[CriterionRow, ...]
    columns: tuple[tuple[int, str], ...]  # (x, session number) under each session


def criterion_grid(assessments: list[Assessment], order: list[str], labels: dict[str, str],
                   rates: dict[str, Rate]) -> CriterionGrid:
    """One row per criterion (weakest first), one square per session (oldest first)."""
    label_width, cell, gap, rate_width = 340, 22, 4, 70
    scored = [a for a in assessments if a.final]
    rows = []
    for r, criterion_id in enumerate(order):
        y = r * (cell + gap)
        cells = []
        for c, a in enumerate(scored):
            result = next((x for x in a.final.results if x.id == criterion_id), None)
            if result is None:
                continue
            state = "sans-objet" if not result.applicable else "reussi" if result.passed else "echoue"
            word = {"sans-objet": "sans objet", "reussi": "réussi", "echoue": "à revoir"}[state]
            cells.append(Cell(label_width + c * (cell + gap), y, state,
                              f"{labels[criterion_id]} · {date(a.info.started_at)} · {word}"))
        rows.append(CriterionRow(y, labels[criterion_id], rates[criterion_id], tuple(cells)))
    width = label_width + max(len(scored), 1) * (cell + gap) + rate_width
    height = len(order) * (cell + gap) + 24
    columns = tuple((label_width + c * (cell + gap), str(c + 1)) for c in range(len(scored)))
    return CriterionGrid(width, height, label_width, cell, tuple(rows), columns)
