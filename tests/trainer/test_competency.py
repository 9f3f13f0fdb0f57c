"""The competency rule on hand-built histories: each level, the window, the difficulty condition,
codes reached by several criteria, « sans objet » sessions, overrides winning, manual levels; and
the rule as the rubric's YAML states it."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scoring import CriterionResult, Scorecard, find_rubric
from simulator.scoring.acquisition import AcquisitionRule
from simulator.scoring.review import Override, reviewed
from simulator.scoring.rubric import rubric_problems
from simulator.store import ManualLevel, Membership, SessionInfo
from simulator.trainer.assessment import Assessment
from simulator.trainer.competency import Level, Played, build_grid, competency, outcome, played, rubric_codes
from simulator.transcript.model import CallContext, Transcript

RUBRIC = find_rubric("standard")
RULE = AcquisitionRule()  # acquis: 3 of the last 4, one at difficulty 3 or more
NA = None


def results(**verdicts: bool | None) -> tuple[CriterionResult, ...]:
    """Every criterion of the standard rubric: those named pass or fail (None: « sans objet »),
    the others do not apply."""
    return tuple(CriterionResult(c, verdicts.get(c.id) is not None, bool(verdicts.get(c.id)), "", ())
                 for c in RUBRIC.criteria)


def session(day: int, difficulty: int | None = 3, trainee: str = "Clémence", **verdicts: bool | None) -> Played:
    return Played(f"202601{day:02d}-090000-s{day}", trainee, "reclamation", f"2026-01-{day:02d}T09:00:00+01:00",
                  difficulty, results(**verdicts))


def level(history, code: str = "C221.1", rule: AcquisitionRule = RULE) -> Level:
    return competency(history, code, rule).level


# C221.1 is reached by `identify` alone; T22.1 by `identify` and `rephrasing`.

def test_acquired_when_passed_in_three_of_the_last_four_one_of_them_hard():
    history = [session(1, identify=True), session(2, 1, identify=False), session(3, 2, identify=True),
               session(4, 1, identify=True)]
    found = competency(history, "C221.1", RULE)
    assert found.level is Level.ACQUIRED and found.level.label == "acquis"
    assert [p.session_id for p in found.proofs] == [s.session_id for s in reversed(history)]  # most recent first
    assert [p.passed for p in found.proofs] == [True, True, False, True]
    assert found.latest == "2026-01-04T09:00:00+01:00"


def test_no_hard_scenario_among_the_passed_ones_stays_in_progress():
    easy = [session(day, 2, identify=True) for day in range(1, 5)]
    assert level(easy) is Level.IN_PROGRESS
    # Difficulty 3 on a failed session does not count either; nor an unknown difficulty.
    assert level([*easy[:3], session(4, 3, identify=False)]) is Level.IN_PROGRESS
    assert level([*easy[:3], session(4, None, identify=True)]) is Level.IN_PROGRESS
    assert level([*easy[:3], session(4, 4, identify=True)]) is Level.ACQUIRED


def test_only_the_window_counts():
    # Three passes long ago, then two failures: of the last four, two passed.
    history = [session(day, 3, identify=day <= 3) for day in range(1, 6)]
    found = competency(history, "C221.1", RULE)
    assert found.level is Level.IN_PROGRESS
    assert [p.session_id for p in found.proofs] == [s.session_id for s in history[:0:-1]]


def test_in_progress_not_acquired_and_not_assessed():
    assert level([session(1, identify=False), session(2, identify=True)]) is Level.IN_PROGRESS
    failed = competency([session(1, identify=False), session(2, identify=False)], "C221.1", RULE)
    assert failed.level is Level.NOT_ACQUIRED and failed.level.label == "non acquis"
    never = competency([], "C221.1", RULE)
    assert never.level is Level.NOT_ASSESSED and never.proofs == () and never.latest is None
    assert Level.IN_PROGRESS.label == "en cours d'acquisition" and Level.NOT_ASSESSED.label == "non évalué"


def test_sessions_where_the_code_did_not_apply_are_not_counted():
    # Four passes, with « sans objet » sessions between them: they neither fill the window nor fail it.
    history = [session(1, identify=True), session(2, hold=True), session(3, identify=True),
               session(4, identify=NA), session(5, identify=True), session(6, identify=True),
               session(7, message=False)]
    found = competency(history, "C221.1", RULE)
    assert [p.session_id[:8] for p in found.proofs] == ["20260106", "20260105", "20260103", "20260101"]
    assert found.level is Level.ACQUIRED
    assert competency([session(1, hold=True)], "C221.1", RULE).level is Level.NOT_ASSESSED


def test_a_code_of_several_criteria_passes_when_every_one_that_applied_passed():
    assert outcome(session(1, identify=True, rephrasing=True), "T22.1") is True
    assert outcome(session(1, identify=True, rephrasing=False), "T22.1") is False
    assert outcome(session(1, identify=NA, rephrasing=True), "T22.1") is True
    assert outcome(session(1, identify=NA, rephrasing=NA), "T22.1") is None
    assert outcome(session(1, identify=True), "C999.9") is None  # no criterion reaches it


def test_the_rubric_rule_changes_the_levels():
    strict = AcquisitionRule(window=2, successes=2, min_difficulty=5)
    history = [session(1, 5, identify=True), session(2, 2, identify=True), session(3, 2, identify=True)]
    assert level(history) is Level.ACQUIRED
    assert level(history, rule=strict) is Level.IN_PROGRESS  # the hard one left the window of two


def test_a_manual_level_stands_beside_the_computed_one():
    by_hand = ManualLevel("Clémence", "C221.1", "acquis", "Vu en stage", "Mme Durand", "2026-02-01T10:00:00+00:00")
    found = competency([session(1, identify=False)], "C221.1", RULE, by_hand)
    assert found.level is Level.ACQUIRED and found.manual == by_hand
    assert found.computed is Level.NOT_ACQUIRED and len(found.proofs) == 1
    back = ManualLevel("Clémence", "C221.1", None, "Revu", "Mme Durand", "2026-02-02T10:00:00+00:00")
    undone = competency([session(1, identify=False)], "C221.1", RULE, back)
    assert undone.manual is None and undone.level is Level.NOT_ACQUIRED


def assessment(day: int, machine: dict[str, bool | None], overrides: dict[str, bool] = {},
               status: str = "completed", scenario: str | None = "reclamation") -> Assessment:
    info = SessionInfo(f"202601{day:02d}-090000-s{day}", "Clémence", scenario, "standard", "texte",
                       f"2026-01-{day:02d}T09:00:00+01:00", None, status, None, Path("."))
    card = Scorecard("standard", results(**machine))
    by_trainer = {c: Override(info.id, c, passed, None, "", "Anne", "2026-01-10T00:00:00+00:00")
                  for c, passed in overrides.items()}
    final, rows = reviewed(card, by_trainer)
    context = CallContext(organisation="Clinique Nest", trainee="Clémence", scenario_id=scenario)
    return Assessment(info, Transcript(context, ()), card, final, tuple(rows), by_trainer)


def test_the_reviewed_verdicts_count_and_only_completed_scored_sessions():
    overridden = played(assessment(1, {"identify": False}, {"identify": True}), 4)
    assert outcome(overridden, "C221.1") is True
    # A criterion the machine judged « sans objet » and a trainer judged: it counts.
    assert outcome(played(assessment(2, {}, {"identify": False}), 4), "C221.1") is False
    assert played(assessment(3, {"identify": True}, status="interrupted"), 4) is None
    unscored = assessment(4, {"identify": True})
    assert played(Assessment(unscored.info, unscored.transcript, None, None, (), {}, "grille introuvable"), 4) is None


def test_the_grid_of_trainees_with_their_groups_and_manual_levels():
    sessions = [assessment(day, {"identify": True, "greeting": day != 2}) for day in (1, 2, 3)]
    by_hand = ManualLevel("clemence", "C111.1", "acquis", "Vu en stage", "Anne", "2026-02-01T10:00:00+00:00")
    grid = build_grid(["Clémence", "Bruno"], sessions, RUBRIC, {"reclamation": 4},
                      {"clemence": Membership("Clémence", "BTS 1", "2026-01-01T00:00:00+00:00")}, [by_hand])
    assert list(grid.codes) == list(rubric_codes(RUBRIC)) and grid.rule == RULE
    clemence, bruno = grid.rows
    assert (clemence.trainee, clemence.group) == ("Clémence", "BTS 1")
    assert [s.session_id for s in clemence.sessions] == [a.info.id for a in sessions]  # oldest first
    levels = {c.code: c for c in clemence.competencies}
    assert levels["C221.1"].level is Level.ACQUIRED
    assert levels["C111.1"].level is Level.ACQUIRED and levels["C111.1"].computed is Level.IN_PROGRESS
    assert levels["C224.1"].level is Level.NOT_ASSESSED  # no hold in these calls
    assert bruno.group is None and bruno.sessions == () == bruno.cited
    assert {c.level for c in bruno.competencies} == {Level.NOT_ASSESSED}


def test_a_row_cites_the_sessions_of_its_windows_only():
    # Five calls that all pass the identification: the oldest has left every window of four.
    sessions = [assessment(day, {"identify": True}) for day in range(1, 6)]
    row = build_grid(["Clémence"], sessions, RUBRIC, {}).rows[0]
    assert [s.session_id for s in row.sessions] == [a.info.id for a in sessions]
    assert [s.session_id for s in row.cited] == [a.info.id for a in sessions[1:]]


def test_the_rubric_codes_in_the_referentiel_order_with_their_criteria():
    order = list(rubric_codes(RUBRIC))
    shown = ["C111.1", "C121.1", "C131.1", "C221.1", "C227.1", "CP122.1", "S11.3", "T12.1", "T21.1", "T22.1"]
    assert [code for code in order if code in shown] == shown  # letters first, then numbers as numbers
    codes = rubric_codes(RUBRIC)
    assert codes["T22.1"] == (RUBRIC.criterion("identify").label, RUBRIC.criterion("rephrasing").label)


# -- the rule in the rubric's YAML -----------------------------------------------------------------

def rubric_with(tmp_path: Path, acquisition: str) -> Path:
    text = "".join(line for line in Path("rubrics/standard.yaml").read_text(encoding="utf-8").splitlines(True)
                   if not line.startswith("acquisition:"))  # the standard rule, replaced
    path = tmp_path / "grille.yaml"
    path.write_text(text.replace("criteres:\n", f"{acquisition}\ncriteres:\n", 1), encoding="utf-8")
    return path


def test_the_rule_is_read_from_the_rubric_with_defaults_in_code(tmp_path):
    assert find_rubric("standard").acquisition == AcquisitionRule(4, 3, 3)
    rubric, problems = rubric_problems(rubric_with(tmp_path, "acquisition: {fenetre: 5, reussites: 4}"))
    assert problems == [] and rubric.acquisition == AcquisitionRule(window=5, successes=4, min_difficulty=3)
    rubric, _ = rubric_problems(rubric_with(tmp_path, "acquisition:\n  difficulte_min: 1"))
    assert rubric.acquisition == AcquisitionRule(4, 3, 1)


@pytest.mark.parametrize(("acquisition", "expected"), [
    ("acquisition: {fenetre: 2, reussites: 3}", "« acquisition › reussites » (3) dépasse « fenetre » (2)"),
    ("acquisition: {reussites: 5}", "« acquisition › reussites » (5) dépasse « fenetre » (4)"),
    ("acquisition: {fenetre: 0}", "« acquisition › fenetre » doit être au moins 1"),
    ("acquisition: {difficulte_min: 6}", "« acquisition › difficulte_min » doit être au plus 5"),
    ("acquisition: {reussites: 2.5}", "« acquisition › reussites » doit être un nombre entier"),
    ("acquisition: {fenetres: 4}", "champ inconnu dans « acquisition » : fenetres"),
    ("acquisition: 3 sur 4", "« acquisition » doit être une table (clé: valeur)"),
])
def test_a_bad_rule_is_refused_in_french_where_it_is_written(tmp_path, acquisition, expected):
    path = rubric_with(tmp_path, acquisition)
    rubric, problems = rubric_problems(path)
    assert rubric is None
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("acquisition"))
    assert [p.line for p in problems] == [line]  # one problem, located on its line
    assert expected in problems[0].message, str(problems[0])
