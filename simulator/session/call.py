"""Run one call: the trainee's actions drive the runtime; every event is recorded as it happens.

The same loop serves every input (script, terminal; later the microphone): only the input,
the clock and the display change.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from simulator.audio.base import AudioError
from simulator.engine.runtime import CallRuntime
from simulator.events import CallEnded, CallerSaid, Event, TraineeSaid
from simulator.scenario.model import Scenario
from simulator.scoring.rubric import Rubric
from simulator.scoring.scorer import Scorecard, score_transcript
from simulator.session.inputs import HELP, Help, Pause, TraineeInput
from simulator.session.recorder import Recorder
from simulator.store.sessions import COMPLETED, INTERRUPTED


class Clock(Protocol):
    """The call's time and its sound: simulated for scripts, real for the terminal and the headset."""

    def now(self) -> float: ...
    def wait_until(self, t: float) -> None: ...

    def caller_speaks(self, text: str) -> tuple[float, float]:
        """Say the caller's line (voice: plays it); returns when it started and ended."""

    def trainee_spoke(self, text: str) -> None:
        """The trainee's line has been said (simulated clocks let its time pass)."""


class Display(Protocol):
    def event(self, event: Event) -> None:
        """Show what happened (caller's line, trainee's line, hold, transfer, end)."""

    def notice(self, text: str) -> None:
        """A message from the simulator itself (help, status)."""


class Call:
    def __init__(self, scenario: Scenario, rubric: Rubric, runtime: CallRuntime, recorder: Recorder,
                 trainee_input: TraineeInput, clock: Clock, display: Display, echo_trainee: bool = False):
        self.scenario, self.rubric, self.runtime, self.recorder = scenario, rubric, runtime, recorder
        self.input, self.clock, self.display, self.echo_trainee = trainee_input, clock, display, echo_trainee
        self.error: AudioError | None = None  # why an interrupted call stopped, when it was the audio

    def run(self) -> Scorecard:
        """Play the call to its end; Ctrl-C ends it cleanly and scores what was done."""
        status = COMPLETED
        try:
            self._emit(self.runtime.start(self.clock.now()))
            while not self.runtime.finished:
                self._step()
        except (KeyboardInterrupt, AudioError) as exc:
            # Ctrl-C, or a headset lost mid-call: what was said is kept and scored.
            status = INTERRUPTED
            self.error = exc if isinstance(exc, AudioError) else None
            if self.error:
                self.display.notice(f"Problème audio : {self.error.message}")
            self.display.notice("Séance interrompue : l'appel est enregistré tel quel.")
            self._trainee(CallEnded(None, "stagiaire"))
        scorecard = score_transcript(self.recorder.transcript(), self.rubric, self.scenario.intents)
        self.recorder.finish(scorecard, status)
        return scorecard

    def _step(self) -> None:
        deadline = self.runtime.next_deadline()
        timeout = None if deadline is None else max(0.0, deadline - self.clock.now())
        try:
            action = self.input.next(timeout)
        except EOFError:  # no more replies: the trainee hangs up
            action = CallEnded(None, "stagiaire")
        if action is None:
            self._emit(self.runtime.tick(self.clock.now()))
        elif isinstance(action, Pause):
            self._pass(self.clock.now() + action.seconds)
        elif isinstance(action, Help):
            self.display.notice(HELP)
        else:
            self._trainee(action)

    def _pass(self, until: float) -> None:
        """Let time pass (simulated clocks), firing the timers that fall due on the way."""
        while (deadline := self.runtime.next_deadline()) is not None and deadline <= until:
            self.clock.wait_until(deadline)
            self._emit(self.runtime.tick(deadline))
            if self.runtime.finished:
                return
        self.clock.wait_until(until)

    def _trainee(self, action: Event) -> None:
        # Voice input knows when speech started; other actions happen now.
        event = action if action.t is not None else replace(action, t=round(self.clock.now(), 2))
        self._emit(self.runtime.tick(event.t))
        if self.runtime.finished:
            return
        if not isinstance(event, CallEnded):  # the runtime reports the end of the call itself
            self.recorder.record(event)
            if self.echo_trainee or not isinstance(event, TraineeSaid):
                self.display.event(event)
        caller = self.runtime.handle(event)
        if isinstance(event, TraineeSaid):
            self.clock.trainee_spoke(event.text)
        self._emit(caller)

    def _emit(self, events: list[Event]) -> None:
        for event in events:
            # The caller answers once the trainee has finished speaking.
            event = replace(event, t=round(max(event.t or 0.0, self.clock.now()), 2))
            self.display.event(event)  # subtitles appear as the caller starts speaking
            if isinstance(event, CallerSaid):
                start, end = self.clock.caller_speaks(event.text)
                event = replace(event, t=round(start, 2), end=round(end, 2))
                self.runtime.caller_finished(end)
            self.recorder.record(event)
