"""Typed errors. Every message is French: it is shown to trainees, trainers and authors.

They belong to the library: the command line turns them into « Erreur : … » and exit code 2
(simulator.cli), the dashboard into an error page (simulator.web)."""

from __future__ import annotations


class AccueilError(Exception):
    """A user-facing error: its message is said as it is, never with a traceback."""

    exit_code = 2  # when it ends a command

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message


class InputError(AccueilError):
    """Bad input: a file that cannot be read, parsed or validated."""


class NotFoundError(AccueilError):
    """An unknown scenario, rubric or session."""


class ValidationError(InputError):
    """One or more located problems in an author's file."""

    def __init__(self, problems: list["Problem"]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Problem:
    """One located problem in a file: rendered as `file:line:col: message`."""

    def __init__(self, path: str, line: int, col: int, message: str, hint: str | None = None):
        self.path, self.line, self.col, self.message, self.hint = path, line, col, message, hint

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        return f"{text}\n    ↳ {self.hint}" if self.hint else text

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"
