"""Durable storage of sessions: SQLite by default, one directory per session for its files."""

from simulator.store.sessions import ManualLevel, Membership, Outgoing, SessionInfo, SessionStore

__all__ = ["ManualLevel", "Membership", "Outgoing", "SessionInfo", "SessionStore"]
