"""Vosk (Kaldi): decodes while the trainee speaks, so partial transcripts arrive as they talk."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from simulator.audio.base import RATE, silence
from simulator.stt.base import Transcription, Word
from simulator.stt.models import SpeechModelError

MODEL_ENV = "ACCUEIL_VOSK_MODEL"
_DOWNLOAD_HINT = (
    "Téléchargez le modèle français « vosk-model-small-fr-0.22 » "
    "(https://alphacephei.com/vosk/models), décompressez-le, puis indiquez son dossier avec "
    f"--stt-model DOSSIER (ou la variable {MODEL_ENV})."
)


class VoskTranscriber:
    name = "vosk"
    decodes_at_end = False  # decodes as the audio arrives

    def __init__(self, model_dir: Path | None = None):
        import vosk

        directory = model_dir or os.environ.get(MODEL_ENV)
        if not directory:
            raise SpeechModelError(f"Aucun modèle Vosk indiqué. {_DOWNLOAD_HINT}")
        directory = Path(directory)
        if not (directory / "am").is_dir() or not (directory / "conf").is_dir():
            raise SpeechModelError(
                f"{directory} n'est pas un modèle Vosk (dossiers am/ et conf/ attendus). "
                f"{_DOWNLOAD_HINT}"
            )
        vosk.SetLogLevel(-1)
        try:
            # Always a path: given only a name or a language, vosk would try to download.
            self.model = vosk.Model(model_path=str(directory))
        except Exception as error:  # vosk raises a bare Exception when Kaldi refuses the files
            raise SpeechModelError(
                f"Le modèle Vosk de {directory} ne se charge pas ({error}). {_DOWNLOAD_HINT}"
            ) from error
        # One recognizer for the whole session: a new one fills its decoding graph cache again,
        # which cost the first utterance 3.8 s of decoding against 0.6 s for the next ones
        # (7.5 s clip). Its first decode alone stalls ~1 s: paid here, on silence.
        self.recognizer = vosk.KaldiRecognizer(self.model, RATE)
        self.recognizer.SetWords(True)
        self.recognizer.AcceptWaveform(silence(1.0))
        self.recognizer.Reset()

    def stream(self) -> VoskStream:
        """The next utterance; starting one abandons the previous, unfinished, stream."""
        self.recognizer.Reset()
        return VoskStream(self.recognizer)


class VoskStream:
    def __init__(self, recognizer):
        self.recognizer = recognizer
        # Kaldi may close a segment at a pause inside our utterance; keep what it closed.
        self.closed: list[dict] = []
        self.partial = ""

    def accept(self, pcm: bytes) -> str | None:
        if self.recognizer.AcceptWaveform(pcm):
            self.closed.append(json.loads(self.recognizer.Result()))
            current = ""
        else:
            current = json.loads(self.recognizer.PartialResult()).get("partial", "")
        partial = " ".join(t for t in [*(r.get("text", "") for r in self.closed), current] if t)
        if partial == self.partial:
            return None
        self.partial = partial
        return partial

    def finish(self) -> Transcription:
        started = time.perf_counter()
        results = [*self.closed, json.loads(self.recognizer.FinalResult())]
        self.closed = []
        text = " ".join(r["text"] for r in results if r.get("text"))
        words = tuple(
            Word(w["word"], round(w["start"], 3), round(w["end"], 3))
            for r in results
            for w in r.get("result", ())
        )
        return Transcription(text, words, time.perf_counter() - started)
