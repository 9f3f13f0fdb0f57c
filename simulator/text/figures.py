"""Figures as a French reader reads them: « 4,5 syll/s », « −26 dBFS »."""

from __future__ import annotations


def number(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


def measured(value: float, unit: str, digits: int = 1) -> str:
    """« 4,5 syll/s », never cut between the number and its unit."""
    return f"{number(value, digits)}\u00a0{unit}"
