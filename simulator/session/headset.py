"""The parts of a voice session: speech engine, caller voice, devices, the trainee's recorded
replies. The terminal puts them together with its screen (simulator.ui.headset).

A headset back within a few seconds (a sound server restarting) only cuts the sound for that time
(audio.pyaudio_io).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from simulator.audio.base import AudioIn, AudioOut
from simulator.audio.devices import resolve
from simulator.audio.endpoint import Endpointer
from simulator.audio.line import telephone
from simulator.audio.music import hold_music
from simulator.audio.pyaudio_io import MicrophoneIn, SpeakerOut
from simulator.audio.vad import SpeechDetector
from simulator.audio.wavfiles import PacedWavIn
from simulator.errors import InputError
from simulator.paths import cache_dir
from simulator.scenario.model import Scenario
from simulator.session.inputs import Action, ScriptInput, SpokenClip
from simulator.stt.base import Transcriber
from simulator.stt.engines import load_transcriber
from simulator.tts.base import Synthesizer, Voice
from simulator.tts.cache import CachedSynthesizer
from simulator.tts.pyttsx3_engine import Pyttsx3Synthesizer
from simulator.tts.prosody import adjusted
from simulator.tts.voices import voice_for

Progress = Callable[[str, int, int], None]  # (what, done, total): a progress bar per step

REPLY_SCRIPT = "repliques.txt"
HOLD_MUSIC_SECONDS = 20.0



@dataclass(frozen=True)
class VoiceOptions:
    engine: str = "whisper"
    model: Path | None = None
    input_device: str | None = None
    output_device: str | None = None
    replies: Path | None = None
    line: str = "casque"  # « telephone »: the caller heard through a telephone line (LINES)


def reply_script(folder: Path) -> list[Action]:
    """The trainee's recorded replies: « repliques.txt » when present (clips and switchboard
    actions in order), otherwise every WAV of the folder in name order."""
    if not folder.is_dir():
        raise InputError(f"{folder} : dossier de répliques introuvable")
    script = folder / REPLY_SCRIPT
    if script.is_file():
        return ScriptInput(script).actions
    clips = sorted(folder.glob("*.wav"))
    if not clips:
        raise InputError(f"{folder} : aucun fichier .wav ni « {REPLY_SCRIPT} » dans ce dossier")
    return [SpokenClip(clip) for clip in clips]


def synthesizer() -> CachedSynthesizer:
    return CachedSynthesizer(Pyttsx3Synthesizer(), cache_dir() / "voix")


# How the caller reaches the trainee (`play --ligne`): straight into the headset, or through a telephone line.
LINES = {"casque": None, "telephone": telephone}


class ThroughLine:
    """A `Synthesizer` whose lines pass through a telephone line (`effect`), each once: a call's
    lines are few, and a turn must not wait for the filter."""

    def __init__(self, inner: Synthesizer, effect: Callable[[bytes], bytes]):
        self.inner, self.effect = inner, effect
        self._heard: dict[tuple[str, Voice], bytes] = {}

    def render(self, text: str, voice: Voice) -> bytes:
        if (text, voice) not in self._heard:
            self._heard[text, voice] = self.effect(self.inner.render(text, voice))
        return self._heard[text, voice]


def caller_voice(scenario: Scenario, progress: Progress | None = None,
                 line: str = "casque") -> tuple[Synthesizer, Voice, dict[str, Voice]]:
    """The persona's voice (with the scenario's `voix_reglages`), the voices of the lines said
    otherwise (« (debit=130) … »), and a synthesizer that has every line of the scenario ready, as
    heard on `line` (a turn never waits for it)."""
    renderer = synthesizer()
    voice = voice_for(scenario.persona, gender=scenario.caller_voice, settings=scenario.voice_settings)
    line_voices = {text: adjusted(voice, settings) for text, settings in scenario.line_settings().items()}
    lines = [(text, line_voices.get(text, voice)) for text in scenario.caller_lines()]
    renderer.prerender(lines, progress=(lambda done, total: progress("Voix de l'appelant", done, total))
                       if progress else None)
    effect = LINES[line]
    if effect is None:
        return renderer, voice, line_voices
    heard = ThroughLine(renderer, effect)
    for text, line_voice in lines:
        heard.render(text, line_voice)
    return heard, voice, line_voices


def music_on_hold(line: str = "casque") -> bytes:
    """The music on hold played in the headset while the caller waits, as it comes down `line`
    (still a seamless loop)."""
    music = hold_music(HOLD_MUSIC_SECONDS)
    effect = LINES[line]
    return music if effect is None else effect(music, loop=True)


def speech_engine(options: VoiceOptions, progress: Progress | None = None, offline: bool = False) -> Transcriber:
    """The recognizer of a live call, or with `offline` of a recording (slower, more accurate)."""
    return load_transcriber(options.engine, options.model,
                            progress=(lambda done, total: progress("Modèle de reconnaissance", done, total))
                            if progress else None, offline=offline)


def endpointer() -> Endpointer:
    return Endpointer(SpeechDetector())


@contextlib.contextmanager
def devices(options: VoiceOptions, clips: list[bytes] | None,
            on_notice: Callable[[str], None] | None = None) -> Iterator[tuple[AudioIn, AudioOut]]:
    """The trainee's side (microphone, or recorded replies paced in real time) and the headset.
    `on_notice` hears of a device lost and found again mid-call."""
    out = SpeakerOut(resolve(options.output_device, "output"), on_notice=on_notice)
    try:
        # Each recorded reply waits for its cue, as a trainee waits for their turn.
        source = (PacedWavIn(clips, start_first=False) if clips is not None
                  else MicrophoneIn(resolve(options.input_device, "input"), on_notice=on_notice))
    except BaseException:
        out.close()
        raise
    try:
        yield source, out
    finally:
        source.close()
        out.close()
