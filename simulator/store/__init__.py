"""Durable storage of sessions: SQLite by default, one directory per session for its files."""

from simulator.store.sessions import SessionInfo, SessionStore

__all__ = ["SessionInfo", "SessionStore"]
