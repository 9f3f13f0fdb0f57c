"""The HTML report of a session: French, self-contained, every transcript word escaped."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined

from simulator import __version__
from simulator.events import CallerSaid, TraineeSaid
from simulator.scoring.criteria import Evidence
from simulator.trainer.session import ReviewedSession
from simulator.trainer.timeline import WHOLE_CALL, Step
from simulator.transcript.dialogue import format_time
from simulator.ui.render import event_text

_environment = Environment(loader=PackageLoader("simulator.ui", "templates"), autoescape=True,
                           undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_SCRIPT = files("simulator.ui").joinpath("templates/report.js").read_text(encoding="utf-8")


def stamp(t: float | None) -> str:
    return format_time(t).strip(" []")


def date(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y à %H:%M")
    except ValueError:
        return iso


def verdict(passed: bool | None) -> str:
    return "sans objet" if passed is None else "réussi" if passed else "à revoir"


def speaker(step: Step, trainee: str) -> str:
    if isinstance(step.event, CallerSaid):
        return "Appelant"
    if isinstance(step.event, TraineeSaid):
        return trainee or "Stagiaire"
    return ""


def line_text(step: Step) -> str:
    """A spoken line's words, or what happened (hold, transfer, message slip, end)."""
    if step.spoken:
        return step.event.text
    return event_text(step.event).plain.removeprefix(format_time(step.event.t)).strip()


def evidence_where(evidence: Evidence) -> str:
    return " ".join(x for x in (f"tour {evidence.turn}" if evidence.turn else "", stamp(evidence.t)) if x)


def render_report(session: ReviewedSession, audio_uri: str | None) -> str:
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    times = [e.t for e in session.transcript.events if e.t is not None]
    return _environment.get_template("report.html").render(
        s=session, info=session.info, context=session.transcript.context, audio_uri=audio_uri,
        duration=stamp(max(times)) if times else "", script=_SCRIPT, script_hash=f"sha256-{digest}",
        whole_call=WHOLE_CALL, version=__version__, stamp=stamp, date=date, verdict=verdict, speaker=speaker,
        line_text=line_text, evidence_where=evidence_where)
