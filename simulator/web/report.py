"""The report of one session a trainer sends to the trainee: one HTML file, French, nothing to
fetch (the recording inside), every transcript word escaped."""

from __future__ import annotations

import base64
import hashlib
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from simulator import __version__
from simulator.errors import InputError
from simulator.events import CallerSaid, TraineeSaid
from simulator.scoring.criteria import Evidence
from simulator.session.delivery import readings, session_delivery
from simulator.text.figures import measured
from simulator.transcript.overlaps import MIN_OVERLAP
from simulator.trainer.recording import WEB_MIME, mixed_recording, web_audio
from simulator.trainer.assessment import Assessment
from simulator.trainer.timeline import WHOLE_CALL, Step
from simulator.transcript.dialogue import format_time
from simulator.transcript.wording import cut_note, overlap_note, symbolized
from simulator.web.present import date
from simulator.web.results import scenario_title, verdict_word

standalone_pages = Environment(loader=PackageLoader("simulator.web", "templates"), autoescape=True,
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_SCRIPT = files("simulator.web").joinpath("templates/report.js").read_text(encoding="utf-8")


def stamp(t: float | None) -> str:
    return format_time(t).strip(" []")


def verdict(passed: bool | None) -> str:
    return verdict_word(passed is not None, bool(passed))


def speaker(step: Step, trainee: str) -> str:
    if isinstance(step.event, CallerSaid):
        return "Appelant"
    if isinstance(step.event, TraineeSaid):
        return trainee or "Stagiaire"
    return ""


def line_text(step: Step) -> str:
    """A spoken line's words, or what happened (hold, transfer, message slip, end)."""
    if isinstance(step.event, CallerSaid) and step.event.cut:
        return f"{step.event.text}… ({cut_note(step.event)})"
    if step.spoken:
        return step.event.text
    return symbolized(step.event)


def evidence_where(evidence: Evidence) -> str:
    return " ".join(x for x in (f"tour {evidence.turn}" if evidence.turn else "", stamp(evidence.t)) if x)


def render_report(session: Assessment, audio_uri: str | None) -> str:
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    times = [e.t for e in session.transcript.events if e.t is not None]
    delivery = session_delivery(session.info.directory, session.transcript.events)
    return standalone_pages.get_template("report.html").render(
        delivery=delivery, readings=readings(delivery) if delivery else [], measured=measured,
        min_overlap=MIN_OVERLAP,
        s=session, info=session.info, title=scenario_title(session.info.scenario_id),
        context=session.transcript.context, audio_uri=audio_uri,
        duration=stamp(max(times)) if times else "", script=_SCRIPT, script_hash=f"sha256-{digest}",
        whole_call=WHOLE_CALL, version=__version__, stamp=stamp, date=date, verdict=verdict, speaker=speaker,
        line_text=line_text, overlap_note=overlap_note, evidence_where=evidence_where)


def audio_uri(session: Assessment) -> str | None:
    if session.recording is None:
        return None
    pcm = mixed_recording(session.recording)
    if not pcm:  # a header, and no sound FFmpeg could decode: nothing to listen to (and no MP3 to make)
        return None
    encoded = web_audio(pcm)
    return f"data:{WEB_MIME};base64,{base64.b64encode(encoded).decode('ascii')}"


def write_report(session: Assessment, output: Path) -> int:
    """Write the report; returns its size in bytes."""
    html = render_report(session, audio_uri(session)).encode("utf-8")
    try:
        output.write_bytes(html)
    except OSError as exc:
        raise InputError(f"impossible d'écrire le rapport {output} ({exc.strerror})") from None
    return len(html)
