"""The call runtime: trainee events in, caller events out. No I/O, no clock of its own."""

from simulator.engine.runtime import CallRuntime

__all__ = ["CallRuntime"]
