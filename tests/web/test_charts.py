"""The trainee's score chart: each point says when and which scenario, labels never overlap."""

from __future__ import annotations

from dataclasses import replace

import pytest

from simulator.web.charts import LABEL_WIDTH, score_chart
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
