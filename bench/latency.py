"""Turn latency of a voice session, measured on a whole call through the real engines.

A scripted trainee (recorded replies, paced in real time through the same capture path as a
microphone) takes a call; the caller's voice goes to a real output device. For each trainee
turn the gap is measured from the end of the trainee's speech (last voiced sample of the reply)
to the first sample of the caller's answer handed to the device.

    .venv/bin/python bench/latency.py [--scenario appel-calme] [--replies DIR] [--stt whisper]
        [--output-device accueil_casque] [--runs 1]

Prints JSON: gap p50/p95/max and where it goes (the end of the turn waited for, the transcript,
the runtime and voice, the device's buffer), STT seconds per utterance, real-time factor, peak memory.
Targets (2-core reference machine, default engine): p50 <= 0.5 s, p95 <= 0.8 s (what the best voice
pipelines claim; people leave about 0.2 s between turns).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
from pathlib import Path

import numpy as np
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.audio.wavfiles import read_wav  # noqa: E402
from simulator.scenario.loader import find_scenario  # noqa: E402
from simulator.scoring import find_rubric  # noqa: E402
from simulator.session.headset import VoiceOptions, reply_script  # noqa: E402
from simulator.ui.headset import run_voice_call  # noqa: E402
from simulator.session.inputs import SpokenClip  # noqa: E402
from simulator.store import SessionStore  # noqa: E402

TARGET_P50, TARGET_P95 = 0.5, 0.8
VOICED_DBFS = -40.0


def voiced_end(pcm: bytes) -> float:
    """Seconds from the start of a clip to its last voiced 10 ms (trailing silence excluded)."""
    samples = np.frombuffer(pcm, "<i2").astype(np.float32)
    window = 160
    levels = [20 * np.log10(max(1e-9, float(np.sqrt(np.mean(samples[i:i + window] ** 2))) / 32768))
              for i in range(0, len(samples) - window, window)]
    voiced = [i for i, level in enumerate(levels) if level > VOICED_DBFS]
    return (voiced[-1] + 1) * window / 16000 if voiced else 0.0


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def run_once(args, store: SessionStore) -> dict:
    scenario = find_scenario(args.scenario)
    clips = [read_wav(a.path) for a in reply_script(args.replies) if isinstance(a, SpokenClip)]
    options = VoiceOptions(args.stt, args.stt_model, None, args.output_device, args.replies)
    run = run_voice_call(scenario, find_rubric(scenario.rubric), "Camille", args.seed, options, store,
                         Console(stderr=True, quiet=True))
    ends = [start + voiced_end(clip) for start, clip in zip(run.source.clip_starts, clips)]
    starts = run.source.clip_starts[1:] + [float("inf")]
    origin = run.clock.origin
    heard = [origin + first for first, _ in run.clock.lines]
    asked = [origin + t for t in run.clock.asked]
    decided = [(origin + confirmed, origin + ready) for confirmed, ready in run.ears.decided]
    gaps, parts, unanswered = [], [], 0
    for end, next_start in zip(ends, starts):
        answer = next((i for i, t in enumerate(heard) if end <= t < next_start), None)
        if answer is None:
            unanswered += 1
            continue
        gaps.append(heard[answer] - end)
        # Where the gap went: the end of the turn waited for, the transcript, the runtime and the
        # voice (a cache hit), the device's buffer before the first sample.
        turn = next(((c, r) for c, r in decided if end <= c <= heard[answer]), None)
        if turn is not None:
            confirmed, ready = turn
            parts.append({"end_of_turn": confirmed - end, "decode": ready - confirmed,
                          "engine_and_voice": asked[answer] - ready, "device": heard[answer] - asked[answer]})
    stt = [compute for _, _, compute in run.ears.utterances]
    speech = sum(end - start for start, end, _ in run.ears.utterances)
    return {"gaps": gaps, "parts": parts, "unanswered": unanswered, "stt": stt, "speech": speech, "score": run.scorecard.score,
            "turns": [e.text for e in run.recorder.events if e.kind == "stagiaire"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="appel-calme")
    parser.add_argument("--replies", type=Path, default=ROOT / "tests" / "data" / "replies" / "appel-calme-bon")
    parser.add_argument("--stt", default="whisper")
    parser.add_argument("--stt-model", type=Path)
    parser.add_argument("--output-device", default="accueil_casque")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as data:
        store = SessionStore(Path(data))
        for n in range(args.runs):
            results.append(run_once(args, store))
            print(f"run {n + 1}/{args.runs}: {len(results[-1]['gaps'])} gaps", file=sys.stderr)
    gaps = [g for r in results for g in r["gaps"]]
    stt = [s for r in results for s in r["stt"]]
    speech = sum(r["speech"] for r in results)
    p50, p95 = percentile(gaps, 50), percentile(gaps, 95)
    parts = [p for r in results for p in r["parts"]]
    breakdown = {name: {"p50_s": round(percentile([p[name] for p in parts], 50), 3),
                        "p95_s": round(percentile([p[name] for p in parts], 95), 3)}
                 for name in ("end_of_turn", "decode", "engine_and_voice", "device")} if parts else {}
    print(json.dumps({
        "scenario": args.scenario, "engine": args.stt, "runs": args.runs, "turns_measured": len(gaps),
        "turns_unanswered": sum(r["unanswered"] for r in results),
        "gap_p50_s": round(p50, 3), "gap_p95_s": round(p95, 3), "gap_max_s": round(max(gaps), 3) if gaps else None,
        "gaps_s": [round(g, 3) for g in gaps],
        "gap_breakdown": breakdown,
        "stt_s_per_utterance_mean": round(statistics.mean(stt), 3) if stt else None,
        "stt_s_per_utterance_p95": round(percentile(stt, 95), 3),
        "real_time_factor": round(sum(stt) / speech, 3) if speech else None,
        "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets": {"gap_p50_s": TARGET_P50, "gap_p95_s": TARGET_P95,
                    "met": bool(p50 <= TARGET_P50 and p95 <= TARGET_P95)},
        "scores": [r["score"] for r in results], "trainee_turns_heard": results[-1]["turns"],
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
