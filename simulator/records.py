"""What a recorded session is made of, named once: the files of its directory and the French
names of its states, for every layer that writes, repairs, lists or shows a session."""

from __future__ import annotations

RECORDING = "appel.wav"  # both sides on one clock: caller left, trainee right (voice sessions)
TRANSCRIPT = "transcript.txt"  # every line as it was said, kept even when the database fails
SCORECARD = "scorecard.json"  # the machine's scorecard, written at the end of the call
LOCK_FILE = "en-cours.lock"  # held while the call runs: a session whose lock is free was cut short

STATUS = {"completed": "terminée", "interrupted": "interrompue"}


def status_label(status: str) -> str:
    return STATUS.get(status, status)
