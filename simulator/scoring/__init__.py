"""Transcript -> scorecard: rubric criteria, verdicts with evidence, French feedback."""

from simulator.scoring.rubric import Rubric, find_rubric, load_rubric
from simulator.scoring.scorer import CriterionResult, Scorecard, score_transcript

__all__ = ["Rubric", "find_rubric", "load_rubric", "CriterionResult", "Scorecard", "score_transcript"]
