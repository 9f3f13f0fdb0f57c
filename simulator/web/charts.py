"""Geometry of the trainee charts, drawn as inline SVG by the templates (no JavaScript library)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from simulator.trainer.assessment import Assessment
from simulator.web.present import date, local_time
from simulator.web.results import Rate, scenario_title


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    score: int
    label: str  # tooltip: date and time, scenario, score
    href: str
    day: str  # under the point, "" where labels would overlap
    time: str  # under the day, when another session of the chart falls on the same day
    series: int  # the scenario's place in the legend (its colour)


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
    legend: tuple[str, ...]  # the scenarios' titles, in order of first session

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points))


def _titles(assessments: list[Assessment]) -> dict[str | None, str]:
    """Each scenario's title, looked up once, in order of first session."""
    return {s: scenario_title(s) for s in dict.fromkeys(a.info.scenario_id for a in assessments)}


LABEL_WIDTH = 48  # room for « 02/12 » under a point, in chart units


def _labelled(count: int, step: float) -> set[int]:
    """The points that get a date under them: evenly spaced so that no two labels overlap, the
    first and the last always."""
    every = max(1, math.ceil(LABEL_WIDTH / step)) if step else 1
    shown = set(range(0, count, every))
    if count and count - 1 not in shown:
        if max(shown):  # too close to the last point: it gives its place to it
            shown.remove(max(shown))
        shown.add(count - 1)
    return shown


def score_chart(assessments: list[Assessment], width: int = 720, height: int = 236) -> ScoreChart:
    """The reviewed score of each session, oldest first, on a 0-100 scale, coloured by scenario."""
    left, top, right, bottom, inset = 44, 26, 24, 44, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    scored = [a for a in assessments if a.score is not None]
    titles = _titles(scored)
    series = {s: i for i, s in enumerate(titles)}
    moments = [local_time(a.info.started_at) for a in scored]
    days = Counter(m.date() for m in moments)
    step = (plot_w - 2 * inset) / (len(scored) - 1) if len(scored) > 1 else 0
    labelled = _labelled(len(scored), step)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / 100)

    points = tuple(
        Point(left + (inset + i * step if step else plot_w / 2), y(a.score), a.score,
              f"{date(a.info.started_at)} · {titles[a.info.scenario_id]} · {a.score}/100",
              f"/seances/{a.info.id}",
              moment.strftime("%d/%m") if i in labelled else "",
              moment.strftime("%H:%M") if i in labelled and days[moment.date()] > 1 else "",
              series[a.info.scenario_id])
        for i, (a, moment) in enumerate(zip(scored, moments)))
    return ScoreChart(width, height, left, top, plot_w, plot_h, points, tuple((v, y(v)) for v in (0, 50, 80, 100)),
                      tuple(titles.values()))


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
    titles = _titles(scored)
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
                              f"{labels[criterion_id]} · {date(a.info.started_at)} · "
                              f"{titles[a.info.scenario_id]} · {word}"))
        rows.append(CriterionRow(y, labels[criterion_id], rates[criterion_id], tuple(cells)))
    width = label_width + max(len(scored), 1) * (cell + gap) + rate_width
    height = len(order) * (cell + gap) + 24
    columns = tuple((label_width + c * (cell + gap), str(c + 1)) for c in range(len(scored)))
    return CriterionGrid(width, height, label_width, cell, tuple(rows), columns)
