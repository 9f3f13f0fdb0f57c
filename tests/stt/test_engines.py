import pytest

from simulator.stt.engines import OFFLINE_OPTIONS, UnknownEngine, load_transcriber


def test_unknown_engine_lists_the_known_ones():
    with pytest.raises(UnknownEngine, match="« google ».*whisper, vosk"):
        load_transcriber("google", None)


def test_recordings_get_the_offline_options_live_calls_do_not(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCUEIL_CACHE_DIR", str(tmp_path))
    assert load_transcriber("whisper", offline=True).beam_size == OFFLINE_OPTIONS["whisper"]["beam_size"] > 1
    assert load_transcriber("whisper").beam_size == 1
    assert load_transcriber("whisper", offline=True, beam_size=2).beam_size == 2  # asked for wins
