"""Turn latency of a voice session, measured on a whole call through the real engines.

A scripted trainee (recorded replies, paced in real time through the same capture path as a
microphone) takes a call; the caller's voice goes to a real output device. For each trainee
turn the gap is measured from the end of the trainee's speech (last voiced sample of the reply)
to the first sample of the caller's answer handed to the device.

    .venv/bin/python bench/latency.py [--scenario appel-calme] [--replies DIR] [--stt whisper]
        [--output-device accueil_casque] [--runs 1] [--barge-in 5]

Prints JSON: gap p50/p95/max and where it goes (the end of the turn waited for, the transcript,
the runtime and voice, the device's buffer), STT seconds per utterance, real-time factor, peak memory.
Targets (2-core reference machine, default engine): p50 <= 0.5 s, p95 <= 0.8 s (what the best voice
pipelines claim; people leave about 0.2 s between turns).

With --barge-in N, also the barge-in reaction time: N real `accueil play` calls on the virtual
devices (scripts/pulse-virtual-devices.sh) where the trainee's voice is played into the microphone
0.5-2.5 s into a calm caller's line; the time from the trainee's first voiced sound to the caller's
last, both read on the session's own recording (appel.wav: caller left, trainee right). Target:
the caller stops within 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
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
TARGET_REACTION = 0.3
VOICED_DBFS = -40.0
MICROPHONE_SINK = "accueil_micro_in"  # what is played into it comes out of the virtual microphone


def voiced_runs(samples: np.ndarray, join: float = 0.3) -> list[tuple[float, float]]:
    """(start, end) seconds of each stretch of sound in 10 ms blocks; pauses shorter than `join` joined."""
    window = 160
    blocks = samples[: len(samples) // window * window].astype(np.float32).reshape(-1, window)
    loud = np.flatnonzero(20 * np.log10(np.sqrt(np.mean(blocks ** 2, axis=1)) / 32768 + 1e-9) > VOICED_DBFS)
    found: list[list[int]] = []
    for i in loud:
        if found and (i - found[-1][1]) * window / 16000 <= join:
            found[-1][1] = i
        else:
            found.append([i, i])
    return [(a * window / 16000, (b + 1) * window / 16000) for a, b in found]


def barge_in_once(replies: Path, into_line: float, data_dir: Path) -> float | None:
    """One call where the trainee greets, then speaks `into_line` seconds into the caller's first
    line; seconds from the trainee's first voiced sound over it to the caller's last (None if the
    caller's line was not found cut on the recording)."""
    env = {**os.environ, "ACCUEIL_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    call = subprocess.Popen([sys.executable, "-m", "simulator", "play", "appel-calme", "--trainee", "Camille",
                             "--seed", "7", "--json", "--hors-parcours", "--input-device", "accueil_micro",
                             "--output-device", "accueil_casque"], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    shown: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [shown.put(line) for line in call.stderr], daemon=True).start()

    def wait_for(text: str) -> None:
        while text not in shown.get(timeout=120):
            pass

    def speak(name: str) -> None:
        subprocess.run(["paplay", f"--device={MICROPHONE_SINK}", str(replies / name)], check=True)

    wait_for("Le téléphone sonne")
    speak("01-accueil.wav")
    wait_for("Appelant : ")  # shown as the caller's line starts
    time.sleep(into_line)
    speak("02-reformulation.wav")
    wait_for("] Vous : ")
    call.send_signal(signal.SIGINT)
    out, _ = call.communicate(timeout=60)
    session = json.loads(out)["session"]
    with wave.open(str(data_dir / "sessions" / session / "appel.wav")) as recording:
        stereo = np.frombuffer(recording.readframes(recording.getnframes()), "<i2").reshape(-1, 2)
    trainee, caller = voiced_runs(stereo[:, 1]), voiced_runs(stereo[:, 0])
    began = next((start for start, _ in caller), None)  # the caller's first line, after the greeting
    over = next((start for start, _ in trainee if began is not None and start > began), None)
    if over is None:
        return None
    # The caller's last sound that began before the trainee spoke over them. The two channels are
    # each placed when their audio left for or came from the device: their clocks differ by the
    # device latencies (tens of ms), so a caller who stops at once may seem to stop just before.
    return max(end for start, end in caller if start < over) - over


def barge_in(replies: Path, calls: int) -> dict:
    reactions, missed = [], 0
    with tempfile.TemporaryDirectory() as data:
        for n in range(calls):
            reaction = barge_in_once(replies, 0.5 + 2.0 * n / max(1, calls - 1), Path(data))
            missed += reaction is None
            reactions += [reaction] if reaction is not None else []
            print(f"barge-in {n + 1}/{calls}: {reaction if reaction is None else round(reaction, 3)}", file=sys.stderr)
    return {"calls": calls, "not_measured": missed, "reaction_s": [round(r, 3) for r in reactions],
            "reaction_p50_s": round(percentile(reactions, 50), 3), "reaction_p95_s": round(percentile(reactions, 95), 3),
            "target_s": TARGET_REACTION, "met": bool(reactions) and percentile(reactions, 95) <= TARGET_REACTION}


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
    parser.add_argument("--barge-in", type=int, default=0, metavar="N",
                        help="also N calls where the trainee speaks over a calm caller")
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
        **({"barge_in": barge_in(args.replies, args.barge_in)} if args.barge_in else {}),
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
