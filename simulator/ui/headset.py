"""A voice session in the terminal: the parts (simulator.session.headset) put together with the
live screen, the switchboard keys and the progress bars; and the headset check.

Everything that can fail (a missing model, no microphone, a bad reply folder) is opened before
the session is recorded, so that a failed start leaves nothing behind; what fails during the call
ends it cleanly as « interrompue » with everything said so far.
"""

from __future__ import annotations

import queue
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.text import Text

from simulator.audio.base import AudioIn, silence
from simulator.audio.devices import resolve
from simulator.audio.pyaudio_io import MicrophoneIn, SpeakerOut
from simulator.audio.recording import StereoRecorder
from simulator.audio.wavfiles import PcmIn, read_wav
from simulator.engine.runtime import CallRuntime
from simulator.events import TraineeSaid
from simulator.records import RECORDING
from simulator.scenario.model import Scenario
from simulator.scoring.rubric import Rubric
from simulator.scoring.scorer import Scorecard
from simulator.session.call import Call
from simulator.session.greeting_check import greeting_check
from simulator.session.headset import (VoiceOptions, caller_voice, devices, endpointer, music_on_hold,
                                       reply_script, speech_engine, synthesizer)
from simulator.session.inputs import SpokenClip
from simulator.session.keys import KEY_HELP, KeyReader, cbreak
from simulator.session.recorder import Recorder
from simulator.session.voice import Displays, VoiceClock, VoiceInput
from simulator.store.sessions import SessionStore
from simulator.text.matchers import sound_out
from simulator.tts.voices import basic_voice_warning, voice_for
from simulator.ui.live import LiveScreen
from simulator.ui.progress import open_progress
from simulator.ui.render import print_call_opening


def audio_notices(console: Console) -> Callable[[str], None]:
    """Show « Son coupé » / « Son rétabli » as they happen (from the devices' watch threads)."""
    return lambda text: console.print(Text(text, style="bold yellow"))


@dataclass
class VoiceRun:
    """A finished voice session and the parts that timed it (for the latency benchmark)."""

    recorder: Recorder
    call: Call
    scorecard: Scorecard
    clock: VoiceClock
    ears: VoiceInput
    source: AudioIn


def run_voice_call(scenario: Scenario, rubric: Rubric, trainee: str, seed: int, options: VoiceOptions,
                   store: SessionStore, console: Console) -> VoiceRun:
    script = reply_script(options.replies) if options.replies else None
    clips = [read_wav(a.path) for a in script if isinstance(a, SpokenClip)] if script is not None else None
    progress, done = open_progress(console)
    try:
        transcriber = speech_engine(options, progress)
        renderer, voice, line_voices = caller_voice(scenario, progress, options.line)
        sound_out(scenario.intents.values())  # matching on sound, ready before the first turn
        check = greeting_check(transcriber, scenario.context(trainee))  # its rival names too
    finally:
        done()
    with devices(options, clips, audio_notices(console)) as (source, out):
        recorder = Recorder.playing(store, scenario, rubric, trainee, "voix", seed)
        recording = StereoRecorder(recorder.info.directory / RECORDING)
        try:
            clock = VoiceClock(renderer, voice, out, music_on_hold(options.line), recording, line_voices=line_voices)
            print_call_opening(console, scenario.title, scenario.organisation, scenario.instructions)
            if warning := basic_voice_warning(voice, synthesizer().engine_id):
                console.print(Text(warning, style="bold yellow"))
            console.print("Le téléphone sonne… vous décrochez. Parlez le premier.", style="bold")
            with LiveScreen(console, "" if script is not None else KEY_HELP) as screen, \
                    cbreak(sys.stdin) as keyboard:
                actions: queue.Queue = queue.Queue()
                if keyboard and script is None:
                    KeyReader(sys.stdin, actions, lambda text: console.print(text, end="", markup=False))
                runtime = CallRuntime(scenario, seed=seed)
                ears = VoiceInput(source, clock.now, endpointer(), transcriber, recording, screen,
                                  actions=actions, script=script, check=check, on_speech=clock.trainee_started,
                                  cut_in_after=lambda: runtime.cut_in_after)
                call = Call(scenario, rubric, runtime, recorder, ears, clock,
                            Displays(screen, clock), echo_trainee=True)
                try:
                    scorecard = call.run()
                finally:
                    ears.stop()
        finally:
            recording.close()
    return VoiceRun(recorder, call, scorecard, clock, ears, source)


TEST_LINE = "Bonjour, ceci est un essai du casque. Si vous m'entendez bien, le son est réglé."
TEST_SENTENCE = "Clinique Nest, Camille, bonjour."


@dataclass(frozen=True)
class CheckReport:
    heard: str | None  # what was understood, None if nothing was said
    peak_dbfs: float


def check_headset(options: VoiceOptions, console: Console, wav: Path | None = None,
                  seconds: float = 20.0) -> CheckReport:
    """Set-up check: the caller's voice in the headset, the microphone level, one sentence transcribed."""
    recorded = read_wav(wav) if wav is not None else b""  # a bad file is refused before the models load
    progress, done = open_progress(console)
    try:
        transcriber = speech_engine(options, progress)
        test_line = synthesizer().render(TEST_LINE, voice_for("calme"))
    finally:
        done()
    if wav is None:
        out = SpeakerOut(resolve(options.output_device, "output"), on_notice=audio_notices(console))
        try:
            console.print(f"Écoutez : « {TEST_LINE} »")
            out.play(test_line)
        finally:
            out.close()
        source: AudioIn = MicrophoneIn(resolve(options.input_device, "input"), on_notice=audio_notices(console))
    else:
        source = PcmIn(recorded + silence(2.0), paced=True)  # then silence: the end of the sentence
    console.print(f"Dites maintenant, comme au téléphone : « {TEST_SENTENCE} »", style="bold")
    heard = None
    try:
        with LiveScreen(console) as screen:
            start = time.monotonic()
            ears = VoiceInput(source, lambda: time.monotonic() - start, endpointer(), transcriber, monitor=screen)
            try:
                while heard is None and (left := seconds - (time.monotonic() - start)) > 0:
                    said = ears.next(left)
                    heard = said.text if isinstance(said, TraineeSaid) else None
            except EOFError:
                pass
            finally:
                ears.stop()
    finally:
        source.close()
    if heard is not None:
        console.print(Text(f"Compris : « {heard} »", style="green"))
    console.print(f"Niveau le plus fort du micro : {screen.peak:.0f} dBFS — {level_advice(screen.peak)}")
    return CheckReport(heard, screen.peak)


def level_advice(peak_dbfs: float) -> str:
    if peak_dbfs > -1.0:
        return "le son sature : éloignez un peu le micro ou baissez son volume."
    if peak_dbfs < -35.0:
        return "c'est faible : rapprochez le micro de la bouche ou montez son volume."
    return "bon réglage."
