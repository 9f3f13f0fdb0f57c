"""The SQLite store stays consistent whenever its writer is killed: a process records sessions as
fast as it can and is SIGKILLed at random moments, again and again, on the same database."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections import defaultdict

from simulator.scoring import find_rubric
from simulator.store import SessionStore

ROUNDS = 6
CRITERIA = len(find_rubric("standard").criteria)  # in the standard rubric: every verdict of a finished session is there
# Sessions of random length, some finished, each step logged once committed.
WRITER = textwrap.dedent("""
    import os, random, sys
    from pathlib import Path
    from simulator.events import TraineeSaid
    from simulator.scoring import find_rubric
    from simulator.scoring.scorer import CriterionResult, Scorecard
    from simulator.store import SessionStore
    from simulator.transcript.model import CallContext

    store = SessionStore(Path(sys.argv[1]))
    log = os.open(sys.argv[2], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    rng = random.Random(int(sys.argv[3]))
    rubric = find_rubric("standard")
    card = Scorecard(rubric.id, tuple(CriterionResult(c, True, n % 2 == 0, "", ())
                                      for n, c in enumerate(rubric.criteria)))
    os.write(log, b"ready\\n")
    while True:
        info = store.create(CallContext("Clinique Nest", "Camille", "appel-calme"), "standard", "texte")
        for seq in range(rng.randint(1, 25)):
            store.append(info.id, seq, TraineeSaid(seq, "réplique " * rng.randint(1, 60)))
            os.write(log, f"event {info.id} {seq}\\n".encode())
        if rng.random() < 0.6:
            store.finish(info.id, card)
            os.write(log, f"finished {info.id}\\n".encode())
""")


def test_killed_writers_never_leave_the_database_inconsistent(tmp_path):
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    log = tmp_path / "journal.log"
    log.touch()
    killed_while_writing = 0
    for round_ in range(ROUNDS):
        lines_before = len(log.read_text().splitlines())
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(log), str(seed + round_)],
                                  stderr=subprocess.PIPE, text=True)
        if round_ == 0:  # while it opens (and creates) the database
            time.sleep(rng.uniform(0.8, 1.4))
        else:
            while "ready" not in log.read_text().splitlines()[lines_before:]:
                assert writer.poll() is None, writer.stderr.read()
                time.sleep(0.01)
            time.sleep(rng.uniform(0.05, 0.6))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        assert writer.returncode == -signal.SIGKILL, writer.stderr.read()
        killed_while_writing += any(line.startswith("event") for line in log.read_text().splitlines()[lines_before:])
    assert killed_while_writing >= ROUNDS - 2, f"seed {seed}: the writer was rarely killed mid-way"

    logged: dict[str, set[int]] = defaultdict(set)
    finished = set()
    for line in log.read_text().splitlines():
        kind, *rest = line.split()
        if kind == "event":
            logged[rest[0]].add(int(rest[1]))
        elif kind == "finished":
            finished.add(rest[0])

    db = sqlite3.connect(tmp_path / "accueil.db")
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)], f"seed {seed}"
    assert db.execute("PRAGMA foreign_key_check").fetchall() == [], f"seed {seed}"
    sessions = {sid: (status, score) for sid, status, score in db.execute("SELECT id, status, score FROM sessions")}
    seqs: dict[str, list[int]] = defaultdict(list)
    for sid, seq in db.execute("SELECT session_id, seq FROM events ORDER BY session_id, seq"):
        seqs[sid].append(seq)
    results = dict(db.execute("SELECT session_id, count(*) FROM results GROUP BY session_id").fetchall())
    db.close()

    assert len(sessions) >= ROUNDS - 1, f"seed {seed}"
    unlogged_finishes = 0
    for sid, (status, score) in sessions.items():
        assert seqs[sid] == list(range(len(seqs[sid]))), f"seed {seed}: {sid} has a gap"
        # Every committed event is there; at most one more, committed but killed before its log line.
        assert logged[sid] <= set(seqs[sid]) and len(seqs[sid]) <= len(logged[sid]) + 1, f"seed {seed}: {sid}"
        # Verdicts, score and status change together: all (finish ran) or nothing.
        assert (status == "completed") == (sid in results) == (score is not None), f"seed {seed}: {sid}"
        assert results.get(sid, CRITERIA) == CRITERIA, f"seed {seed}: {sid}"
        if sid in finished:
            assert status == "completed", f"seed {seed}: {sid} finished, then lost"
        unlogged_finishes += status == "completed" and sid not in finished
    assert unlogged_finishes <= ROUNDS, f"seed {seed}"  # only the last session of a killed writer

    store = SessionStore(tmp_path)  # and the store opens it as usual
    assert len(store.list()) == len(sessions)
    store.close()
    print(f"seed {seed}: {ROUNDS} kills, {len(sessions)} sessions, {sum(map(len, seqs.values()))} events, "
          f"{len(results)} finished")
