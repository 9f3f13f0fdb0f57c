"""Offline speech recognition: engines behind one streaming interface, loaded once per session."""
