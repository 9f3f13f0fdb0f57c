"""Speech recognition benchmark: word error rate, decode time per utterance, real-time factor.

    python bench/stt_wer.py DIR [--engine whisper|vosk] [--stt-model DIR] [--window 10|30]
                                [--beam N] [--words] [--repeat N]

DIR holds 16 kHz mono WAV clips and transcripts.tsv (file<TAB>reference text). Both sides are
normalised as the matchers see them (simulator.text.normalize: lower case, no accents or
punctuation, numbers as digits). Also decodes silence and noise, which must give no words.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.audio.base import RATE  # noqa: E402
from simulator.audio.wavfiles import read_wav  # noqa: E402
from simulator.stt.base import transcribe  # noqa: E402
from simulator.stt.engines import load_transcriber  # noqa: E402
from simulator.text.normalize import tokens  # noqa: E402


def negatives(seed: int = 0) -> dict[str, bytes]:
    """Audio without speech: what an over-eager endpointer may hand to the recognizer."""
    rng = np.random.default_rng(seed)

    def pcm(x: np.ndarray) -> bytes:
        return (np.clip(x, -1, 1) * 32767).astype(np.int16).tobytes()

    n = 2 * RATE
    white = rng.standard_normal(n)
    brown = np.cumsum(rng.standard_normal(n))
    brown = (brown - np.convolve(brown, np.ones(801) / 801, "same")) / 40  # rumble, no drift
    hum = np.sin(2 * np.pi * 50 * np.arange(n) / RATE)
    clicks = np.zeros(n)
    clicks[:: RATE // 4] = 0.8
    return {
        "silence": pcm(np.zeros(n)),
        "white_-50dB": pcm(white * 10 ** (-50 / 20)),
        "white_-30dB": pcm(white * 10 ** (-30 / 20)),
        "white_-20dB": pcm(white * 10 ** (-20 / 20)),
        "clicks": pcm(clicks),
        "rumble": pcm(brown * 0.05),
        "hum_50Hz_-30dB": pcm(hum * 10 ** (-30 / 20) * 1.41),
        "breath_-40dB": pcm(white * 10 ** (-40 / 20) * np.hanning(n)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--engine", default="whisper", choices=["whisper", "vosk"])
    parser.add_argument("--stt-model", type=Path)
    parser.add_argument("--window", type=int, choices=[10, 30], default=10)
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--words", action="store_true",
                        help="with word timestamps (the session runs without: measure what it runs)")
    parser.add_argument("--repeat", type=int, default=1, help="decode each clip N times")
    parser.add_argument("--per-clip", action="store_true", help="list every clip")
    args = parser.parse_args()

    options = {}
    if args.engine == "whisper":
        options = dict(window=args.window, beam_size=args.beam, word_timestamps=args.words)
    started = time.perf_counter()
    engine = load_transcriber(args.engine, args.stt_model, **options)
    load_seconds = time.perf_counter() - started

    with (args.dir / "transcripts.tsv").open(encoding="utf-8") as f:
        references = {row["file"]: row["text"] for row in csv.DictReader(f, delimiter="\t")}

    transcribe(engine, read_wav(args.dir / next(iter(references))))  # warm-up, not counted
    clips, edits, ref_words, audio_seconds = [], 0, 0, 0.0
    for name, reference in references.items():
        pcm = read_wav(args.dir / name)
        result = min((transcribe(engine, pcm) for _ in range(args.repeat)),
                     key=lambda r: r.compute_seconds)
        ref, hyp = tokens(reference), tokens(result.text)
        distance = Levenshtein.distance(ref, hyp)
        edits += distance
        ref_words += len(ref)
        duration = len(pcm) / (2 * RATE)
        audio_seconds += duration
        clips.append(dict(file=name, seconds=round(duration, 2),
                          compute=round(result.compute_seconds, 3), errors=distance,
                          words=len(ref), hypothesis=result.text))

    computes = sorted(c["compute"] for c in clips)
    summary = dict(
        engine=engine.name,
        options=options,
        clips=len(clips),
        audio_seconds=round(audio_seconds, 1),
        load_seconds=round(load_seconds, 2),
        wer=round(edits / ref_words, 4),
        rtf=round(sum(computes) / audio_seconds, 3),
        compute_p50=round(statistics.median(computes), 3),
        compute_p95=round(computes[int(0.95 * (len(computes) - 1))], 3),
        compute_max=round(computes[-1], 3),
        negatives={name: transcribe(engine, pcm).text for name, pcm in negatives().items()},
    )
    if args.per_clip:
        summary["per_clip"] = clips
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
