import pytest

from simulator.audio.base import FRAME_BYTES
from simulator.audio.fake import MemoryIn, MemoryOut


def test_memory_in_cuts_pcm_into_padded_frames_then_ends():
    source = MemoryIn(b"\x01\x00" * 600)
    first, second = source.read(), source.read()
    assert len(first) == len(second) == FRAME_BYTES
    assert second[176:] == bytes(FRAME_BYTES - 176)  # 88 samples left, then silence
    with pytest.raises(EOFError):
        source.read()


def test_memory_in_returns_given_frames():
    frames = [bytes([n]) * FRAME_BYTES for n in range(3)]
    source = MemoryIn(frames)
    assert [source.read() for _ in range(3)] == frames


def test_memory_out_records_sounds_start_times_and_loops():
    now = [10.0]
    heard = []
    out = MemoryOut(clock=lambda: now[0], on_played=lambda pcm, at: heard.append((pcm, at)))
    out.play(b"ab")
    now[0] = 11.5
    out.start_loop(b"music")
    assert out.looping
    now[0] = 12.0
    out.play(b"cd")  # a new sound ends the hold music
    assert not out.looping
    assert out.played == [b"ab", b"cd"] and out.pcm == b"abcd"
    assert out.starts == [10.0, 12.0] and out.started_at == 12.0
    assert (out.loops[0].started_at, out.loops[0].stopped_at) == (11.5, 12.0)
    assert heard == [(b"ab", 10.0), (b"cd", 12.0)]
