"""Run one call: the trainee's actions drive the runtime; every event is recorded as it happens.

The same loop serves every input (script, terminal, microphone): only the input, the clock and
the display change.
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
from simulator.session.inputs import HELP, Help, LongTurn, Pause, Spoken, TraineeInput
from simulator.session.recorder import Recorder
from simulator.store.sessions import COMPLETED, INTERRUPTED, StoreError


class Clock(Protocol):
    """The call's time and its sound: simulated for scripts, real for the terminal and the headset."""

    def now(self) -> float: ...
    def wait_until(self, t: float) -> None: ...

    def caller_speaks(self, text: str, yields: bool = True) -> Spoken:
        """Say the caller's line (voice: plays it, and stops it if the trainee speaks over a
        caller who `yields`); returns when it started and ended, and whether it was talked over."""

    def trainee_spoke(self, text: str) -> None:
        """The trainee's line has been said (simulated clocks let its time pass)."""


class Display(Protocol):
    def event(self, event: Event) -> None:
        """Show what happened (caller's line, trainee's line, hold, transfer, end)."""

    def notice(self, text: str) -> None:
        """A message from the simulator itself (help, status)."""


class NoDisplay:
    """A call shown nowhere: the authors' example calls, benchmarks, tests."""

    def event(self, event: Event) -> None:
        pass

    def notice(self, text: str) -> None:
        pass


class Call:
    def __init__(self, scenario: Scenario, rubric: Rubric, runtime: CallRuntime, recorder: Recorder,
                 trainee_input: TraineeInput, clock: Clock, display: Display, echo_trainee: bool = False):
        self.scenario, self.rubric, self.runtime, self.recorder = scenario, rubric, runtime, recorder
        self.input, self.clock, self.display, self.echo_trainee = trainee_input, clock, display, echo_trainee
        # Why an interrupted call stopped, when it was not Ctrl-C: the audio, or the recording.
        self.error: AudioError | StoreError | None = None

    def run(self) -> Scorecard:
        """Play the call to its end. Ctrl-C, a headset lost, a full disk or a database gone end it
        cleanly: what was recorded is kept and scored."""
        status = COMPLETED
        try:
            self._emit(self.runtime.start(self.clock.now()))
            while not self.runtime.finished:
                self._step()
        except (KeyboardInterrupt, AudioError, StoreError) as exc:
            status = INTERRUPTED
            if not isinstance(exc, KeyboardInterrupt):
                self._failed(exc)
            self.display.notice("Séance interrompue : l'appel est enregistré tel quel.")
            if not isinstance(exc, StoreError):  # a store that failed once would only fail again
                try:
                    self._trainee(CallEnded(None, "stagiaire"))
                except (AudioError, StoreError) as closing:
                    self._failed(closing)
        scorecard = score_transcript(self.recorder.transcript(), self.rubric, self.scenario.intents)
        try:
            self.recorder.finish(scorecard, status)
        except StoreError as exc:
            self._failed(exc)
            self.display.notice("La grille n'a pas pu être enregistrée : elle le sera au prochain lancement.")
        return scorecard

    def _failed(self, error: AudioError | StoreError) -> None:
        if self.error is not None and self.error.message == error.message:
            return  # the same failure again
        self.error = self.error or error  # the first failure is the one to report
        what = "Problème audio" if isinstance(error, AudioError) else "Enregistrement impossible"
        self.display.notice(f"{what} : {error.message}")

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
        elif isinstance(action, LongTurn):  # an impatient caller cuts in, over the trainee
            self._emit(self.runtime.cut_in(self.clock.now()))
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
            spoken = None
            if isinstance(event, CallerSaid):
                try:
                    spoken = self.clock.caller_speaks(event.text, yields=self.runtime.yields)
                except (KeyboardInterrupt, AudioError):
                    self.recorder.record(event)  # cut off, but heard and recorded: in the transcript too
                    raise
                event = replace(event, t=round(spoken.start, 2), end=round(spoken.end, 2), cut=spoken.cut or None)
                self.runtime.caller_finished(spoken.end)
            self.recorder.record(event)
            if spoken is not None and spoken.talked_over and not spoken.cut:
                self._emit(self.runtime.talked_over(spoken.end))  # « Laissez-moi finir ! »
