"""The render cache: one render per line, atomic files, damaged files rendered again."""

import wave

from simulator.audio.base import RATE
from simulator.tts.base import Voice
from simulator.tts.cache import CachedSynthesizer

VOICE = Voice("mb-fr4", 150, 50)


class FakeSynthesizer:
    engine_id = "faux-v1"

    def __init__(self):
        self.calls = []

    def render(self, text, voice):
        self.calls.append((text, voice))
        return bytes([len(text) % 256, 1]) * 800


def test_second_render_is_read_from_disk(tmp_path):
    inner = FakeSynthesizer()
    cached = CachedSynthesizer(inner, tmp_path)
    first = cached.render("Bonjour.", VOICE)
    assert CachedSynthesizer(inner, tmp_path).render("Bonjour.", VOICE) == first  # survives a restart
    assert cached.render("Bonjour.", VOICE) == first
    assert len(inner.calls) == 1
    with wave.open(str(cached.path("Bonjour.", VOICE))) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
    assert not list(tmp_path.glob("*.tmp"))


def test_key_covers_text_voice_rate_pitch_volume_and_engine(tmp_path):
    cached = CachedSynthesizer(FakeSynthesizer(), tmp_path)
    paths = {cached.path("Bonjour.", VOICE), cached.path("Bonjour !", VOICE),
             cached.path("Bonjour.", Voice("mb-fr1", 150, 50)), cached.path("Bonjour.", Voice("mb-fr4", 151, 50)),
             cached.path("Bonjour.", Voice("mb-fr4", 150, 49)), cached.path("Bonjour.", Voice("mb-fr4", 150, 50, 85))}
    other_engine = FakeSynthesizer()
    other_engine.engine_id = "autre"
    paths.add(CachedSynthesizer(other_engine, tmp_path).path("Bonjour.", VOICE))
    assert len(paths) == 7


def test_damaged_files_are_rendered_again(tmp_path):
    inner = FakeSynthesizer()
    cached = CachedSynthesizer(inner, tmp_path)
    good = cached.render("Bonjour.", VOICE)
    path = cached.path("Bonjour.", VOICE)
    for damage in (path.read_bytes()[:-100], b"RIFF", b"", b"pas un fichier wav" * 10):
        path.write_bytes(damage)
        assert cached.render("Bonjour.", VOICE) == good
    assert len(inner.calls) == 5
    assert cached.render("Bonjour.", VOICE) == good and len(inner.calls) == 5


def test_prerender_renders_each_new_line_once_and_reports_progress(tmp_path):
    inner = FakeSynthesizer()
    cached = CachedSynthesizer(inner, tmp_path / "voix")
    cached.render("Allô ?", VOICE)
    steps = []
    cached.prerender([(text, VOICE) for text in ("Allô ?", "Bonjour.", "Bonjour.", "Au revoir.")],
                     progress=lambda done, total: steps.append((done, total)))
    assert [text for text, _ in inner.calls] == ["Allô ?", "Bonjour.", "Au revoir."]
    assert steps[0] == (0, 3) and steps[-1] == (3, 3)
