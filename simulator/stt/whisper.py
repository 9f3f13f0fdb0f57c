"""Whisper (faster-whisper, CTranslate2 int8 on CPU): buffers the utterance, decodes at its end."""

from __future__ import annotations

import math
import re
import time
from pathlib import Path
from typing import Sequence

import ctranslate2
import numpy as np

from simulator.audio.base import RATE, to_float
from simulator.stt.base import Transcription, Word
from simulator.stt.models import Progress, SpeechModelError, whisper_base_dir

WINDOW_SECONDS = 10
"""Shortest encoder window. Whisper pads every input to 30 s and the encoder cost follows the
window, not the speech; CTranslate2 also accepts shorter windows. bench/stt_wer.py on 49 real
French clips (1-8 s), 2 cores, beam 1: 30 s window, WER 25.4-25.8 %, 1.3-1.7 s per utterance
(median); 10 s window, WER 26.1-26.8 %, 0.31-0.38 s."""
MAX_WINDOW_SECONDS = 30  # Whisper's own: the model never saw a longer input
WINDOW_MARGIN = 5.0  # seconds of padding after the speech in the window


def window_for(seconds: float, shortest: int = WINDOW_SECONDS) -> int:
    """The encoder window for an utterance: the whole utterance and some padding after it.

    Cut into 10 s windows, a 10-25 s turn loops (« de nos clums et de nos clums … »); a window
    that ends just after the speech loops too. bench/stt_wer.py, 15 long utterances joined from
    ../shared/fr-speech (10-16 s), 2 cores: 10 s windows, WER 85 % (sentences repeated); 30 s
    window, 20.7 % and 19.3 s of decoding; utterance + 0.5 s, 48.6 % (3 loops); + 3 s, 21.8 %;
    + 5 s, 20.4 % and 14.4 s, no loop. Short utterances (up to 5 s) keep the 10 s window."""
    return min(MAX_WINDOW_SECONDS, max(shortest, math.ceil(seconds + WINDOW_MARGIN)))


# Whisper's training subtitles leak out on silence and noise; a trainee never says these.
_HALLUCINATIONS = re.compile(
    r"sous-titr|amara\.org|merci d.avoir regard|abonnez-vous|radio-canada|^\W*$",
    re.IGNORECASE,
)
# A window is dropped when the model thinks it is not speech and is unsure of its words. Measured
# on bench/stt_wer.py: real clips stay at or below 0.43, silence, rumble and clicks at 0.54-0.59
# (faster-whisper's default, 0.6, let a click through as « Un »).
NO_SPEECH_PROBABILITY = 0.5
LOW_LOG_PROBABILITY = -1.0
SEED = 1  # of the fallback temperature's sampling
# A decoder that loops writes the same words over and over (« 1,1,1,1,1,… » for 40 s of a loud
# telephone line). Six times in a row is a loop, never speech: a phone number has five pairs.
_LOOP = re.compile(r"\b(\w.{0,59}?)\b(?:[\s,.;!?-]*\b\1\b){5,}")


class WhisperTranscriber:
    name = "whisper"
    decodes_at_end = True  # all the work comes after end of speech: worth starting early

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        window: int = WINDOW_SECONDS,
        beam_size: int = 1,  # beam 3: WER -1 point, +0.18 s per utterance
        word_timestamps: bool = False,  # +0.07 s per utterance (median)
        threads: int = 2,
        progress: Progress | None = None,
    ):
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer

        class WindowedModel(WhisperModel):
            def encode(self, features):
                # generate_segments pads every segment to 30 s of features; past the window
                # they are only padding, so the encoder is given just the window.
                return super().encode(features[..., : self.feature_extractor.nb_max_frames])

        directory = Path(model_dir) if model_dir else whisper_base_dir(progress)
        if not (directory / "model.bin").is_file():
            raise SpeechModelError(
                f"Aucun modèle Whisper dans {directory} (model.bin manquant). Indiquez avec "
                f"--stt-model un dossier de modèle converti pour faster-whisper."
            )
        try:
            self.model = WindowedModel(
                str(directory), device="cpu", compute_type="int8", cpu_threads=threads
            )
        except (RuntimeError, ValueError, OSError) as error:
            raise SpeechModelError(
                f"Le modèle Whisper de {directory} ne se charge pas ({error}). Vérifiez le dossier "
                f"donné à --stt-model, ou supprimez-le du cache pour qu'il soit réassemblé."
            ) from error
        self.window = window
        self._tokenizer = Tokenizer(self.model.hf_tokenizer, True, task="transcribe", language="fr")
        self.beam_size = beam_size
        self.word_timestamps = word_timestamps

    def stream(self) -> WhisperStream:
        return WhisperStream(self)

    def log_likelihoods(self, pcm: bytes, texts: Sequence[str]) -> list[tuple[float, int]]:
        """Each text's log-probability given the utterance, the decoder forced through its tokens
        (CTranslate2's `align`, as faster-whisper uses for word times): one encoder pass, the texts
        in one batch."""
        if not texts:
            return []
        samples = to_float(pcm)
        window = window_for(len(samples) / RATE, self.window)
        frames = window * 100  # 10 ms hops
        features = self.model.feature_extractor(samples, chunk_length=window)[:, :frames]
        features = np.pad(features, ((0, 0), (0, frames - features.shape[1])))
        encoded = np.array(self.model.model.encode(
            ctranslate2.StorageView.from_array(features[None].astype(np.float32)), to_cpu=True))
        tokens = [self._tokenizer.encode(" " + text.strip()) for text in texts]
        results = self.model.model.align(
            ctranslate2.StorageView.from_array(np.repeat(encoded, len(texts), axis=0)),
            self._tokenizer.sot_sequence, tokens, min(frames, len(samples) // 160))
        return [(float(np.log(np.maximum(np.asarray(r.text_token_probs), 1e-12)).sum()), len(t))
                for r, t in zip(results, tokens)]

    def decode(self, samples: np.ndarray) -> Transcription:
        started = time.perf_counter()
        # The fallback temperature samples: seeded, the same audio always gives the same words
        # (a recording scored twice gets the same verdicts).
        ctranslate2.set_random_seed(SEED)
        segments, _ = self.model.transcribe(
            samples,
            language="fr",
            task="transcribe",
            beam_size=self.beam_size,
            chunk_length=window_for(len(samples) / RATE, self.window),
            word_timestamps=self.word_timestamps,
            condition_on_previous_text=False,  # a hallucinated window must not seed the next
            vad_filter=False,  # the endpointer has already cut the utterance out of silence
            temperature=(0.0, 0.4),  # one fallback only: each retry costs a full decode
            no_speech_threshold=NO_SPEECH_PROBABILITY,
            log_prob_threshold=LOW_LOG_PROBABILITY,
        )
        kept = [s for s in segments if not _HALLUCINATIONS.search(s.text.strip())]
        words = tuple(
            Word(w.word.strip(), round(w.start, 3), round(w.end, 3))
            for s in kept
            for w in s.words or ()
        )
        text = without_loops(" ".join(s.text.strip() for s in kept).strip())
        return Transcription(text, words, time.perf_counter() - started)


def without_loops(text: str) -> str:
    """The text with any run repeated six times or more in a row said once."""
    return _LOOP.sub(r"\1", text)


class WhisperStream:
    """Collects the utterance; Whisper needs all of it, so there are no partial transcripts."""

    def __init__(self, engine: WhisperTranscriber):
        self.engine = engine
        self.chunks: list[bytes] = []

    def accept(self, pcm: bytes) -> str | None:
        self.chunks.append(pcm)
        return None

    def finish(self) -> Transcription:
        pcm = b"".join(self.chunks)
        self.chunks = []
        if len(pcm) < RATE // 10:  # under 0.1 s: nothing a person could have said
            return Transcription("")
        samples = to_float(pcm)
        return self.engine.decode(samples)

