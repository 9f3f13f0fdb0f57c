"""Parsed files kept while the files they were read from are unchanged.

Loading and cross-checking a scenario takes tens of milliseconds; the dashboard and the session
commands need the same few scenarios and rubrics for every session they show. An entry is reused
only while each file it depends on has the same modification time and size, so an author's edit
is seen at the next read. Only successful loads are kept: a broken file is reported every time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

from simulator.errors import ValidationError

T = TypeVar("T")
Stamp = tuple[tuple[str, int, int] | tuple[str], ...]


def stamp(files: Iterable[Path]) -> Stamp:
    """What identifies these files' contents cheaply: path, modification time (ns) and size."""
    marks = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            marks.append((str(path),))  # missing: loading will say why
        else:
            marks.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(marks)


def checked(check: Callable[[Path], tuple[T | None, list]]) -> Callable[[Path], T]:
    """A loader from a checker that returns (value or None, problems): the value, or every problem
    raised at once (ValidationError)."""
    def load(path: Path) -> T:
        value, problems = check(path)
        if value is None:
            raise ValidationError(problems)
        return value
    return load


class FileCache(Generic[T]):
    def __init__(self, load: Callable[[Path], T], maxsize: int = 128):
        self._load, self._maxsize = load, maxsize
        self._entries: dict[Path, tuple[Stamp, T]] = {}
        self._lock = threading.Lock()

    def get(self, path: Path, depends_on: Iterable[Path] = ()) -> T:
        """The value loaded from `path`, loaded again if it or a file it depends on changed."""
        key = path.absolute()
        current = stamp([key, *depends_on])
        with self._lock:
            entry = self._entries.get(key)
        if entry is not None and entry[0] == current:
            return entry[1]
        value = self._load(path)
        with self._lock:
            if len(self._entries) >= self._maxsize:
                self._entries.pop(next(iter(self._entries)))
            self._entries[key] = (current, value)
        return value
