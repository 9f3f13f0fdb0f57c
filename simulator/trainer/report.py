"""The report of one session a trainer sends to the trainee: one HTML file, nothing to fetch."""

from __future__ import annotations

import base64
from pathlib import Path

from simulator.errors import InputError
from simulator.trainer.recording import WEB_MIME, mixed_recording, web_audio
from simulator.trainer.session import ReviewedSession
from simulator.ui.report import render_report


def audio_uri(session: ReviewedSession) -> str | None:
    if session.recording is None:
        return None
    pcm = mixed_recording(session.recording)
    if not pcm:  # a header, and no sound FFmpeg could decode: nothing to listen to (and no MP3 to make)
        return None
    encoded = web_audio(pcm)
    return f"data:{WEB_MIME};base64,{base64.b64encode(encoded).decode('ascii')}"


def write_report(session: ReviewedSession, output: Path) -> int:
    """Write the report; returns its size in bytes."""
    html = render_report(session, audio_uri(session)).encode("utf-8")
    try:
        output.write_bytes(html)
    except OSError as exc:
        raise InputError(f"impossible d'écrire le rapport {output} ({exc.strerror})") from None
    return len(html)
