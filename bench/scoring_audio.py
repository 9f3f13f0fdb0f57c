"""Scoring benchmark on spoken calls: the labelled dialogues rendered as call recordings, scored as
`accueil score CALL.wav` scores them, and compared with the labels of their text.

    python bench/scoring_audio.py [--set dialogues|heldout|controles|all] [--band wideband|telephone|both]
                                  [--limit N] [--json FILE] [--keep DIR] [--cli]

Each dialogue becomes a two-channel 16 kHz recording, caller left and trainee right, spoken by the
two MBROLA voices (one per side, the trainee taking each in turn over a set) at a rate and pitch
drawn from the file name; each turn starts 0.5 to 1 s after the previous one ends. Two bands:
« wideband », as synthesized over faint noise, and « telephone »: each channel through sox at
8 kHz, 300-3400 Hz, back to 16 kHz, its speech set to a level drawn between -30 and -6 dBFS, over
line noise. Renders are cached (ACCUEIL_CACHE_DIR or the user's cache, bench-audio/): a re-run
only transcribes and scores again.

Only the six criteria a recording can show are compared (holds, transfers and slips leave no trace
in it). The controles set holds near misses that must fail: a false pass there is a bug.
`--cli` runs `accueil score CALL.wav --json` for every call instead of one speech engine loaded
for all (slow: the model loads each time), to prove both give the same verdicts.
`--seuils FILE` re-scores the transcriptions saved by an earlier `--json FILE` run with several
tolerances of matching on sound (simulator.text.phonetics.PHONES_PER_EDIT), in seconds: how the
tolerance was chosen.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
import wave
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from rich.console import Console
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from simulator import paths  # noqa: E402
from simulator.audio.base import RATE  # noqa: E402
from simulator.events import from_record, to_record  # noqa: E402
from simulator.text import phonetics  # noqa: E402
from simulator.scenario.loader import shared_lexicon  # noqa: E402
from simulator.scoring import find_rubric, score_transcript  # noqa: E402
from simulator.audio.vad import SpeechDetector  # noqa: E402
from simulator.session.headset import VoiceOptions, speech_engine  # noqa: E402
from simulator.session.recorded_call import read_channels, transcribe_call  # noqa: E402
from simulator.transcript.dialogue import read_dialogue  # noqa: E402
from simulator.transcript.model import CallContext, Transcript  # noqa: E402
from simulator.tts.pyttsx3_engine import Pyttsx3Synthesizer  # noqa: E402
from simulator.ui.progress import open_progress  # noqa: E402
from spoken_calls import (AUDIO_CRITERIA, BAND_RENDERERS, BANDS, RENDER_VERSION, VoicePlan,  # noqa: E402
                          lay_out, voice_plan, write_stereo)

SETS = {name: ROOT / "tests/data" / name for name in ("dialogues", "heldout", "controles")}


@dataclass(frozen=True)
class Call:
    """One labelled dialogue, how it is spoken, and where its recordings are cached."""

    set: str
    path: Path
    plan: VoicePlan
    labels: dict

    def recording(self, band: str, engine_id: str) -> Path:
        text = self.path.read_text(encoding="utf-8")
        key = json.dumps([RENDER_VERSION, engine_id, text, asdict(self.plan), band], ensure_ascii=False)
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return paths.cache_dir() / "bench-audio" / self.set / f"{self.path.stem}-{band}-{digest}.wav"


def load_calls(set_name: str, limit: int | None) -> list[Call]:
    folder = SETS[set_name]
    labels = YAML(typ="safe").load((folder / "labels.yaml").read_text(encoding="utf-8"))
    return [Call(set_name, folder / name, voice_plan(name, index), labels[name])
            for index, name in enumerate(sorted(labels)[:limit])]


def render(calls: list[Call], bands: tuple[str, ...], synthesizer: Pyttsx3Synthesizer, progress) -> None:
    """Every missing recording; a call is synthesized once for all its bands."""
    for done, call in enumerate(calls, 1):
        missing = [b for b in bands if not call.recording(b, synthesizer.engine_id).is_file()]
        if missing:
            stereo, _ = lay_out(read_dialogue(call.path).events, call.plan, synthesizer)
            for band in missing:
                target = call.recording(band, synthesizer.engine_id)
                for stale in target.parent.glob(f"{call.path.stem}-{band}-*.wav"):
                    stale.unlink()
                write_stereo(target, BAND_RENDERERS[band](stereo, call.plan))
        progress("Synthèse des appels", done, len(calls))


Score = Callable[[Path, CallContext], dict]  # what `accueil score CALL.wav --json` prints


def in_process(progress) -> Score:
    """One speech engine for every call, through the pieces `accueil score` uses."""
    transcriber = speech_engine(VoiceOptions(), progress, offline=True)
    rubric, lexicon = find_rubric(None), shared_lexicon()

    def score(recording: Path, context: CallContext) -> dict:
        events = transcribe_call(read_channels(recording), transcriber, SpeechDetector, context=context)
        card = score_transcript(Transcript(context, tuple(events)), rubric, lexicon)
        return {"transcription": [to_record(e) for e in events], **card.as_dict()}
    return score


def by_command(recording: Path, context: CallContext) -> dict:
    command = [str(Path(sys.executable).parent / "accueil"), "score", str(recording),
               "--organisation", context.organisation, "--trainee", context.trainee, "--json"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} : échec ({done.returncode})\n{done.stderr}")
    return json.loads(done.stdout)


def verdicts(card: dict) -> dict[str, str]:
    return {c["id"]: "na" if not c["applicable"] else "pass" if c["passed"] else "fail" for c in card["criteria"]}


def lines(events: list[dict]) -> list[str]:
    """A transcription as readable lines: « [12.3] STAGIAIRE: ... »."""
    return [f"[{e['t']}] {e['kind'].upper()}: {e['text']}" if "text" in e else f"[{e['t']}] {e['kind'].upper()}"
            for e in events]


def measure(results: list[dict]) -> dict:
    """Agreement of one set in one band with its labels, on the audio criteria."""
    agree, gold_fail, caught, false_fail, false_pass = Counter(), Counter(), Counter(), Counter(), Counter()
    for r in results:
        for c in AUDIO_CRITERIA:
            expected, got = r["labels"][c], r["verdicts"][c]
            agree[c] += expected == got
            gold_fail[c] += expected == "fail"
            caught[c] += expected == got == "fail"
            false_fail[c] += expected == "pass" and got == "fail"
            false_pass[c] += expected == "fail" and got == "pass"
    n = len(results)
    criteria = {c: {"agreement": agree[c] / n, "gold_failures": gold_fail[c], "caught": caught[c],
                    "false_failures": false_fail[c], "false_passes": false_pass[c]} for c in AUDIO_CRITERIA}
    return {"files": n, "verdicts": n * len(AUDIO_CRITERIA),
            "agreement": sum(agree.values()) / (n * len(AUDIO_CRITERIA)),
            "gold_failures": sum(gold_fail.values()), "caught": sum(caught.values()),
            "false_failures": sum(false_fail.values()), "false_passes": sum(false_pass.values()),
            "audio_seconds": sum(r["seconds"] for r in results), "criteria": criteria}


def disagreements(result: dict) -> list[dict]:
    found = []
    for c in AUDIO_CRITERIA:
        if result["labels"][c] != result["verdicts"][c]:
            criterion = next(x for x in result["card"]["criteria"] if x["id"] == c)
            found.append({"set": result["set"], "file": result["file"], "band": result["band"], "criterion": c,
                          "label": result["labels"][c], "scorer": result["verdicts"][c],
                          "detail": criterion["detail"],
                          "heard": list(dict.fromkeys(e["text"] for e in criterion["evidence"]))})
    return found


def print_table(set_name: str, band: str, m: dict, found: list[dict]) -> None:
    print(f"\n== {set_name}, {band} : {m['files']} appels, {m['verdicts']} verdicts, "
          f"{m['audio_seconds']:.0f} s d'audio")
    print(f"{'critère':<14}{'accord':>8}{'échecs réels':>14}{'détectés':>10}{'faux échecs':>13}"
          f"{'faux succès':>13}")
    for c, v in [*m["criteria"].items(), ("total", m)]:
        detected = f"{v['caught']}/{v['gold_failures']}" if v["gold_failures"] else "—"
        print(f"{c:<14}{v['agreement']:>8.1%}{v['gold_failures']:>14}{detected:>10}{v['false_failures']:>13}"
              f"{v['false_passes']:>13}")
    if set_name == "controles":
        print(f"faux succès sur les contrôles négatifs : {m['false_passes']} (attendu : 0)")
    for d in found:
        heard = f"entendu : « {' | '.join(d['heard'])} »" if d["heard"] else "transcription : voir --json"
        print(f"  désaccord {d['file']} {d['criterion']} : étiquette {d['label']}, évaluateur {d['scorer']} "
              f"({d['detail']}) ; {heard}")


TOLERANCES = (5, 6, 8, 10, 12)  # phonemes per allowed edit


def sweep_tolerances(saved: Path) -> None:
    """Agreement and false passes of the saved calls for each tolerance of matching on sound."""
    calls = json.loads(saved.read_text(encoding="utf-8"))["calls"]
    rubric, lexicon = find_rubric(None), shared_lexicon()
    transcripts = [Transcript(CallContext(organisation=c["organisation"], trainee=c["trainee"]),
                              tuple(from_record(e) for e in c["transcription"])) for c in calls]
    chosen = phonetics.PHONES_PER_EDIT
    print(f"{'phonèmes par écart':<20}" + "".join(f"{c['set'] + ', ' + c['band']:>28}"
                                                  for c in {(c['set'], c['band']): c for c in calls}.values()))
    for tolerance in TOLERANCES:
        phonetics.PHONES_PER_EDIT = tolerance
        phonetics.edits.cache_clear()
        results = [dict(c, verdicts=verdicts(score_transcript(t, rubric, lexicon).as_dict()))
                   for c, t in zip(calls, transcripts)]
        cells = []
        for key in dict.fromkeys((r["set"], r["band"]) for r in results):
            m = measure([r for r in results if (r["set"], r["band"]) == key])
            cells.append(f"{m['agreement']:.1%}, {m['false_passes']} faux succès")
        print(f"{tolerance:<20}" + "".join(f"{cell:>28}" for cell in cells) + ("  (réglage)" if tolerance == chosen else ""))
    phonetics.PHONES_PER_EDIT = chosen


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--band", choices=[*BANDS, "both"], default="both")
    parser.add_argument("--limit", type=int, help="les N premiers fichiers de chaque ensemble")
    parser.add_argument("--json", type=Path, help="écrit chiffres, appels entendus et désaccords dans ce fichier")
    parser.add_argument("--keep", type=Path, help="copie les enregistrements dans ce dossier")
    parser.add_argument("--cli", action="store_true", help="évalue chaque appel par « accueil score » (lent)")
    parser.add_argument("--seuils", type=Path, metavar="FICHIER",
                        help="réévalue les transcriptions d'un --json précédent avec plusieurs tolérances au son")
    args = parser.parse_args(argv)
    if args.seuils:
        sweep_tolerances(args.seuils)
        return
    set_names = list(SETS) if args.set == "all" else [args.set]
    bands = BANDS if args.band == "both" else (args.band,)
    calls = [call for name in set_names for call in load_calls(name, args.limit)]

    started = time.perf_counter()
    synthesizer = Pyttsx3Synthesizer()
    progress, stop = open_progress(Console(stderr=True, highlight=False))
    results: list[dict] = []
    try:
        render(calls, bands, synthesizer, progress)
        rendered = time.perf_counter()
        score = by_command if args.cli else in_process(progress)
        jobs = [(call, band) for call in calls for band in bands]
        for done, (call, band) in enumerate(jobs, 1):
            recording = call.recording(band, synthesizer.engine_id)
            headers = read_dialogue(call.path).headers
            context = CallContext(organisation=headers["organisation"], trainee=headers["stagiaire"])
            card = score(recording, context)
            with wave.open(str(recording)) as wav:
                seconds = wav.getnframes() / RATE
            results.append({"set": call.set, "file": call.path.name, "band": band, "seconds": seconds,
                            "plan": asdict(call.plan), "labels": {c: call.labels[c] for c in AUDIO_CRITERIA},
                            "verdicts": verdicts(card), "card": card,
                            "said": call.path.read_text(encoding="utf-8").splitlines(),
                            "organisation": context.organisation, "trainee": context.trainee,
                            "transcription": card["transcription"], "heard": lines(card["transcription"])})
            if args.keep:
                (args.keep / call.set).mkdir(parents=True, exist_ok=True)
                shutil.copyfile(recording, args.keep / call.set / f"{call.path.stem}-{band}.wav")
            progress("Transcription des appels", done, len(jobs))
    finally:
        stop()
    finished = time.perf_counter()

    report = {"path": "accueil score (sous-processus)" if args.cli else "en mémoire", "sets": []}
    for set_name in set_names:
        for band in bands:
            chosen = [r for r in results if r["set"] == set_name and r["band"] == band]
            found = [d for r in chosen for d in disagreements(r)]
            m = measure(chosen)
            print_table(set_name, band, m, found)
            report["sets"].append({"set": set_name, "band": band, **m, "disagreements": found})
    audio = sum(r["seconds"] for r in results)
    print(f"\naudio : {audio:.0f} s en {len(results)} appels ; durée : {finished - started:.0f} s "
          f"(synthèse {rendered - started:.0f} s, transcription et évaluation {finished - rendered:.0f} s, "
          f"soit {(finished - rendered) / max(1, len(results)):.1f} s par appel)")
    report.update({"audio_seconds": audio, "wall_seconds": finished - started,
                   "render_seconds": rendered - started, "score_seconds": finished - rendered,
                   "calls": [{k: v for k, v in r.items() if k != "card"} | {"criteria": r["card"]["criteria"]}
                             for r in results]})
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
