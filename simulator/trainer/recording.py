"""A session's recording as a trainer hears it: both voices in one channel, and small enough to
send by e-mail."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from simulator.audio.base import RATE
from simulator.audio.wavfiles import read_wav

# Down-mixing averages the channels, so a voice alone comes out 6 dB quieter: give it back, as
# far as the loudest peak allows (the two voices seldom overlap).
_PEAK = 0.9 * 32767
_MAX_GAIN = 2.0

# MP3 plays in every browser and mail client's viewer; 24 kb/s mono at 16 kHz keeps speech
# clear (about 100 kB for a 35 s call; Ogg Opus would be 30 % smaller but not every browser plays it).
WEB_MIME, WEB_BITRATE = "audio/mpeg", 24_000


def mixed_recording(path: Path) -> bytes:
    """The stereo recording (caller left, trainee right) as 16 kHz mono PCM, both voices mixed."""
    samples = np.frombuffer(read_wav(path), dtype="<i2")
    peak = int(np.abs(samples).max()) if len(samples) else 0
    gain = min(_MAX_GAIN, _PEAK / peak) if peak else 1.0
    return np.clip(samples * gain, -32768, 32767).astype("<i2").tobytes()


def web_audio(pcm: bytes) -> bytes:
    """16 kHz mono PCM as MP3, with PyAV (FFmpeg)."""
    import av

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp3") as container:
        stream = container.add_stream("libmp3lame", rate=RATE, layout="mono")
        stream.bit_rate = WEB_BITRATE
        frame = av.AudioFrame.from_ndarray(np.frombuffer(pcm, dtype="<i2").reshape(1, -1), format="s16",
                                           layout="mono")
        frame.sample_rate = RATE
        resampler = av.AudioResampler(format=stream.codec_context.format.name, layout="mono", rate=RATE)
        for converted in resampler.resample(frame) + resampler.resample(None):
            container.mux(stream.encode(converted))
        container.mux(stream.encode(None))
    return buffer.getvalue()
