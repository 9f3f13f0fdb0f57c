"""What is remembered of a trainee: the civility the caller uses (« Bonjour madame »), asked once."""

from __future__ import annotations

from typing import Callable

from simulator.store import SessionStore
from simulator.text.civility import CIVILITIES

NONE = "aucune"  # the caller says neither « madame » nor « monsieur »
CHOICES = (*CIVILITIES, NONE)


def civility_for(store: SessionStore, trainee: str, given: str | None,
                 ask: Callable[[], str] | None = None) -> str | None:
    """The trainee's civility: `given` (then remembered), else the one remembered, else `ask`ed
    once and remembered; None when nobody says (a script, or « aucune »)."""
    if given is None and store.knows(trainee):
        return store.civility(trainee)
    if given is None and ask is None:
        return None
    answer = given if given is not None else ask()
    civility = answer if answer in CIVILITIES else None
    store.remember_civility(trainee, civility)
    return civility
