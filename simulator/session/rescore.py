"""A recorded session scored from its stored transcript, with today's rubric and intents: what
`accueil show`, the trainer's tools and the recovery of a session cut short all judge."""

from __future__ import annotations

from simulator.scenario.loader import lexicon_for
from simulator.scoring import Scorecard, find_rubric, score_transcript
from simulator.store import SessionInfo
from simulator.transcript.model import Transcript


def machine_scorecard(info: SessionInfo, transcript: Transcript) -> Scorecard:
    """Raises NotFoundError if the session's rubric or scenario no longer exists."""
    return score_transcript(transcript, find_rubric(info.rubric_id), lexicon_for(transcript.context.scenario_id))
