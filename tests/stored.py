"""Sessions with chosen ids and start times, for what lists, filters and finds them."""

from simulator.store import SessionStore
from simulator.transcript.model import CallContext


def created(store, monkeypatch, ids, trainee="Clémence", scenario="appel-calme", second=0):
    """Sessions with chosen ids (oldest first), one a second apart from `second`."""
    drawn = iter(ids)
    monkeypatch.setattr(SessionStore, "new_session_id", staticmethod(lambda name: next(drawn)))
    clock = iter(f"2026-11-23T10:00:{n:02d}+01:00" for n in range(second, 60))
    monkeypatch.setattr("simulator.store.sessions._now", lambda: next(clock))
    context = CallContext("Clinique Nest", trainee, scenario)
    return [store.create(context, "standard", "texte").id for _ in ids]

