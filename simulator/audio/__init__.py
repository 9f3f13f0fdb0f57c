"""Audio in and out: small interfaces with PyAudio, WAV-file and in-memory adapters."""
