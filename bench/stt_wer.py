"""Speech recognition benchmark: word error rate, decode time per utterance, real-time factor,
and decoder loops, for short and long utterances separately.

    python bench/stt_wer.py [DIR] [--engine whisper|vosk] [--stt-model DIR] [--window 10|30]
                                  [--beam N] [--words] [--repeat N] [--sets courts,longs,longs-mbrola]

DIR (default ../shared/fr-speech) holds 16 kHz mono WAV clips and transcripts.tsv (file<TAB>
reference text). Three sets:
- courts: the clips as they are (real voices, 1-8 s);
- longs: the clips joined with short breaths into 10-16 s utterances (tests/speech_sets.py);
- longs-mbrola: long reception turns (rephrasing, then a question) rendered with both MBROLA
  French voices at two rates, sentence by sentence as tests/make_replies.py does (7-13 s).
Both sides are normalised as the matchers see them (simulator.text.normalize: lower case, no
accents or punctuation, numbers as digits). A « loop » is a run of words repeated three times in
a row in the transcript and not in the reference. Also decodes silence and noise, which must
give no words. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from simulator.audio.base import RATE  # noqa: E402
from simulator.stt.base import transcribe  # noqa: E402
from simulator.stt.engines import load_transcriber  # noqa: E402
from simulator.text.normalize import tokens  # noqa: E402
from speech_sets import FR_SPEECH, Clip, long_utterances, repeated_ngram, short_clips  # noqa: E402

# Long turns as a trainee says them: a rephrasing with its details, then a question.
LONG_TURNS = (
    "Si je comprends bien, vous souhaitez décaler le passage de l'aide-soignante prévu jeudi matin "
    "à vendredi après-midi, parce que votre mère a un rendez-vous chez le cardiologue. "
    "Pouvez-vous me rappeler votre nom et votre numéro de téléphone, s'il vous plaît ?",
    "Donc vous attendez une livraison de palettes de parpaings qui était annoncée pour lundi, "
    "et vous n'avez toujours rien reçu alors que votre chantier a commencé. "
    "Avez-vous votre numéro de récépissé sous les yeux ?",
    "Vous souhaitez obtenir une copie intégrale de l'acte de naissance de votre fils, né à "
    "Villeneuve en deux mille douze. Vous pouvez faire la demande en ligne ou venir à l'accueil "
    "de la mairie avec votre pièce d'identité. Est-ce que cela vous convient ?",
    "Je vous mets en relation avec le service de cardiologie, qui pourra vous donner les horaires "
    "de visite de votre père. Je vous demande de rester en ligne quelques instants, s'il vous plaît.",
    "Madame Leroy est en formation aujourd'hui et sera de retour demain matin. Je peux prendre un "
    "message et lui demander de vous rappeler dès son retour. Souhaitez-vous lui laisser un message ?",
    "Le cabinet est ouvert du lundi au vendredi de huit heures à dix-neuf heures, et le samedi matin "
    "de neuf heures à midi. Le docteur Vasseur consulte le mardi et le jeudi. "
    "Puis-je faire autre chose pour vous ?",
)
MBROLA_READINGS = (("mb-fr1", 135, 40), ("mb-fr4", 170, 55))  # voice, words per minute, pitch


def mbrola_long_turns() -> list[Clip]:
    from make_replies import render_reply
    from simulator.tts.base import Voice
    from simulator.tts.pyttsx3_engine import Pyttsx3Synthesizer

    synthesizer = Pyttsx3Synthesizer()
    return [Clip(f"tour-{n + 1}-{name}-{rate}", render_reply(synthesizer, text, Voice(name, rate, pitch)), text)
            for n, text in enumerate(LONG_TURNS) for name, rate, pitch in MBROLA_READINGS]


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


def measure(engine, clips: list[Clip], repeat: int) -> tuple[dict, list[dict]]:
    rows, edits, ref_words, audio_seconds = [], 0, 0, 0.0
    for clip in clips:
        result = min((transcribe(engine, clip.pcm) for _ in range(repeat)), key=lambda r: r.compute_seconds)
        ref, hyp = tokens(clip.reference), tokens(result.text)
        distance = Levenshtein.distance(ref, hyp)
        edits += distance
        ref_words += len(ref)
        audio_seconds += clip.seconds
        loop = repeated_ngram(hyp)
        rows.append(dict(file=clip.name, seconds=round(clip.seconds, 2), compute=round(result.compute_seconds, 3),
                         errors=distance, words=len(ref), hypothesis=result.text,
                         loop=" ".join(loop) if loop and not repeated_ngram(ref) else None))
    computes = sorted(r["compute"] for r in rows)
    lengths = sorted(r["seconds"] for r in rows)
    return dict(
        clips=len(rows),
        seconds=f"{lengths[0]:.1f}-{lengths[-1]:.1f}",
        audio_seconds=round(audio_seconds, 1),
        wer=round(edits / ref_words, 4),
        loops=sum(r["loop"] is not None for r in rows),
        rtf=round(sum(computes) / audio_seconds, 3),
        compute_p50=round(statistics.median(computes), 3),
        compute_p95=round(computes[int(0.95 * (len(computes) - 1))], 3),
        compute_max=round(computes[-1], 3),
    ), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, nargs="?", default=FR_SPEECH)
    parser.add_argument("--engine", default="whisper", choices=["whisper", "vosk"])
    parser.add_argument("--stt-model", type=Path)
    parser.add_argument("--window", type=int, choices=[10, 30], default=10, help="shortest encoder window")
    parser.add_argument("--beam", type=int, default=1)
    parser.add_argument("--words", action="store_true",
                        help="with word timestamps (the session runs without: measure what it runs)")
    parser.add_argument("--repeat", type=int, default=1, help="decode each clip N times")
    parser.add_argument("--sets", default="courts,longs,longs-mbrola")
    parser.add_argument("--per-clip", action="store_true", help="list every clip")
    args = parser.parse_args()

    options = {}
    if args.engine == "whisper":
        options = dict(window=args.window, beam_size=args.beam, word_timestamps=args.words)
    started = time.perf_counter()
    engine = load_transcriber(args.engine, args.stt_model, **options)
    load_seconds = time.perf_counter() - started

    builders = {"courts": lambda: short_clips(args.dir), "longs": lambda: long_utterances(args.dir),
                "longs-mbrola": mbrola_long_turns}
    chosen = args.sets.split(",")
    if unknown := set(chosen) - set(builders):
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    sets = {name: builders[name]() for name in chosen}
    first = next(iter(sets.values()))[0]
    transcribe(engine, first.pcm)  # warm-up, not counted
    summary: dict = dict(engine=engine.name, options=options, load_seconds=round(load_seconds, 2))
    for name, clips in sets.items():
        figures, rows = measure(engine, clips, args.repeat)
        summary[name] = figures | ({"per_clip": rows} if args.per_clip else
                                   {"loops_seen": [r for r in rows if r["loop"]]})
    summary["negatives"] = {name: transcribe(engine, pcm).text for name, pcm in negatives().items()}
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
