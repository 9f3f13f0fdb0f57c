"""Where things live: the bundled scenarios and rubrics, and the user's session data."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # In a source checkout (editable install) the folders sit beside the package;
    # in a wheel they are packaged under simulator/_data.
    beside = _PACKAGE.parent / name
    return beside if beside.is_dir() else _PACKAGE / "_data" / name


def scenarios_dir() -> Path:
    return Path(os.environ.get("ACCUEIL_SCENARIOS", _bundled("scenarios")))


def rubrics_dir() -> Path:
    return Path(os.environ.get("ACCUEIL_RUBRICS", _bundled("rubrics")))


def intentions_file() -> Path:
    return scenarios_dir() / "intentions.yaml"


def data_dir() -> Path:
    """Sessions database and recordings; ACCUEIL_DATA_DIR overrides the user's data folder."""
    return Path(os.environ.get("ACCUEIL_DATA_DIR") or user_data_dir("accueil", appauthor=False))


def database_url() -> str | None:
    """The shared sessions database of a training centre (ACCUEIL_DATABASE_URL, e.g.
    postgresql://user:password@server/accueil); None: SQLite in the data folder."""
    return os.environ.get("ACCUEIL_DATABASE_URL") or None


def cache_dir() -> Path:
    """Rendered caller lines and assembled speech models; ACCUEIL_CACHE_DIR overrides the user's cache."""
    from platformdirs import user_cache_dir

    return Path(os.environ.get("ACCUEIL_CACHE_DIR") or user_cache_dir("accueil", appauthor=False))
