"""Finish, at the next start, the sessions a crash cut short (process killed, power cut, full disk).

A session is stored `interrupted` from its start and only gets its verdicts when it ends
(`Recorder.finish`). One without verdicts whose folder lock (`recorder.SessionLock`) is free has
nobody recording it any more: the header of its recording is repaired, what was said is scored
and stored, still `interrupted`, so that it can be shown, replayed and reviewed like any other.
Sessions being recorded right now, here or on another workstation, hold their lock: left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from simulator.errors import AccueilError
from simulator.records import RECORDING
from simulator.session.recorder import SessionLock, write_scorecard
from simulator.store.sessions import INTERRUPTED, SessionInfo, SessionStore
from simulator.transcript.model import Transcript


@dataclass(frozen=True)
class Recovered:
    info: SessionInfo
    trainee_turns: int
    score: int | None = None  # None: not recovered, `problem` says why (it is tried again next time)
    recording: float | None = None  # seconds of the repaired recording; None without one
    problem: str | None = None


def recover_interrupted(store: SessionStore) -> list[Recovered]:
    """Finish every dead unfinished session; a single query when there is none."""
    recovered = []
    for info in store.unfinished():
        if not info.directory.is_dir():
            continue  # its files are in another data folder: whether it is alive cannot be told here
        try:
            lock = SessionLock.take(info.directory)
        except OSError:
            continue  # a folder that cannot be locked: whether it is alive cannot be told either
        if lock is None:
            continue  # being recorded right now (or recovered by another process)
        try:
            if not store.results(info.id):  # not finished by its recorder since the query
                recovered.append(_recover(store, info))
        except AccueilError as exc:  # a full disk, the database gone, its scenario deleted
            recovered.append(Recovered(info, 0, problem=exc.message))
        finally:
            lock.release()
    return recovered


def _recover(store: SessionStore, info: SessionInfo) -> Recovered:
    from simulator.session.rescore import machine_scorecard  # scenarios and rubrics: only when needed

    transcript = store.transcript(info.id)
    from simulator.audio.recording import repair  # numpy: only when there is something to repair

    wav = info.directory / RECORDING
    seconds = repair(wav) if wav.is_file() else None
    scorecard = machine_scorecard(info, transcript, store)
    store.finish(info.id, scorecard, INTERRUPTED, ended_at=_ended_at(info, transcript, seconds))
    write_scorecard(info.directory, scorecard)
    if seconds is not None:  # its « Indicateurs de voix », on the repaired recording
        from simulator.session.delivery import session_delivery

        session_delivery(info.directory, transcript.events)
    return Recovered(info, len(transcript.trainee_turns), scorecard.score, seconds)


def _ended_at(info: SessionInfo, transcript: Transcript, recording: float | None) -> str:
    """When the session died, as near as can be told: its last event, or the end of its recording."""
    seconds = max(transcript.last_moment or 0.0, recording or 0.0)
    return (datetime.fromisoformat(info.started_at) + timedelta(seconds=seconds)).isoformat(timespec="seconds")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _described(r: Recovered) -> str:
    audio = "" if r.recording is None else f", enregistrement de {r.recording:.1f} s réparé".replace(".", ",")
    return (f"{r.info.id} ({_count(r.trainee_turns, 'réplique', 'répliques')} du stagiaire, note {r.score}/100"
            f"{audio}) — accueil show {r.info.id}")


SHOWN = 5  # sessions named one by one; after a long outage, only their number


def notices(recovered: list[Recovered]) -> list[str]:
    """What to tell the user, in French: the sessions recovered, and those that could not be."""
    done = [r for r in recovered if r.problem is None]
    lines = []
    if len(done) == 1:
        lines.append(f"1 séance interrompue récupérée : {_described(done[0])}")
    elif done:
        lines += [f"{len(done)} séances interrompues récupérées :"] + [f"  {_described(r)}" for r in done[:SHOWN]]
        if len(done) > SHOWN:
            lines.append(f"  … et {len(done) - SHOWN} autres (accueil sessions les liste)")
    return lines + [f"Séance interrompue {r.info.id} non récupérée pour l'instant : {r.problem}"
                    for r in recovered if r.problem is not None]
