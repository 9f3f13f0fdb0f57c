import pytest

from simulator.stt.engines import UnknownEngine, load_transcriber


def test_unknown_engine_lists_the_known_ones():
    with pytest.raises(UnknownEngine, match="« google ».*whisper, vosk"):
        load_transcriber("google", None)
