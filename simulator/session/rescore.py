"""A recorded session scored from its stored transcript, with today's rubric and intents: what
`accueil show`, the trainer's tools and the recovery of a session cut short all judge.

Each session keeps a copy of the scenario and rubric files it was played with (the store's
snapshots). When a file is no longer where it was looked for (a draft played from the author's
folder, a scenario removed), the session is scored with its copy; when the file changed since, it
is scored with today's and the trainer is told."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from simulator import paths
from simulator.errors import NotFoundError
from simulator.filecache import FileCache
from simulator.scenario.loader import find_scenario, load_scenario, shared_lexicon
from simulator.scoring import Rubric, Scorecard, find_rubric, load_rubric, score_transcript
from simulator.store import SessionInfo, SessionStore
from simulator.store.sessions import content_hash
from simulator.text.lexicon import Lexicon
from simulator.transcript.model import Transcript

T = TypeVar("T")
_hashes: FileCache[str] = FileCache(lambda path: content_hash(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class ScoringFiles:
    """What a session is scored with, and what the trainer should know about it."""

    rubric: Rubric
    lexicon: Lexicon
    notes: tuple[str, ...] = ()


def _kept_file(store: SessionStore | None, digest: str | None) -> Path | None:
    """The kept copy as a file (loaders read files, with their line numbers), or None."""
    kept = store.snapshot(digest) if store is not None and digest else None
    if kept is None:
        return None
    name, content = kept
    path = paths.cache_dir() / "copies" / digest / Path(name).name
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return path


def _current_or_kept(find: Callable[[str], T], load: Callable[[Path], T], name: str, digest: str | None,
                     store: SessionStore | None, what: str, notes: list[str]) -> T:
    try:
        found = find(name)
    except NotFoundError:
        kept = _kept_file(store, digest)
        if kept is None:
            raise
        notes.append(f"{what} « {name} » est introuvable aujourd'hui (brouillon déplacé ou supprimé) : "
                     "la séance est évaluée avec la copie gardée quand elle a été jouée.")
        return load(kept)
    if digest and _hashes.get(Path(found.path)) != digest:
        notes.append(f"{what} « {name} » a changé depuis la séance : elle est évaluée avec la version actuelle.")
    return found


def scoring_files(info: SessionInfo, store: SessionStore | None = None) -> ScoringFiles:
    """Raises NotFoundError if the session's rubric or scenario exists neither today nor as a copy."""
    notes: list[str] = []
    rubric = _current_or_kept(find_rubric, load_rubric, info.rubric_id, info.rubric_hash, store, "La grille",
                              notes)
    lexicon = shared_lexicon()
    if info.scenario_id:
        lexicon = _current_or_kept(find_scenario, load_scenario, info.scenario_id, info.scenario_hash, store,
                                   "Le scénario", notes).intents
    return ScoringFiles(rubric, lexicon, tuple(notes))


def scored(info: SessionInfo, transcript: Transcript, store: SessionStore | None = None
           ) -> tuple[Scorecard, tuple[str, ...]]:
    """The machine's scorecard, and the notes on the files it was scored with."""
    files = scoring_files(info, store)
    return score_transcript(transcript, files.rubric, files.lexicon), files.notes


def machine_scorecard(info: SessionInfo, transcript: Transcript, store: SessionStore | None = None) -> Scorecard:
    """Raises NotFoundError if the session's rubric or scenario no longer exists (nor its copy)."""
    return scored(info, transcript, store)[0]
