"""Voice activity: Silero VAD v6 (the copy shipped with faster-whisper), one frame at a time."""

from __future__ import annotations

import importlib.resources

import numpy as np

from simulator.audio.base import FRAME_BYTES, AudioError, to_float

CONTEXT_SAMPLES = 64  # Silero v6 at 16 kHz sees the previous frame's last 64 samples too


class SpeechDetector:
    """Probability that each consecutive 32 ms frame holds speech.

    Stateful, like the model: frames must be pushed in order, and `reset()` called before
    an unrelated stream."""

    def __init__(self):
        import onnxruntime

        model = importlib.resources.files("faster_whisper") / "assets" / "silero_vad_v6.onnx"
        if not model.is_file():
            raise AudioError(
                "Le détecteur de parole (Silero VAD, fourni avec faster-whisper) est introuvable. "
                "Réinstallez l'application (make install)."
            )
        options = onnxruntime.SessionOptions()
        # One thread: a frame is tiny and the other core decodes speech meanwhile.
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = 1
        options.log_severity_level = 4
        self.session = onnxruntime.InferenceSession(
            str(model), providers=["CPUExecutionProvider"], sess_options=options
        )
        self.reset()

    def reset(self) -> None:
        self.h = np.zeros((1, 1, 128), dtype=np.float32)
        self.c = np.zeros((1, 1, 128), dtype=np.float32)
        self.context = np.zeros(CONTEXT_SAMPLES, dtype=np.float32)

    def probability(self, frame: bytes) -> float:
        if len(frame) != FRAME_BYTES:
            raise ValueError(f"expected a {FRAME_BYTES}-byte frame, got {len(frame)}")
        samples = to_float(frame)
        window = np.concatenate([self.context, samples])[np.newaxis]
        out, self.h, self.c = self.session.run(
            None, {"input": window, "h": self.h, "c": self.c}
        )
        self.context = samples[-CONTEXT_SAMPLES:]
        return float(out[0])
