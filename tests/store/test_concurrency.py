"""Several workstations at once: parallel processes open a fresh database, record their calls
and review them at the same moment; nothing is lost and nobody fails."""

import multiprocessing
import time
import traceback

from simulator.events import CallerSaid, TraineeSaid
from simulator.scoring.scorer import CriterionResult, Scorecard
from simulator.store import SessionStore
from simulator.transcript.model import CallContext

WORKSTATIONS, EVENTS = 8, 50


def workstation(data_dir, url, start, card: Scorecard, number: int, done) -> None:
    try:
        start.wait(timeout=30)  # every process opens the fresh database at once: concurrent migration
        store = SessionStore(data_dir, url=url)
        began = time.perf_counter()
        info = store.create(CallContext("Clinique Nest", f"Stagiaire {number}", "appel-calme"), card.rubric_id,
                            "texte")
        for seq in range(EVENTS):
            event = TraineeSaid(seq, f"réplique {seq}") if seq % 2 else CallerSaid(seq, f"question {seq}")
            store.append(info.id, seq, event)
        store.finish(info.id, card)
        start.wait(timeout=30)  # every trainer reviews at the same moment
        for result in card.results:
            store.add_override(info.id, result.id, not result.passed, f"revu par {number}", f"Formateur {number}")
        store.close()
        done.put((info.id, time.perf_counter() - began, None))
    except BaseException:
        start.abort()  # the others stop waiting for this one
        done.put((None, None, traceback.format_exc()))


def test_parallel_workstations_lose_nothing(tmp_path, store_url, rubric):
    card = Scorecard(rubric.id, tuple(CriterionResult(c, True, i % 2 == 0, "", ())
                                      for i, c in enumerate(rubric.criteria)))
    spawn = multiprocessing.get_context("spawn")
    start, done = spawn.Barrier(WORKSTATIONS), spawn.Queue()
    processes = [spawn.Process(target=workstation, args=(tmp_path, store_url, start, card, n, done), daemon=True)
                 for n in range(WORKSTATIONS)]
    for p in processes:
        p.start()
    finished = [done.get(timeout=90) for _ in processes]
    for p in processes:
        p.join(timeout=10)
    errors = [error for _, _, error in finished if error and "BrokenBarrierError" not in error]
    assert not errors, errors[0]
    assert [p.exitcode for p in processes] == [0] * WORKSTATIONS

    store = SessionStore(tmp_path, url=store_url)
    ids = {session_id for session_id, _, _ in finished}
    assert {s.id for s in store.list()} == ids and len(ids) == WORKSTATIONS
    for session_id in ids:
        assert len(store.transcript(session_id).events) == EVENTS
        assert store.get(session_id).status == "completed"
        assert {c: o.passed for c, o in store.overrides(session_id).items()} == \
            {r.id: not r.passed for r in card.results}
    assert len(store.all_overrides()) == WORKSTATIONS * len(card.results)
    slowest = max(seconds for _, seconds, _ in finished)
    print(f"{store.engine.dialect.name}: {WORKSTATIONS} sessions, {WORKSTATIONS * EVENTS} events in {slowest:.2f} s "
          f"({WORKSTATIONS / slowest:.1f} sessions/s, {WORKSTATIONS * EVENTS / slowest:.0f} events/s)")
    store.close()
