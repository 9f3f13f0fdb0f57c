"""MBROLA voices rendered in two steps, so that questions can rise (`intonation`): espeak-ng
writes the phonemes, their lengths and pitch targets (`--pho`), the mbrola program renders them.

The programs espeak-ng's library drives itself for its « mb-xxN » voices: a statement has the
same phonemes, lengths and pitch as through it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from simulator.audio.wavfiles import decode_file
from simulator.tts.base import Voice
from simulator.tts.intonation import pieces, rising_pho

TIMEOUT = 60.0
# MBROLA's samples times GAIN × volume (0–100): mb-fr4 as loud as through espeak-ng's library
# (measured: 0.88 at volume 70); one scale for every voice, so mb-fr1 is 1.9 dB louder than there.
GAIN = 0.88 / 70


class MbrolaError(Exception):
    """espeak-ng or MBROLA failed; the message says which and why (in French)."""


def render(text: str, voice: Voice, database: Path) -> bytes:
    """`text` spoken by the MBROLA voice `voice.name` (« mb-fr1 »), whose database is the file
    `database`: 16 kHz mono int16 PCM."""
    pho = ""
    for piece, question in pieces(text):
        phonemes = _phonemes(piece, voice)
        pho += rising_pho(phonemes) if question else phonemes
    if not pho.strip():
        return b""
    with tempfile.TemporaryDirectory(prefix="accueil-mbrola-") as folder:
        wav = Path(folder) / "ligne.wav"
        _run(["mbrola", "-e", "-v", f"{GAIN * voice.volume:.4f}", str(database), "-", str(wav)], pho, "MBROLA")
        return decode_file(wav)


def _phonemes(text: str, voice: Voice) -> str:
    if not text.strip():
        return ""
    return _run(["espeak-ng", "-q", "--pho", "--stdin", "-v", voice.name, "-s", str(voice.rate),
                 "-p", str(voice.pitch)], text, "espeak-ng")


def _run(command: list[str], text: str, name: str) -> str:
    if not shutil.which(command[0]):
        raise MbrolaError(f"programme {command[0]} introuvable (Debian : apt-get install {command[0]})")
    try:
        done = subprocess.run(command, input=text, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise MbrolaError(f"{name} ne répond plus") from exc
    if done.returncode != 0:
        raise MbrolaError(f"{name} a échoué : {done.stderr.strip()[:200] or done.returncode}")
    return done.stdout
