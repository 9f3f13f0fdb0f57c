"""A call on a headset: the caller's lines are synthesized and played, the trainee's voice is
captured, cut into utterances by the voice-activity detector and transcribed once per utterance.

`VoiceClock` is the call's clock and mouth; `VoiceInput` its ears. Both are adapters around the
small audio, speech and synthesis interfaces, so that the same code runs on a headset, on WAV
files paced in real time, and on in-memory fakes.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Protocol

import numpy as np

from simulator.audio.base import (FRAME_SECONDS, RATE, SAMPLE_WIDTH, AudioError, AudioIn, AudioOut, seconds,
                                 to_float)
from simulator.audio.endpoint import Endpointer, Onset, SpeechStarted, Utterance
from simulator.events import CallEnded, Event, HoldEnded, HoldStarted, TraineeSaid
from simulator.session.greeting_check import looked_at
from simulator.session.inputs import Action, LongTurn, Spoken, SpokenClip
from simulator.stt.base import Transcriber, UtteranceStream, transcribe
from simulator.tts.base import Synthesizer, Voice


class CallRecording(Protocol):
    """Both sides of the call on one clock (the session's stereo WAV)."""

    def write_caller(self, pcm: bytes, at: float) -> None: ...
    def write_trainee(self, pcm: bytes, at: float) -> None: ...


class NoRecording:
    def write_caller(self, pcm: bytes, at: float) -> None:
        pass

    def write_trainee(self, pcm: bytes, at: float) -> None:
        pass


class Monitor(Protocol):
    """What the trainee sees while speaking: input level, listening state, partial transcript."""

    def level(self, dbfs: float) -> None: ...
    def listening(self, speaking: bool) -> None: ...
    def partial(self, text: str) -> None: ...


class NoMonitor:
    def level(self, dbfs: float) -> None:
        pass

    def listening(self, speaking: bool) -> None:
        pass

    def partial(self, text: str) -> None:
        pass


@dataclass
class _Line:
    yields: bool
    pcm: bytes
    began: float  # on the monotonic clock, when it was handed to the device
    talked_over: bool = False
    cut_at: float | None = None  # call time when the caller stopped for the trainee


class VoiceClock:
    """Real time from the start of the call; the caller's lines are rendered and played.

    It also watches the call's events (as a display does): on hold, the caller hears music and
    the trainee no longer hears the caller."""

    def __init__(self, synthesizer: Synthesizer, voice: Voice, out: AudioOut, hold_music: bytes = b"",
                 recording: CallRecording | None = None, clock: Callable[[], float] = time.monotonic,
                 line_voices: Mapping[str, Voice] | None = None):
        self.synthesizer, self.voice, self.out, self.hold_music = synthesizer, voice, out, hold_music
        self.line_voices = line_voices or {}  # the lines said otherwise (« (debit=130) … » in the scenario)
        self.recording = recording or NoRecording()
        self._monotonic = clock
        self.origin = clock()  # call time 0, on the monotonic clock
        self.on_hold = False
        self.lost = False  # the headset failed: the call is ending, what follows is only recorded
        # When each line heard reached the device (its first sample) and ended, and when it was
        # asked for, for measures.
        self.lines: list[tuple[float, float]] = []
        self.asked: list[float] = []
        self._line: _Line | None = None  # the line being played, that the trainee may speak over
        self._lock = threading.Lock()

    def now(self) -> float:
        return self._monotonic() - self.origin

    def wait_until(self, t: float) -> None:
        time.sleep(max(0.0, t - self.now()))

    def caller_speaks(self, text: str, yields: bool = True) -> Spoken:
        pcm = self.synthesizer.render(text, self.line_voices.get(text, self.voice))  # pre-rendered: a cache hit
        start = self.now()
        if self.on_hold or self.lost:  # said to no one: recorded, not heard
            self.recording.write_caller(pcm, start)
            return Spoken(start, start + seconds(pcm))
        if not yields:  # said to the end whatever happens: recorded first, as it will be heard
            self.recording.write_caller(pcm, start)
        line = self._line = _Line(yields, pcm, self._monotonic())
        try:
            self.out.play(pcm)
        except AudioError:
            self.lost = True  # once: the call ends on this error without playing again
            raise
        finally:
            with self._lock:
                self._line = None
            first = self.out.started_at
            heard = start if first is None else first - self.origin
            cut = line.cut_at is not None and line.cut_at - heard < seconds(pcm) - FRAME_SECONDS
            if cut:  # the trainee spoke: what was heard up to then
                pcm = pcm[: max(0, round((line.cut_at - heard) * RATE)) * SAMPLE_WIDTH]
            if yields:  # recorded once played, where and as far as it was heard (also on Ctrl-C)
                self.recording.write_caller(pcm, heard)
        self.lines.append((heard, heard + seconds(pcm)))
        self.asked.append(start)
        # A line cut short ended when the caller stopped for the trainee (after the trainee began).
        end = line.cut_at if cut else start + seconds(pcm)
        return Spoken(start, end, cut=cut, talked_over=line.talked_over)

    def trainee_started(self, heard: bytes = b"") -> None:
        """The trainee began to speak (the microphone's thread; `heard`: the last frames of the
        microphone): a caller who yields stops at once. The caller's own voice coming back through
        the microphone (loudspeakers instead of a headset, a microphone unplugged and its stream
        moved to the headset's monitor) is no trainee: it is recognised and ignored."""
        with self._lock:
            line = self._line
            if line is None or line.talked_over or (heard and self._echo(line, heard)):
                return
            line.talked_over = True
            if line.yields:
                line.cut_at = self.now()
                self.out.stop()

    ECHO_WINDOW = 0.6  # seconds of the caller's line the microphone may hear late
    # Normalised correlation above which the microphone hears the caller. The caller's own voice
    # fed back comes at 0.95 and above; another voice speaking over it reached 0.81 (a trainee's
    # reply against an aggressive caller's line, 0.1 s windows: over 0.5 one time in five, which
    # ignored a trainee who talked over the caller).
    ECHO_LIKENESS = 0.9

    def _echo(self, line: _Line, heard: bytes) -> bool:
        played = to_float(line.pcm)
        end = min(len(played), round((self._monotonic() - line.began) * RATE))
        said = played[max(0, end - round(self.ECHO_WINDOW * RATE)):end]
        mic = to_float(heard)
        if len(said) < len(mic) or not mic.any():
            return False
        mic = mic - mic.mean()
        energy = np.sqrt(np.convolve(said * said, np.ones(len(mic)), "valid"))
        likeness = np.abs(np.correlate(said, mic, "valid")) / (energy * np.linalg.norm(mic) + 1e-9)
        return bool(likeness.max() > self.ECHO_LIKENESS)

    def trainee_spoke(self, text: str) -> None:
        """The trainee's real speech took its own time."""

    def event(self, event: Event) -> None:
        if isinstance(event, HoldStarted) and not self.on_hold:
            self.on_hold = True
            if self.hold_music and not self.lost:
                self.out.start_loop(self.hold_music)
        elif isinstance(event, (HoldEnded, CallEnded)) and self.on_hold:
            self.on_hold = False
            if self.hold_music:
                self.out.stop_loop()

    def notice(self, text: str) -> None:
        pass


class Displays:
    """Fan one call's events out to several observers (the screen, the phone line)."""

    def __init__(self, *displays):
        self.displays = displays

    def event(self, event: Event) -> None:
        for display in self.displays:
            display.event(event)

    def notice(self, text: str) -> None:
        for display in self.displays:
            display.notice(text)


@dataclass
class _End:
    error: AudioError | None = None


class VoiceInput:
    """The trainee's actions in a voice session: utterances from the audio source, switchboard
    actions from the keyboard (`actions`) or from a reply script (`script`).

    A capture thread only reads frames, stamps them on the call's clock and records them, so that
    slow transcription never makes the device overflow; the call's thread runs the detector and
    the transcriber.
    """

    POLL = 0.05
    SPECULATE_AFTER = 0.2  # seconds of pause before decoding early
    UNHEARD_CLIP = 20.0  # seconds after its cue when a recorded reply that was never heard is skipped

    def __init__(self, source: AudioIn, now: Callable[[], float], endpointer: Endpointer, transcriber: Transcriber,
                 recording: CallRecording | None = None, monitor: Monitor | None = None,
                 actions: queue.Queue[Action] | None = None, script: Iterable[Action] | None = None,
                 check: Callable[[bytes, str], str] | None = None,
                 on_speech: Callable[[bytes], None] | None = None,
                 cut_in_after: Callable[[], float | None] | None = None):
        self.source, self.now, self.endpointer, self.transcriber = source, now, endpointer, transcriber
        # Told at once, from the capture thread, when the trainee starts speaking (barge-in).
        self._on_speech, self._onset = on_speech, Onset()
        self._recent: deque[bytes] = deque(maxlen=self._onset.confirm)  # the frames that confirmed it
        # How long the trainee may talk on before the caller cuts in (asked of the call, which knows
        # the caller's mood), and whether this turn was already said to be long.
        self._cut_in_after = cut_in_after
        self._long_told, self._began_at = False, 0.0
        self._check = check  # a second look at the first turn (simulator.session.greeting_check)
        self.recording = recording or NoRecording()
        self.monitor = monitor or NoMonitor()
        self.actions = actions if actions is not None else queue.Queue()
        self.script = list(script) if script is not None else None
        self._frames: queue.Queue[tuple[float, bytes] | _End] = queue.Queue()
        self._stream: UtteranceStream | None = None
        # The call time of each frame heard, for the endpointer counts frames: after a gap (a device
        # lost and found again) the frames' own times jump forward, its count does not.
        self._stamps: list[float] = []
        self._cued, self._cued_at = False, 0.0
        self.utterances: list[tuple[float, float, float]] = []  # (start, end, stt seconds), for measures
        self.decided: list[tuple[float, float]] = []  # call times each turn's end was confirmed, and its text ready
        self._guess: tuple[int, Future] | None = None  # early decode: (last voiced frame, result)
        # Engines that decode at end of speech (Whisper) gain from decoding early; streaming ones
        # (Vosk) have their transcript ready anyway.
        self._decoder = ThreadPoolExecutor(1, "decode") if getattr(transcriber, "decodes_at_end", False) else None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._capture, name="capture", daemon=True)
        self._thread.start()

    # -- capture thread -------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop capturing; returns once the capture thread no longer touches the source, so that
        the device can be closed safely (closing a PortAudio stream mid-read can crash)."""
        self._stopping.set()
        self._thread.join(timeout=2.0)
        if self._decoder is not None:
            self._decoder.shutdown(wait=True)

    def _capture(self) -> None:
        t = None
        while not self._stopping.is_set():
            try:
                frame = self.source.read()
            except EOFError:
                self._frames.put(_End())
                return
            except AudioError as exc:
                self._frames.put(_End(exc))
                return
            now = self.now() - FRAME_SECONDS  # the frame started one frame ago
            # Count frames for a steady clock; move forward if frames were lost (a stalled device).
            # Never move back: buffered frames arriving in a burst are older than `now`.
            t = now if t is None or now - t > 0.25 else t
            try:
                self.recording.write_trainee(frame, t)
            except AudioError as exc:  # the recording failed (a full disk): the call cannot go on
                self._frames.put(_End(exc))
                return
            self._recent.append(frame)
            if self._onset.push(frame) and self._on_speech is not None:
                self._on_speech(b"".join(self._recent))
            self._frames.put((t, frame))
            t += FRAME_SECONDS

    # -- the call's thread ----------------------------------------------------------------------

    def next(self, timeout: float | None) -> Action | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self.script is not None:
                if not self.script:
                    raise EOFError
                if not isinstance(self.script[0], SpokenClip):
                    return self.script.pop(0)
                if not self._cued:
                    self._cued, self._cued_at = True, time.monotonic()
                    self.source.cue()  # the recorded reply starts now, as a trainee would answer
                elif self._stream is None and time.monotonic() - self._cued_at > self.UNHEARD_CLIP:
                    self.script.pop(0)  # nothing heard of that reply (a silent file): go on
                    self._cued = False
                    continue
            elif self._stream is None:
                try:
                    return self.actions.get_nowait()
                except queue.Empty:
                    pass
            speaking = self._stream is not None
            if not speaking and deadline is not None and time.monotonic() >= deadline:
                return None
            try:
                item = self._frames.get(timeout=self.POLL)
            except queue.Empty:
                continue
            if isinstance(item, _End):
                self._frames.put(item)  # stay at end of input
                if item.error is not None:
                    raise item.error
                raise EOFError
            said = self._hear(*item)
            long_turn = self._long_turn()
            if long_turn is not None:
                return long_turn
            if said is not None:
                if self.script is not None:
                    self.script.pop(0)
                    self._cued = False
                return said

    def _hear(self, t: float, frame: bytes) -> TraineeSaid | None:
        self._stamps.append(t)
        said, fed = None, False
        for found in self.endpointer.push(frame):
            if isinstance(found, SpeechStarted):
                self._began_at = t
                self._stream = self.transcriber.stream()
                self.monitor.listening(True)
                self._partial(self._stream.accept(found.pcm))  # with the pre-roll and this frame
                fed = True
            elif isinstance(found, Utterance):
                said = self._finish(found)
        if self._stream is not None and not fed:
            self._partial(self._stream.accept(frame))
            self._speculate()
        self.monitor.level(self.endpointer.level)
        return said

    def _long_turn(self) -> LongTurn | None:
        """Once per turn, when the trainee has talked on longer than the caller will wait."""
        if self._stream is None or self._long_told or self._cut_in_after is None:
            return None
        limit = self._cut_in_after()
        talked = self._stamps[-1] - self._began_at if self._stamps else 0.0
        if limit is None or talked < limit:
            return None
        self._long_told = True
        return LongTurn(round(talked, 1))

    def _at(self, offset: float) -> float:
        """The call time `offset` seconds into the frames heard (the endpointer's time)."""
        index = min(int(offset / FRAME_SECONDS + 1e-6), len(self._stamps) - 1)
        return self._stamps[index] + offset - index * FRAME_SECONDS

    def _partial(self, text: str | None) -> None:
        if text:
            self.monitor.partial(text)

    def _speculate(self) -> None:
        """Decode early, as soon as the trainee pauses: if the pause turns out to be the end of
        the turn, the transcript is ready (or nearly) when the endpointer confirms it, and the
        caller answers sooner. If the trainee goes on, the guess is dropped.

        A guess is made at every pause, even while a stale one is still being decoded (the next
        waits its turn in the decoder): a turn's words are then always those of its audio up to
        SPECULATE_AFTER after its last voiced frame, whatever the machine's load. Otherwise a
        busy machine decoded the whole turn instead, and the same reply could be written
        « bonjour » in one call and « morceaux » in the next."""
        if self._guess is not None and self._guess[0] != self.endpointer.last_voiced:
            self._guess[1].cancel()  # the trainee went on speaking: stale (unused, if already begun)
            self._guess = None
        if (self._decoder is not None and self._guess is None and self._stream is not None
                and self.endpointer.silence >= self.SPECULATE_AFTER):
            pcm = self.endpointer.speech()
            self._guess = (self.endpointer.last_voiced, self._decoder.submit(transcribe, self.transcriber, pcm))

    def _finish(self, utterance: Utterance) -> TraineeSaid | None:
        confirmed = self.now()
        self._long_told = False
        stream, self._stream = self._stream, None
        guess, self._guess = self._guess, None
        self.monitor.listening(False)
        if stream is None:
            return None
        result = None
        if guess is not None:
            covered, future = guess
            guessed = future.result()  # wait in any case: the engine decodes one thing at a time
            if covered == round(utterance.end / FRAME_SECONDS) - 1:  # nothing was said since
                result = guessed
        if result is None:
            result = stream.finish()
        start, end = self._at(utterance.start), self._at(utterance.end)
        self.utterances.append((start, end, result.compute_seconds))
        self.decided.append((confirmed, self.now()))
        text = result.text.strip()
        if not text:  # a cough, a noise: not a turn
            return None
        if self._check is not None:
            check, self._check = self._check, None  # the first turn only
            return looked_at(check, utterance.pcm, start, text, end)
        return TraineeSaid(round(start, 2), text, round(end, 2))
