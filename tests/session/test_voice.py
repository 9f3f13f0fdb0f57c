"""The voice session's ears and mouth on in-memory devices and fake engines (no sound, no model)."""

from __future__ import annotations

import queue
import time

import numpy as np
import pytest

from simulator.audio.base import FRAME_BYTES, FRAME_SECONDS, DeviceLost, seconds, silence
from simulator.audio.endpoint import Endpointer
from simulator.audio.fake import MemoryIn, MemoryOut
from simulator.audio.wavfiles import PcmIn
from simulator.engine import CallRuntime
from simulator.events import CallEnded, CallerSaid, HoldEnded, HoldStarted, TraineeSaid
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric
from simulator.session.call import Call
from simulator.session.inputs import SpokenClip
from simulator.session.recorder import Recorder
from simulator.session.voice import Displays, VoiceClock, VoiceInput
from simulator.stt.base import Transcription
from simulator.store import SessionStore
from simulator.tts.base import Voice


def tone(duration: float) -> bytes:
    t = np.arange(int(duration * 16000)) / 16000
    return (np.sin(2 * np.pi * 220 * t) * 8000).astype("<i2").tobytes()


class LoudIsSpeech:
    """A stand-in for the voice-activity detector: any loud frame is speech."""

    def probability(self, frame: bytes) -> float:
        return 1.0 if np.abs(np.frombuffer(frame, "<i2")).max() > 1000 else 0.0


class ScriptedRecognizer:
    """Hears the given texts, one per utterance, and keeps what it was fed."""

    name = "fake"

    def __init__(self, *texts: str):
        self.texts = list(texts)
        self.fed: list[bytes] = []

    def stream(self):
        recognizer = self

        class Stream:
            def accept(self, pcm: bytes) -> str | None:
                recognizer.fed.append(pcm)
                return "…"

            def finish(self) -> Transcription:
                return Transcription(recognizer.texts.pop(0), compute_seconds=0.01)

        return Stream()


class Tape:
    """Records both channels as the session's recording would."""

    def __init__(self):
        self.caller: list[tuple[float, int]] = []
        self.trainee: list[tuple[float, int]] = []

    def write_caller(self, pcm: bytes, at: float) -> None:
        self.caller.append((at, len(pcm)))

    def write_trainee(self, pcm: bytes, at: float) -> None:
        self.trainee.append((at, len(pcm)))


class Screen:
    def __init__(self):
        self.levels, self.states, self.partials, self.events = [], [], [], []

    def level(self, dbfs):
        self.levels.append(dbfs)

    def listening(self, speaking):
        self.states.append(speaking)

    def partial(self, text):
        self.partials.append(text)

    def event(self, event):
        self.events.append(event)

    def notice(self, text):
        pass


class FrameClock:
    """Call time advanced by the frames read (read once per frame): an unpaced source then keeps
    an exact clock."""

    def __init__(self):
        self.t = 0.0

    def __call__(self) -> float:
        self.t += FRAME_SECONDS
        return self.t


def ears(pcm: bytes, *texts: str, **kw) -> tuple[VoiceInput, ScriptedRecognizer, Tape, Screen]:
    recognizer, tape, screen = ScriptedRecognizer(*texts), Tape(), Screen()
    source = kw.pop("source", None) or MemoryIn(pcm)
    voice_input = VoiceInput(source, kw.pop("now", FrameClock()), Endpointer(LoudIsSpeech(), end_silence=0.5),
                             recognizer, tape, screen, **kw)
    return voice_input, recognizer, tape, screen


def test_an_utterance_becomes_a_timed_trainee_turn():
    pcm = silence(1.0) + tone(1.2) + silence(1.0)
    voice_input, recognizer, tape, screen = ears(pcm, "Clinique Nest, Camille, bonjour.")
    said = voice_input.next(None)
    voice_input.stop()
    assert isinstance(said, TraineeSaid) and said.text == "Clinique Nest, Camille, bonjour."
    assert said.t == pytest.approx(1.0, abs=0.1) and said.end == pytest.approx(2.2, abs=0.1)
    # The recognizer heard the whole utterance once, pre-roll included, and nothing before it.
    fed = b"".join(recognizer.fed)
    assert seconds(fed) == pytest.approx(1.2 + 0.3 + 0.5, abs=0.15)
    assert screen.states[:2] == [True, False] and screen.partials and max(screen.levels) > -20
    # Every frame was recorded on the trainee's channel, at increasing times.
    times = [at for at, _ in tape.trainee]
    assert times == sorted(times) and sum(n for _, n in tape.trainee) >= len(pcm) - FRAME_BYTES


def test_noise_heard_as_nothing_is_not_a_turn():
    pcm = silence(0.5) + tone(0.6) + silence(1.0) + tone(0.8) + silence(1.0)
    voice_input, *_ = ears(pcm, "", "Bonjour.")
    said = voice_input.next(None)
    assert said.text == "Bonjour." and said.t == pytest.approx(2.1, abs=0.1)
    with pytest.raises(EOFError):
        voice_input.next(None)


def test_only_the_first_turn_gets_a_second_look_on_its_audio():
    pcm = silence(0.5) + tone(1.0) + silence(1.0) + tone(0.8) + silence(1.0)
    looked: list[tuple[int, str]] = []

    def check(audio: bytes, text: str) -> str:
        looked.append((len(audio), text))
        return "Clinique Nest, Camille, bonjour."

    voice_input, *_ = ears(pcm, "Clinique Neste, Kamil, bonjour.", "Bonjour.", check=check)
    first, second = voice_input.next(None), voice_input.next(None)
    voice_input.stop()
    assert first.text == "Clinique Nest, Camille, bonjour." and first.heard == "Clinique Neste, Kamil, bonjour."
    assert second.text == "Bonjour." and second.heard is None
    assert [text for _, text in looked] == ["Clinique Neste, Kamil, bonjour."]
    assert seconds(bytes(looked[0][0])) >= 1.0  # the utterance's audio, not a frame


def test_silence_times_out_so_the_caller_can_react():
    voice_input, *_ = ears(silence(0.2))
    assert voice_input.next(0.0) is None


def test_keys_are_taken_between_utterances():
    actions = queue.Queue()
    actions.put(HoldStarted(None))
    voice_input, *_ = ears(silence(0.5), actions=actions)
    assert voice_input.next(None) == HoldStarted(None)


class CuedSource(MemoryIn):
    def __init__(self, pcm: bytes):
        super().__init__(pcm)
        self.cues = 0

    def cue(self) -> None:
        self.cues += 1


def test_a_reply_script_plays_clips_on_cue_and_returns_actions_in_order(tmp_path):
    source = CuedSource(silence(0.3) + tone(0.8) + silence(1.0))
    script = [SpokenClip(tmp_path / "01.wav"), HoldStarted(None), HoldEnded(None)]
    voice_input, *_ = ears(b"", "Bonjour.", source=source, script=script)
    assert voice_input.next(None).text == "Bonjour." and source.cues == 1
    assert voice_input.next(None) == HoldStarted(None)
    assert voice_input.next(None) == HoldEnded(None)
    with pytest.raises(EOFError):
        voice_input.next(None)


class Synth:
    def render(self, text: str, voice: Voice) -> bytes:
        return tone(0.1 * len(text.split()))


def test_the_caller_is_heard_and_recorded_but_not_heard_on_hold():
    out, tape = MemoryOut(), Tape()
    clock = VoiceClock(Synth(), Voice("fr", 150), out, hold_music=tone(1.0), recording=tape)
    spoken = clock.caller_speaks("Bonjour madame, je voudrais un rendez-vous.")
    assert spoken.end - spoken.start == pytest.approx(0.6) and len(out.played) == 1 and len(tape.caller) == 1
    assert not spoken.cut and not spoken.talked_over
    clock.event(HoldStarted(1.0))
    assert out.looping  # hold music for the caller
    clock.caller_speaks("Bon, tant pis.")
    assert len(out.played) == 1 and len(tape.caller) == 2  # said to no one, still on the recording
    clock.event(HoldEnded(2.0))
    assert not out.looping


def test_a_lost_microphone_ends_the_call_as_interrupted_keeping_what_was_said(tmp_path):
    class Unplugged(MemoryIn):
        def read(self) -> bytes:
            try:
                return super().read()
            except EOFError:
                raise DeviceLost("Le micro ne répond plus : vérifiez que le casque est branché.") from None

    scenario = find_scenario("appel-calme")
    rubric = find_rubric(scenario.rubric)
    store = SessionStore(tmp_path)
    recorder = Recorder(store, scenario.context("Camille"), rubric.id, "voix", 1)
    out, screen = MemoryOut(), Screen()
    clock = VoiceClock(Synth(), Voice("fr", 150), out)
    voice_input, *_ = ears(b"", "Clinique Nest, Camille, bonjour.",
                           source=Unplugged(silence(0.3) + tone(1.0) + silence(0.8)), now=clock.now)
    call = Call(scenario, rubric, CallRuntime(scenario, seed=1), recorder, voice_input, clock,
                Displays(screen, clock), echo_trainee=True)
    card = call.run()
    voice_input.stop()
    info = store.get(recorder.info.id)
    kinds = [type(e) for e in store.transcript(info.id).events]
    assert info.status == "interrupted" and isinstance(call.error, DeviceLost)
    assert kinds[:2] == [TraineeSaid, CallerSaid] and kinds[-1] is CallEnded
    assert card.result("greeting").passed and out.played  # the caller answered aloud


class LengthRecognizer:
    """Decodes at end of speech (as Whisper does) and « hears » how much voiced audio it got."""

    name = "fake-whisper"
    decodes_at_end = True

    def __init__(self):
        self.decodes = 0

    def stream(self):
        recognizer, buffer = self, []

        class Stream:
            def accept(self, pcm: bytes) -> None:
                buffer.append(pcm)

            def finish(self) -> Transcription:
                recognizer.decodes += 1
                frames = np.frombuffer(b"".join(buffer), "<i2")[:len(b"".join(buffer)) // 1024 * 512]
                loud = np.abs(frames.reshape(-1, 512)).max(axis=1) > 1000
                return Transcription(f"{np.count_nonzero(loud) * FRAME_SECONDS:.2f}")

        return Stream()


def test_early_decoding_in_a_pause_is_used_only_if_the_trainee_said_nothing_more():
    # A 0.3 s pause mid-sentence starts an early decode; the trainee goes on, so it is dropped.
    pcm = silence(0.5) + tone(1.0) + silence(0.3) + tone(1.0) + silence(1.0)
    recognizer = LengthRecognizer()
    voice_input = VoiceInput(MemoryIn(pcm), FrameClock(), Endpointer(LoudIsSpeech(), end_silence=0.5), recognizer)
    said = voice_input.next(None)
    voice_input.stop()
    assert float(said.text) == pytest.approx(2.0, abs=0.1)  # both halves heard, not the stale guess
    assert recognizer.decodes == 2  # one early decode per pause; the last one was the answer


class SlowRecognizer:
    """Decodes at end of speech, slowly (a busy machine), and « hears » how long the audio it got was."""

    name = "fake-slow-whisper"
    decodes_at_end = True

    def stream(self):
        buffer = []

        class Stream:
            def accept(self, pcm: bytes) -> None:
                buffer.append(pcm)

            def finish(self) -> Transcription:
                time.sleep(1.0)
                return Transcription(f"{len(b''.join(buffer)) / 32000:.2f}")

        return Stream()


def test_a_turn_is_decoded_from_the_same_audio_however_busy_the_decoder():
    # A first pause starts a guess that is still being decoded when the trainee, having gone on,
    # pauses again: that second pause gets its own guess, which gives the turn's words. The turn
    # is always decoded up to 0.2 s after its last voiced frame (pre-roll 0.3 s + speech 1.6 s +
    # 0.22 s), never with the whole 0.5 s of its end (2.4 s), which a busy machine used to do.
    pcm = silence(0.5) + tone(1.0) + silence(0.3) + tone(0.3) + silence(1.5)
    start = time.monotonic()
    voice_input = VoiceInput(PcmIn(pcm, paced=True), lambda: time.monotonic() - start,
                             Endpointer(LoudIsSpeech(), end_silence=0.5), SlowRecognizer())
    said = voice_input.next(None)
    voice_input.stop()
    assert float(said.text) == pytest.approx(0.3 + 1.6 + 0.22, abs=0.05)


def test_a_recorded_reply_that_is_never_heard_is_skipped(tmp_path, monkeypatch):
    monkeypatch.setattr(VoiceInput, "UNHEARD_CLIP", 0.2)

    class Silent(CuedSource):
        def read(self) -> bytes:
            return silence(FRAME_SECONDS)  # a silent file, then silence: never EOF

    script = [SpokenClip(tmp_path / "silence.wav"), HoldStarted(None)]
    voice_input, *_ = ears(b"", source=Silent(b""), script=script)
    assert voice_input.next(None) == HoldStarted(None)
    voice_input.stop()


def test_a_caller_who_yields_stops_when_the_trainee_speaks_over_them():
    out, tape = MemoryOut(), Tape()
    clock = VoiceClock(Synth(), Voice("fr", 150), out, recording=tape)
    out.on_played = lambda pcm, at: clock.trainee_started()  # the trainee starts as the line starts
    spoken = clock.caller_speaks("Bonjour madame, je voudrais un rendez-vous pour demain matin.")
    assert spoken.cut and spoken.talked_over
    assert spoken.end - spoken.start < 0.1 and len(tape.caller) == 1  # recorded as far as it was heard
    assert tape.caller[0][1] < len(tone(0.9))


def test_a_caller_who_does_not_yield_goes_on_and_is_recorded_whole():
    out, tape = MemoryOut(), Tape()
    clock = VoiceClock(Synth(), Voice("fr", 150), out, recording=tape)
    out.on_played = lambda pcm, at: clock.trainee_started()
    spoken = clock.caller_speaks("Bonjour madame, je voudrais un rendez-vous pour demain matin.", yields=False)
    assert spoken.talked_over and not spoken.cut
    assert spoken.end - spoken.start == pytest.approx(0.9) and tape.caller[0][1] == len(tone(0.9))


def test_the_callers_own_voice_coming_back_through_the_microphone_is_no_trainee():
    """Loudspeakers, or a microphone unplugged whose stream moved to the headset's monitor: the
    microphone hears the caller's line itself, a little late. The caller must not stop for it."""
    now = [100.0]
    out, tape = MemoryOut(clock=lambda: now[0]), Tape()
    clock = VoiceClock(Synth(), Voice("fr", 150), out, recording=tape, clock=lambda: now[0])
    line = tone(0.9)
    rng = np.random.default_rng(1)

    def midway(pcm, at):
        now[0] = at + 0.5  # half a second into the line
        late = line[round(0.3 * 16000) * 2: round(0.396 * 16000) * 2]  # heard 0.2 s late
        clock.trainee_started(late)
        assert clock._line is not None and not clock._line.talked_over  # an echo: ignored
        voice = (rng.normal(0, 3000, 1536)).astype("<i2").tobytes()
        clock.trainee_started(voice)

    out.on_played = midway
    spoken = clock.caller_speaks("Bonjour madame, je voudrais un rendez-vous pour demain matin.")
    assert spoken.talked_over and spoken.cut and spoken.end - spoken.start == pytest.approx(0.5, abs=0.01)


def test_a_long_turn_is_told_once_so_that_an_impatient_caller_may_cut_in():
    from simulator.session.inputs import LongTurn

    pcm = silence(0.5) + tone(4.0) + silence(1.0)
    voice_input, *_ = ears(pcm, "Alors voilà, je vous explique tout depuis le début.", cut_in_after=lambda: 2.0)
    first = voice_input.next(None)
    assert isinstance(first, LongTurn) and 2.0 <= first.seconds < 2.5  # while the trainee still speaks
    said = voice_input.next(None)  # the same turn goes on, and ends as usual
    voice_input.stop()
    assert isinstance(said, TraineeSaid) and said.t == pytest.approx(0.5, abs=0.1) and said.end > 4.0


def test_a_patient_caller_never_cuts_in():
    pcm = silence(0.5) + tone(4.0) + silence(1.0)
    voice_input, *_ = ears(pcm, "Alors voilà.", cut_in_after=lambda: None)
    said = voice_input.next(None)
    voice_input.stop()
    assert isinstance(said, TraineeSaid)
