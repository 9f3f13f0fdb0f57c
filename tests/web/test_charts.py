"""The trainee's charts: each point says when and which scenario, labels never overlap; the voice
indicators with their reference range behind."""

from __future__ import annotations

from dataclasses import replace

import pytest

from simulator.scoring.guidance import RATE
from simulator.session.delivery import Delivery, TurnDelivery
from simulator.web.charts import LABEL_WIDTH, score_chart, voice_charts
from simulator.web.results import Assessments


@pytest.fixture
def camille(store, ids):
    """Camille's voice session, the pattern for sessions on other days and scenarios."""
    return next(a for a in Assessments(store).current().assessments if a.info.id == ids["voice"])


def on(a, started_at, scenario_id="appel-calme"):
    return replace(a, info=replace(a.info, started_at=started_at, scenario_id=scenario_id))


def test_points_name_their_day_their_time_when_the_day_is_shared_and_their_scenario(camille, paris):
    chart = score_chart([on(camille, "2026-03-02T09:15:00+01:00"),
                         on(camille, "2026-03-02T14:40:00+01:00", "transfert"),
                         on(camille, "2026-03-05T10:00:00+01:00")])
    assert [(p.day, p.time) for p in chart.points] == [("02/03", "09:15"), ("02/03", "14:40"), ("05/03", "")]
    assert chart.legend == ("Demande d'horaires à la clinique", "Transfert vers le service des admissions")
    assert [p.series for p in chart.points] == [0, 1, 0]
    assert chart.points[1].label == "02/03/2026 14:40 · Transfert vers le service des admissions · 89/100"
    # Inside the plot, away from the axis and its tick labels.
    assert all(chart.left < p.x < chart.left + chart.plot_width for p in chart.points)


def test_many_sessions_keep_their_date_labels_apart(camille, paris):
    sessions = [on(camille, f"2026-03-{day:02d}T10:00:00+01:00") for day in range(1, 29)]
    chart = score_chart(sessions)
    labelled = [p for p in chart.points if p.day]
    assert labelled[0] is chart.points[0] and labelled[-1] is chart.points[-1]
    assert 6 < len(labelled) < len(chart.points)
    assert min(b.x - a.x for a, b in zip(labelled, labelled[1:])) >= LABEL_WIDTH
    assert all(p.label.startswith(f"{p_day:02d}/03/2026 10:00 · ") for p_day, p in enumerate(chart.points, 1))


def test_one_session_sits_in_the_middle(camille):
    chart = score_chart([camille])
    (point,) = chart.points
    assert point.x == chart.left + chart.plot_width / 2 and point.day and point.time == ""


def delivery(rate: float | None, gap: float | None) -> Delivery:
    """A call with one turn of 2 s at `rate` syll/s (none: a turn too short to give one)."""
    voiced = 2.0 if rate is not None else 0.5
    return Delivery((TurnDelivery(1, 0.0, "…", 1, round((rate or 1) * voiced), voiced=voiced, gap=gap),), True)


def test_voice_charts_have_one_point_per_session_that_has_the_value_and_the_range_behind(camille, paris):
    voices = [(on(camille, "2026-03-02T09:15:00+01:00"), delivery(4.5, 0.4)),
              (on(camille, "2026-03-03T09:15:00+01:00"), delivery(None, 2.2)),
              (on(camille, "2026-03-05T10:00:00+01:00"), delivery(8.5, -0.5))]
    rate, gap = voice_charts(voices)
    assert (rate.slug, gap.slug) == ("debit", "delai")
    assert [p.value for p in rate.chart.points] == ["4,5", "8,5"] and len(gap.chart.points) == 3
    assert rate.chart.points[1].label == "05/03/2026 10:00 · Demande d'horaires à la clinique · 8,5\u00a0syll/s"
    # The scale holds the range and every value, a tick on its top: 2 to 10 syll/s, −1 to 3 s.
    (low, y_low), (high, y_high) = rate.chart.ticks[0], rate.chart.ticks[-1]
    assert [v for v, _ in rate.chart.ticks] == [2, 4, 6, 8, 10] and y_high == rate.chart.top
    assert [v for v, _ in gap.chart.ticks] == [-1, 0, 1, 2, 3]

    def y(value: float) -> float:
        return y_low + (y_high - y_low) * (value - low) / (high - low)

    assert rate.chart.band == (pytest.approx(y(RATE.high)), pytest.approx(y(RATE.low)))
    assert rate.chart.points[0].y == pytest.approx(y(4.5)) and rate.chart.legend == ()
    assert rate.description.startswith("Repère 4 à 5,5 syll/s, en bande ombrée. 02/03/2026 09:15 · ")
    assert voice_charts([(camille, delivery(None, None))]) == []
