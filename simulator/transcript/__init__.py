"""A call as data: its context and its events, and the plain-text dialogue format."""

from simulator.transcript.model import CallContext, CallerFacts, Transcript

__all__ = ["CallContext", "CallerFacts", "Transcript"]
