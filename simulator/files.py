"""Reading files that users give us: every way it can go wrong becomes one clear French message."""

from __future__ import annotations

from pathlib import Path

from simulator.errors import InputError


class UnreadableFile(InputError):
    """A file that cannot be used as text; keeps its parts for located reports (file:line)."""

    def __init__(self, path: str, reason: str, line: int | None = None):
        self.path, self.reason, self.line = path, reason, line
        super().__init__(f"{path}:{line}: {reason}" if line else f"{path} : {reason}")


def read_user_text(path: str | Path, what: str, max_bytes: int) -> str:
    """The text of `path` (UTF-8), or UnreadableFile naming the file and what is wrong with it."""
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(shown, "fichier introuvable") from None
    except IsADirectoryError:
        raise UnreadableFile(shown, f"c'est un dossier, pas un {what}") from None
    except OSError as exc:
        raise UnreadableFile(shown, f"lecture impossible ({exc.strerror})") from None
    if len(raw) > max_bytes:
        raise UnreadableFile(shown, f"fichier trop gros ({len(raw)} octets, maximum {max_bytes}) pour un {what}")
    if b"\x00" in raw:
        raise UnreadableFile(shown, f"fichier binaire, ce n'est pas un {what}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UnreadableFile(shown, "le fichier n'est pas du texte UTF-8 ; enregistrez-le en UTF-8", line) from None
