"""The caller's voice: text-to-speech engines behind one small interface, with a render cache."""
