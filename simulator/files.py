"""Reading files that users give us, and writing a session's files: every way it can go wrong
becomes one clear French message."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from simulator.errors import InputError


def _status(path: str | Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):  # nothing there, or a name the system refuses (too long, NUL byte)
        return None


def exists(path: str | Path) -> bool:
    """Like Path.exists, but False (not OSError) for a name too long to be a file: user input may be anything."""
    return _status(path) is not None


def is_file(path: str | Path) -> bool:
    info = _status(path)
    return info is not None and stat.S_ISREG(info.st_mode)


def is_dir(path: str | Path) -> bool:
    info = _status(path)
    return info is not None and stat.S_ISDIR(info.st_mode)


class UnreadableFile(InputError):
    """A file that cannot be used as text; keeps its parts for located reports (file:line)."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = path, reason, line
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path} : {reason}")


def read_user_text(path: str | Path, what: str, max_bytes: int) -> str:
    """The text of `path` (UTF-8), or UnreadableFile naming the file and what is wrong with it."""
    shown, file, info = str(path), Path(path), _status(path)
    try:
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if info is not None and not stat.S_ISREG(info.st_mode):  # /dev/zero, a pipe: endless or blocking
            raise UnreadableFile(shown, f"ce n'est pas un fichier ordinaire, pas un {what}")
        with file.open("rb") as stream:  # never more than the limit: a huge file costs nothing
            raw, size = stream.read(max_bytes + 1), os.fstat(stream.fileno()).st_size
    except FileNotFoundError:
        raise UnreadableFile(shown, "fichier introuvable") from None
    except IsADirectoryError:
        raise UnreadableFile(shown, f"c'est un dossier, pas un {what}") from None
    except OSError as exc:
        raise UnreadableFile(shown, f"lecture impossible ({exc.strerror})") from None
    except ValueError:  # a NUL byte in the path
        raise UnreadableFile(shown, "chemin de fichier invalide") from None
    if len(raw) > max_bytes:
        raise UnreadableFile(shown, f"fichier trop gros ({size} octets, maximum {max_bytes}) pour un {what}")
    if b"\x00" in raw:
        raise UnreadableFile(shown, f"fichier binaire, ce n'est pas un {what}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UnreadableFile(shown, "le fichier n'est pas du texte UTF-8 ; enregistrez-le en UTF-8", line) from None


def write_failure(path: str | Path, exc: OSError) -> str:
    """Why a session's file could not be written, in French, and what to do."""
    kept = "ce qui a été enregistré jusqu'ici est conservé"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disque plein : impossible d'écrire {path} ; libérez de la place ({kept})"
    return f"écriture impossible : {path} ({exc.strerror or exc}) ; {kept}"
