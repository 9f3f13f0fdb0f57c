"""Dashboard under load: the session list and session pages of a store of 2,000 recorded sessions,
served by the real `accueil serve`, hammered by wrk (Debian package `wrk`) from 20 connections.

    python bench/dashboard_load.py [--sessions 2000] [--connections 20] [--seconds 20] [--data DIR]

The store is built first (or reused from --data if it already holds the sessions): calls played
through the real call loop from the scenarios' golden examples, said by several trainees, some
interrupted, some reviewed by a trainer, spread over six months. The server then starts on a free
loopback port; once its warm-up has scored every session, wrk asks for (a) the list `/` and (b)
session pages picked at random, and (liste*) other pages of the list picked at random: every
page, each trainee's and scenario's, sorted by score. Prints latency percentiles, requests/s and errors per page, the
target check (p95 < 200 ms, no error), the warm-up time and the store size, then one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import update  # noqa: E402

from simulator.events import CallEnded, Event  # noqa: E402
from simulator.session.examples import DialogueInput  # noqa: E402
from simulator.scenario.loader import list_scenarios  # noqa: E402
from simulator.scenario.model import Example, Scenario  # noqa: E402
from simulator.scoring import Scorecard, find_rubric, score_transcript  # noqa: E402
from simulator.session.call import Call, NoDisplay  # noqa: E402
from simulator.session.inputs import VirtualClock  # noqa: E402
from simulator.session.recorder import MemoryRecorder  # noqa: E402
from simulator.store import SessionStore  # noqa: E402
from simulator.store.sessions import INTERRUPTED, sessions as sessions_table  # noqa: E402
from simulator.engine import CallRuntime  # noqa: E402
from simulator.transcript.dialogue import parse_dialogue  # noqa: E402
from simulator.transcript.model import Transcript  # noqa: E402

TRAINEES = ["Camille", "Léa", "Hugo", "Inès", "Mathis", "Chloé", "Nathan", "Zoé", "Sarah", "Lucas"]
TRAINERS = ["Mme Durand", "M. Bernard", "Mme Petit"]
INTERRUPTED_SHARE, REVIEWED_SHARE = 0.08, 0.10
TARGET_P95_MS = 200.0
WRK_SCRIPT = """\
-- Each request asks for one of the paths of the file named below (one per line), at random.
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("number", threads)
end
init = function(args)
  math.randomseed(os.time() * 100 + number)  -- not the same sequence in every thread
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
-- Printed once wrk is done: one JSON line with what is read below (latencies in µs).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, '
    .. '"write": %%d, "status": %%d, "timeout": %%d, "p50": %%d, "p90": %%d, "p95": %%d, "p99": %%d, "max": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class PlayedCall:
    scenario: Scenario
    trainee: str
    events: tuple[Event, ...]
    scorecard: Scorecard


def play(scenario: Scenario, example: Example, trainee: str) -> PlayedCall:
    """The example's trainee side, said by `trainee`, through the real call loop (as `accueil test`)."""
    text = example.dialogue_text.replace(example.trainee, trainee)
    clock = VirtualClock()
    recorder = MemoryRecorder(scenario.context(trainee))
    call = Call(scenario, find_rubric(scenario.rubric), CallRuntime(scenario, seed=example.seed), recorder,
                DialogueInput(parse_dialogue(text).events, clock), clock, NoDisplay())
    scorecard = call.run()
    return PlayedCall(scenario, trainee, tuple(recorder.events), scorecard)


def build_store(data_dir: Path, count: int, seed: int = 7, log=print) -> list[str]:
    """`count` sessions recorded through the store's own API; returns their ids."""
    rng = random.Random(seed)
    started = time.perf_counter()
    calls = [play(s, e, trainee) for s in list_scenarios() for e in s.examples for trainee in TRAINEES]
    log(f"{len(calls)} appels joués à partir des exemples des scénarios en {time.perf_counter() - started:.1f} s")
    store = SessionStore(data_dir)
    ids, now = [], datetime.now().astimezone().replace(microsecond=0)
    for n in range(count):
        call = rng.choice(calls)
        info = store.create(call.scenario.context(call.trainee), call.scenario.rubric, "texte", seed=n)
        events = call.events
        if rng.random() < INTERRUPTED_SHARE:  # cut short: a crash, or Ctrl-C part-way
            events = events[:rng.randint(1, max(1, len(events) - 2))]
            if rng.random() < 0.5:
                events += (CallEnded(events[-1].t, "stagiaire"),)
        for seq, event in enumerate(events):
            store.append(info.id, seq, event)
        if events is call.events:
            store.finish(info.id, call.scorecard)
            if rng.random() < REVIEWED_SHARE:
                for result in rng.sample([r for r in call.scorecard.results if r.applicable], k=rng.randint(1, 2)):
                    store.add_override(info.id, result.id, not result.passed, "Vérifié à l'écoute de l'appel.",
                                       rng.choice(TRAINERS))
        elif isinstance(events[-1], CallEnded):  # Ctrl-C: scored as it stands
            cut = Transcript(call.scenario.context(call.trainee), events)
            store.finish(info.id, score_transcript(cut, find_rubric(call.scenario.rubric), call.scenario.intents),
                         INTERRUPTED)
        # Spread over six months, as a training centre's history would be.
        when = now - timedelta(days=rng.uniform(0, 180))
        with store.engine.begin() as db:
            db.execute(update(sessions_table).where(sessions_table.c.id == info.id)
                       .values(started_at=when.isoformat(timespec="seconds")))
        ids.append(info.id)
        if (n + 1) % 250 == 0:
            log(f"  {n + 1} séances enregistrées ({time.perf_counter() - started:.0f} s)")
    store.close()
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The real `accueil serve` on a loopback port; its terminal output is read as it comes."""

    def __init__(self, data_dir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "ACCUEIL_DATA_DIR": str(data_dir)}
        env.pop("ACCUEIL_WEB_TOKEN", None)
        env.pop("ACCUEIL_DATABASE_URL", None)
        self.process = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--port", str(self.port)],
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def warmed_up(self, patience: float = 600) -> float:
        """Waits for the warm-up line; returns the seconds it reports."""
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            for line in self.lines:
                if found := re.search(r"évaluées en ([\d,]+) s", line):
                    return float(found.group(1).replace(",", "."))
            if self.process.poll() is not None:
                raise SystemExit("accueil serve s'est arrêté :\n" + "\n".join(self.lines))
            time.sleep(0.2)
        raise SystemExit(f"accueil serve n'a pas fini de s'échauffer en {patience:.0f} s")

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def memory_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def run_wrk(url: str, paths: list[str], connections: int, seconds: int) -> dict:
    """wrk asking `url` for `paths` picked at random; latencies in ms, errors counted."""
    with tempfile.TemporaryDirectory() as scratch:
        listed, script = Path(scratch) / "paths.txt", Path(scratch) / "paths.lua"
        listed.write_text("\n".join(paths) + "\n", encoding="utf-8")
        script.write_text(WRK_SCRIPT % listed, encoding="utf-8")
        answer = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                                 "-s", str(script), url], capture_output=True, text=True, check=True)
    line = next(line for line in answer.stdout.splitlines() if line.startswith("WRK "))
    raw = json.loads(line[4:])
    return {"requests": raw["requests"], "requests_per_s": raw["requests"] / (raw["duration_us"] / 1e6),
            **{p: raw[p] / 1000 for p in ("p50", "p90", "p95", "p99", "max")},  # ms
            "non_2xx": raw["status"], "socket_errors": raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
            "kib_per_answer": raw["bytes"] / max(1, raw["requests"]) / 1024}


def list_pages(ids: list[str], data_dir: Path) -> list[str]:
    """Other pages of the list: every page, each trainee's and scenario's, sorted by score both ways."""
    store = SessionStore(data_dir)
    infos = store.list()
    store.close()
    pages = [f"/?page={n}" for n in range(1, len(ids) // 50 + 2)]
    pages += [f"/?stagiaire={quote(t)}&page={n}" for t in TRAINEES for n in (1, 2, 3)]
    pages += [f"/?scenario={s}&page=2" for s in sorted({i.scenario_id for i in infos if i.scenario_id})]
    pages += [f"/?tri=note&ordre={o}&page={n}" for o in ("asc", "desc") for n in (1, 7, 20)]
    return pages


def store_ids(data_dir: Path) -> list[str]:
    if not (data_dir / "accueil.db").exists():
        return []
    store = SessionStore(data_dir)
    ids = list(store.revisions())
    store.close()
    return ids


def store_size(data_dir: Path) -> dict:
    store = SessionStore(data_dir)
    with store.engine.connect() as db:
        counts = {table: db.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
                  for table in ("sessions", "events", "overrides")}
        interrupted = db.exec_driver_sql("SELECT count(*) FROM sessions WHERE status = 'interrupted'").scalar()
    store.close()
    database = sum(p.stat().st_size for p in data_dir.glob("accueil.db*"))
    return {**counts, "interrupted": interrupted, "database_mib": database / 2**20,
            "trainees": len(TRAINEES)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--data", type=Path,
                        help="dossier de données (gardé ; réutilisé s'il a déjà les séances)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk manquant : apt-get install wrk")
    data_dir = args.data or Path(tempfile.mkdtemp(prefix="accueil-bench-"))
    try:
        ids = store_ids(data_dir)
        if len(ids) < args.sessions:
            ids = build_store(data_dir, args.sessions)
        size = store_size(data_dir)
        print(f"Magasin : {size['sessions']} séances ({size['interrupted']} interrompues), {size['events']} "
              f"événements, {size['overrides']} révisions, base {size['database_mib']:.1f} Mio")
        server = Server(data_dir)
        try:
            warm_up = server.warmed_up()
            print(f"Échauffement : {warm_up:.1f} s pour {size['sessions']} séances")
            figures = {}
            for name, paths in (("liste", ["/"]), ("liste*", list_pages(ids, data_dir)),
                                ("seance", [f"/seances/{i}" for i in ids])):
                cpu = server.cpu_seconds()
                figures[name] = run_wrk(server.url, paths, args.connections, args.seconds)
                figures[name]["server_cpu_ms_per_request"] = \
                    1000 * (server.cpu_seconds() - cpu) / max(1, figures[name]["requests"])
            memory = server.memory_mib()
        finally:
            server.stop()
    finally:
        if args.data is None:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"\nwrk, {args.connections} connexions, {args.seconds} s par page, serveur sur 127.0.0.1 "
          f"({os.cpu_count()} cœurs), mémoire du serveur {memory:.0f} Mio")
    print(f"{'page':8} {'p50':>8} {'p90':>8} {'p95':>8} {'p99':>8} {'req/s':>8} {'non-2xx':>8} {'sockets':>8} "
          f"{'CPU/req':>8}  objectif p95 < {TARGET_P95_MS:.0f} ms")
    for name, f in figures.items():
        ok = f["p95"] < TARGET_P95_MS and f["non_2xx"] == 0 and f["socket_errors"] == 0
        print(f"{name:8} {f['p50']:6.1f}ms {f['p90']:6.1f}ms {f['p95']:6.1f}ms {f['p99']:6.1f}ms "
              f"{f['requests_per_s']:8.1f} {f['non_2xx']:8d} {f['socket_errors']:8d} "
              f"{f['server_cpu_ms_per_request']:6.1f}ms  {'atteint' if ok else 'MANQUÉ'}")
    print(json.dumps({"store": size, "warm_up_s": warm_up, "server_mib": memory, "connections": args.connections,
                      "seconds": args.seconds, "pages": figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
