"""The real Whisper model on real French speech (../shared/fr-speech beside the clone)."""

import numpy as np
import pytest
from rapidfuzz.distance import Levenshtein

from simulator.audio.base import silence
from simulator.audio.wavfiles import read_wav, split_frames
from simulator.stt.base import transcribe
from simulator.stt.models import SpeechModelError
from simulator.stt.whisper import WhisperTranscriber, window_for, without_loops
from simulator.text.normalize import tokens
from speech_sets import FR_SPEECH, long_utterances, repeated_ngram

pytestmark = pytest.mark.skipif(not FR_SPEECH.is_dir(), reason=f"{FR_SPEECH} absent")


@pytest.fixture(scope="module")
def whisper(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ACCUEIL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return WhisperTranscriber()


def clip(name: str) -> bytes:
    return read_wav(FR_SPEECH / name)


def test_transcribes_french_frame_by_frame(whisper):
    stream = whisper.stream()
    partials = [stream.accept(frame) for frame in split_frames(clip("voxforge_fr-sb-495.wav"))]
    result = stream.finish()
    assert set(partials) == {None}  # Whisper only decodes at the end
    # « il était à soixante millions de kilomètres dans l'espace »
    assert {"kilometres", "espace"} <= set(tokens(result.text))
    assert 0 < result.compute_seconds < 3


def test_silence_and_noise_give_no_text(whisper):
    assert transcribe(whisper, silence(3.0)).text == ""
    assert transcribe(whisper, b"").text == ""


def test_utterance_longer_than_the_window(whisper):
    # 8.25 s + 1 s + 8.1 s: one window holds it all, both sentences must come out.
    pcm = clip("voxforge_fr-sb-498.wav") + silence(1.0) + clip("voxforge_fr-sb-501.wav")
    words = set(tokens(transcribe(whisper, pcm).text))
    assert {"image", "esprit"} <= words  # first sentence
    assert {"poids", "simple"} <= words  # second sentence, past 10 s


@pytest.mark.parametrize("name", ["long-01", "long-06", "long-08", "long-15"])
def test_long_turns_never_loop(whisper, name):
    # Real clips joined with short breaths (10-13 s): each looped in 10 s windows (« Étant la
    # lumière. » five times, « Annulée. » six times); one window that holds the turn does not.
    utterance = next(u for u in long_utterances() if u.name == name)
    heard = tokens(transcribe(whisper, utterance.pcm).text)
    reference = tokens(utterance.reference)
    assert repeated_ngram(heard) is None, " ".join(heard)
    assert len(heard) <= 1.3 * len(reference)
    assert Levenshtein.distance(reference, heard) / len(reference) < 0.5


def test_window_holds_the_utterance():
    assert window_for(2.0) == 10  # short turns keep the fast window
    assert window_for(9.0) == 14 and window_for(15.0) == 20
    assert window_for(40.0) == 30  # Whisper's own limit: past it, windows follow one another


@pytest.mark.parametrize(("heard", "kept"), [
    ("1,9,1,1,1,1,1,1,1,1,1,1,1,1", "1,9,1"),
    ("de la suite de la suite de la suite de la suite de la suite de la suite fin", "de la suite fin"),
    ("Annulée. Annulée. Annulée. Annulée. Annulée. Annulée.", "Annulée."),
    ("mon numéro : 06 11 11 11 11", "mon numéro : 06 11 11 11 11"),  # five pairs: a phone number
    ("oui oui oui, d'accord", "oui oui oui, d'accord"),
])
def test_decoder_loops_are_said_once(heard, kept):
    assert without_loops(heard) == kept


def test_the_same_audio_always_gives_the_same_words(whisper):
    # Speech drowned in noise needs the fallback temperature, which samples: unseeded, four decodes
    # of this clip gave three different transcripts; seeded, one.
    rng = np.random.default_rng(3)
    speech = np.frombuffer(clip("voxforge_fr-sb-500.wav"), "<i2").astype(np.float32) / 32768
    noisy = np.clip(speech * 4 + rng.standard_normal(len(speech)) * 0.15, -1, 1).astype(np.float32)
    assert len({whisper.decode(noisy).text for _ in range(4)}) == 1


def test_word_times_on_request(whisper, monkeypatch):
    monkeypatch.setattr(whisper, "word_timestamps", True)
    result = transcribe(whisper, clip("stp_fr_02.wav"))  # « allume la lumière »
    assert [w.text.strip(".").lower() for w in result.words][-1] == "lumière"
    starts = [w.start for w in result.words]
    assert starts == sorted(starts) and result.words[-1].end <= 3.5


def test_model_dir_without_model_is_a_french_error(tmp_path):
    with pytest.raises(SpeechModelError, match="--stt-model"):
        WhisperTranscriber(tmp_path)


def test_subtitle_hallucinations_are_dropped(whisper, monkeypatch):
    from types import SimpleNamespace

    said = ["Sous-titrage ST' 501", "Merci d’avoir regardé cette vidéo !", "...", " Bonjour."]
    segments = [SimpleNamespace(text=t, words=None) for t in said]
    monkeypatch.setattr(whisper.model, "transcribe", lambda *a, **k: (iter(segments), None))
    assert transcribe(whisper, silence(1.0)).text == "Bonjour."
