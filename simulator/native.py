"""Native libraries (ALSA, JACK, MBROLA) print to the terminal behind Python's back."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Iterator


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence file descriptor 2 for a short native call (device probing, a synthesizer run).

    ALSA and JACK print a screenful of probing errors straight to fd 2 (not through Python), and
    MBROLA reports « Saturation » there: that would bury the trainee's terminal. Process-wide for
    its short duration."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
