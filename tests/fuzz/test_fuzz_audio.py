"""Hostile audio files: recorded replies (`play --replies`), call recordings (`score CALL.wav`) and
the headset check (`check --wav`), and the readers behind them.

What this proves: a WAV that lies in any header field (rates from 0 Hz to 4 GHz, 0 to 65535
channels, 0 to 5-byte samples, 32-bit float with NaN or out-of-range values, data sizes larger or
smaller than the data), is truncated anywhere, holds silence, full-scale clipping, noise or a
tone at 8 to 96 kHz in mono or stereo, or is not audio at all (random bytes named .wav, .mp3,
.ogg, .flac or .m4a; an empty file) is either converted to 16 kHz mono (or stereo for a call)
PCM or refused with a French `AudioError` naming the file — never another exception, never more
than 20 s or 2 GB (a rate of 1 Hz used to make a 2 kB file decode into 64 MB, and a 2 MB one
into 64 GB). Through the CLI, the same files give exit code 0 or 2 with « Erreur : … ». The
speech engine is replaced by a fake: what is under test is reading the files, not recognition.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hostile import bounded, fuzz, hostile_wavs, run_cli, wav_bytes
from hypothesis import given
from hypothesis import strategies as st

from simulator.audio.base import AudioError
from simulator.audio.wavfiles import decode_file, read_wav
from simulator.errors import AccueilError
from simulator.session.recorded_call import AUDIO_SUFFIXES, read_channels
from simulator.stt.base import Transcription

suffixes = st.sampled_from([".wav", ".wav", ".wav", *AUDIO_SUFFIXES])


class _Stream:
    def accept(self, pcm: bytes) -> str | None:
        return None

    def finish(self) -> Transcription:
        return Transcription("Clinique Nest, Camille, bonjour.")


class FakeTranscriber:
    name, decodes_at_end = "faux", False

    def stream(self) -> _Stream:
        return _Stream()


class EngineReached(AccueilError):
    """Raised where the speech model would load: every recorded reply was read by then."""


@pytest.fixture
def fake_engine(monkeypatch):
    monkeypatch.setattr("simulator.session.targets.speech_engine", lambda options, progress=None, offline=False: FakeTranscriber())

    def unreachable(options, progress=None, offline=False):
        raise EngineReached("moteur de reconnaissance atteint : les répliques enregistrées ont toutes été lues")

    monkeypatch.setattr("simulator.ui.headset.speech_engine", unreachable)


def _pcm_ok(pcm: bytes) -> bool:
    return isinstance(pcm, bytes) and len(pcm) % 2 == 0


@fuzz(ci_examples=150)
@given(content=hostile_wavs(), suffix=suffixes)
def test_readers_convert_or_refuse_in_french(content, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fichier{suffix}"
        path.write_bytes(content)
        for read in (read_wav, decode_file, read_channels):
            with bounded():
                try:
                    result = read(path)
                except AudioError as exc:
                    assert str(path) in exc.message, exc.message
                    continue
            if read is read_channels:
                left, right = result
                assert len(left) == len(right) > 0 and left != right
            else:
                assert _pcm_ok(result)


@fuzz(ci_examples=40)
@given(content=hostile_wavs(), suffix=suffixes)
def test_score_a_hostile_call_recording(content, suffix, fake_engine):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"appel{suffix}"
        path.write_bytes(content)
        result = run_cli("score", path, "--organisation", "Clinique Nest", "--trainee", "Camille")
        try:
            read_channels(path)
        except AudioError as exc:
            assert result.exit_code == 2 and exc.message in result.output, result.output


@fuzz(ci_examples=40)
@given(clips=st.lists(hostile_wavs(), min_size=1, max_size=3),
       script=st.sampled_from([None, "@01.wav\n@02.wav\n", "@01.wav\n/attente\n@absent.wav\n", "@01.wav # note\n"]))
def test_play_hostile_recorded_replies(clips, script, fake_engine):
    with tempfile.TemporaryDirectory() as folder:
        replies = Path(folder)
        for i, clip in enumerate(clips, 1):
            (replies / f"{i:02d}.wav").write_bytes(clip)
        if script is not None:
            (replies / "repliques.txt").write_text(script, encoding="utf-8")
        result = run_cli("play", "appel-calme", "-t", "Camille", "--replies", replies)
        assert result.exit_code == 2  # refused, or stopped by the fake engine once every clip was read
        needed = (sorted(replies.glob("*.wav")) if script is None
                  else [replies / name for name in re.findall(r"@(\S+)", script)])  # a script plays what it names
        # The call goes as far as the speech model exactly when every clip it needs can be read.
        assert ("moteur de reconnaissance atteint" in result.output) == all(map(_readable, needed)), result.output


def _readable(path: Path) -> bool:
    try:
        read_wav(path)
    except AudioError:
        return False
    return True


def stereo_call(seconds: float = 1.0) -> bytes:
    t = np.arange(int(16000 * seconds))
    left, right = np.sin(t * 0.05) * 8000, np.sin(t * 0.08) * 8000
    return wav_bytes(np.stack([left, right], axis=1).astype("<i2").tobytes(), channels=2)


@pytest.mark.parametrize("name, content, message", [
    ("tronque-entete.wav", stereo_call()[:30], "illisible"),
    ("tronque-donnees.wav", stereo_call()[:-1000], None),  # FFmpeg reads what is there
    ("vide.wav", b"", "illisible"),
    ("bruit.wav", bytes(range(256)) * 64, "illisible"),
    ("un-hertz.wav", wav_bytes(bytes(range(256)) * 64, rate=1, channels=2, width=1), "illisible"),
    ("faux.mp3", b"ID3" + bytes(4000), "illisible"),
    ("faux.ogg", b"OggS" + bytes(range(256)) * 8, "illisible"),
    ("mono.wav", wav_bytes(np.full(16000, 1000, "<i2").tobytes()), "deux canaux"),
    ("silence.wav", wav_bytes(bytes(64000), channels=2), "deux canaux"),  # two identical channels
    ("ecretage.wav", wav_bytes(np.tile(np.array([[32767, -32768]], "<i2"), (16000, 1)).tobytes(), channels=2),
     "aucune parole du stagiaire"),
])
def test_named_call_recordings(tmp_path, fake_engine, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli("score", path, "--organisation", "Clinique Nest", "--trainee", "Camille")
    if message is None:
        assert result.exit_code in (0, 2)
    else:
        assert result.exit_code == 2 and message in result.output, result.output


@pytest.fixture
def fake_headset(monkeypatch):
    class Silent:
        def render(self, text, voice):
            return bytes(3200)

    loaded = []
    monkeypatch.setattr("simulator.ui.headset.speech_engine",
                        lambda options, progress=None: loaded.append(options) or FakeTranscriber())
    monkeypatch.setattr("simulator.ui.headset.synthesizer", Silent)
    return loaded


@pytest.mark.parametrize("content", [b"", b"RIFF\x00\x00\x00\x00WAVEfmt ", bytes(range(256)) * 8,
                                     wav_bytes(bytes(2000), rate=1, width=1), wav_bytes(bytes(100), claimed=10 ** 6)],
                         ids=["vide", "entete-tronque", "octets", "un-hertz", "annonce-trop"])
def test_check_refuses_a_bad_test_recording(tmp_path, fake_headset, content):
    path = tmp_path / "essai.wav"
    path.write_bytes(content)
    result = run_cli("check", "--wav", path, "--seconds", "3")
    assert result.exit_code == 2 and "essai.wav" in result.output, result.output
    assert fake_headset == [], "the file is refused before the speech model loads"


def test_the_rate_guard_keeps_decoding_small(tmp_path):
    """2 MB at a claimed 1 Hz would be 64 GB resampled to 16 kHz: refused before decoding."""
    path = tmp_path / "un-hertz.wav"
    path.write_bytes(wav_bytes(bytes(2 * 1024 * 1024), rate=1, width=1))
    with bounded(seconds=5, headroom=512 * 1024 ** 2), pytest.raises(AudioError, match="fréquence"):
        decode_file(path)
