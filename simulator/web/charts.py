"""Geometry of the trainee charts, drawn as inline SVG by the templates (no JavaScript library)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from simulator.scoring.guidance import GAP, RATE, Guidance
from simulator.session.delivery import Delivery
from simulator.text.figures import number
from simulator.trainer.assessment import Assessment
from simulator.web.present import date, local_time
from simulator.web.results import Rate, scenario_title


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: str  # over the point
    label: str  # tooltip: date and time, scenario, value
    href: str
    day: str  # under the point, "" where labels would overlap
    time: str  # under the day, when another session of the chart falls on the same day
    series: int  # the scenario's place in the legend (its colour)


@dataclass(frozen=True)
class Chart:
    """One value per session, oldest first: the score, or a voice indicator with its reference band."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: tuple[Point, ...]
    ticks: tuple[tuple[int, float], ...]  # (value, y)
    legend: tuple[str, ...] = ()  # the scenarios' titles, in order of first session, when they colour the points
    band: tuple[float, float] | None = None  # y of the top and of the bottom of the reference range

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


def _chart(values: list[tuple[Assessment, float]], scale: tuple[int, int], ticks: Iterable[int],
           shown: Callable[[float], str], unit: str, *, by_scenario: bool = False, band: Guidance | None = None,
           width: int = 720, height: int = 236) -> Chart:
    """Each session's value on `scale` (low, high), oldest first, `shown` over its point, with
    `unit` in its tooltip; coloured by scenario or not; `band` shaded behind."""
    left, top, right, bottom, inset = 44, 26, 24, 44, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    titles = _titles([a for a, _ in values])
    series = {s: i for i, s in enumerate(titles)}
    moments = [local_time(a.info.started_at) for a, _ in values]
    days = Counter(m.date() for m in moments)
    step = (plot_w - 2 * inset) / (len(values) - 1) if len(values) > 1 else 0
    labelled = _labelled(len(values), step)
    low, high = scale

    def y(value: float) -> float:
        return top + plot_h * (high - value) / (high - low)

    points = tuple(
        Point(left + (inset + i * step if step else plot_w / 2), y(value), shown(value),
              f"{date(a.info.started_at)} · {titles[a.info.scenario_id]} · {shown(value)}{unit}",
              f"/seances/{a.info.id}",
              moment.strftime("%d/%m") if i in labelled else "",
              moment.strftime("%H:%M") if i in labelled and days[moment.date()] > 1 else "",
              series[a.info.scenario_id] if by_scenario else 0)
        for i, ((a, value), moment) in enumerate(zip(values, moments)))
    return Chart(width, height, left, top, plot_w, plot_h, points, tuple((v, y(v)) for v in ticks),
                 tuple(titles.values()) if by_scenario else (), None if band is None else (y(band.high), y(band.low)))


def score_chart(assessments: list[Assessment]) -> Chart:
    """The reviewed score of each session, oldest first, on a 0-100 scale, coloured by scenario."""
    return _chart([(a, a.score) for a in assessments if a.score is not None], (0, 100), (0, 50, 80, 100),
                  str, "/100", by_scenario=True)


@dataclass(frozen=True)
class VoiceChart:
    """One voice indicator session after session: the call's median, the reference range shaded."""

    slug: str  # in the page's ids
    title: str
    guidance: Guidance
    chart: Chart

    @property
    def description(self) -> str:
        """The chart in words, for those who do not see it."""
        return (f"Repère {self.guidance.text}, en bande ombrée. "
                + " ; ".join(p.label for p in self.chart.points) + ".")


# (slug, title, the call's median, unit, reference range, the scale shown at least)
_VOICE = (("debit", "Débit médian (syll/s)", lambda d: d.rate, "syll/s", RATE, (2, 7)),
          ("delai", "Délai de réponse médian (s)", lambda d: d.gap, "s", GAP, (0, 3)))


def voice_charts(voices: list[tuple[Assessment, Delivery]]) -> list[VoiceChart]:
    """The speaking rate and the time to answer of each session that has them, oldest first,
    on a scale that holds the reference range and every value."""
    found = []
    for slug, title, median, unit, guidance, (low, high) in _VOICE:
        values = [(a, v) for a, d in voices if (v := median(d)) is not None]
        if not values:
            continue
        low = math.floor(min(low, *(v for _, v in values)))
        high = math.ceil(max(high, *(v for _, v in values)))
        every = math.ceil((high - low) / 6)  # six ticks at most, the top one on the top
        high = low + every * math.ceil((high - low) / every)
        chart = _chart(values, (low, high), range(low, high + 1, every), number, f"\u00a0{unit}", band=guidance,
                       width=420, height=200)
        found.append(VoiceChart(slug, title, guidance, chart))
    return found


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
