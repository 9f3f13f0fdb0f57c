"""The trainer's web dashboard (`accueil serve`): sessions, review of verdicts, progress, exports."""

from simulator.web.app import create_app

__all__ = ["create_app"]
