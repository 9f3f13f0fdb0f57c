"""A small real filesystem that fills up: a tmpfs with a size limit, for the full-disk tests.

Use from a test module: `from tmpfs import small_disk, fill  # noqa: F401` (tests/ is on sys.path).
Mounting needs root: without it the tests are skipped, unless ACCUEIL_REQUIRE_MOUNT=1 (CI), which
fails instead, so that the full-disk tests are never silently skipped there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SIZE = "2m"
BALLAST = "lest"


def mount(point: Path) -> str | None:
    """Mount an empty 2 MiB tmpfs on the folder `point`; None, or why it cannot be done here."""
    if shutil.which("mount") is None:
        return "no mount command"
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(point)],
                            capture_output=True, text=True)
    return None if result.returncode == 0 else (result.stderr.strip() or f"mount exited with {result.returncode}")


def unmount(point: Path) -> None:
    subprocess.run(["umount", "--lazy", str(point)], check=True)


def unavailable(reason: str):
    if os.environ.get("ACCUEIL_REQUIRE_MOUNT") == "1":
        pytest.fail(f"a small tmpfs is required (ACCUEIL_REQUIRE_MOUNT=1) but cannot be mounted: {reason}")
    pytest.skip(f"cannot mount a small tmpfs ({reason}); run the tests as root")


@pytest.fixture
def small_disk(tmp_path) -> Path:
    """An empty 2 MiB filesystem of the test's own, unmounted afterwards."""
    point = tmp_path / "disque"
    point.mkdir()
    if problem := mount(point):
        unavailable(problem)
    yield point
    unmount(point)


def free_bytes(path: Path) -> int:
    stats = os.statvfs(path)
    return stats.f_bavail * stats.f_frsize


def fill(disk: Path, leave: int) -> Path:
    """Take all the free space of `disk` but `leave` bytes, with a ballast file to remove later."""
    ballast = disk / BALLAST
    with open(ballast, "ab") as file:
        os.posix_fallocate(file.fileno(), 0, os.fstat(file.fileno()).st_size + free_bytes(disk) - leave)
    return ballast
