"""Run a scenario: the trainee's events go in, the caller's lines and the end of the call come out.

The runtime owns no clock: every input carries its time, and `next_deadline()` tells the driver
when a timer (silence, delay, long hold) would fire, so the driver calls `tick()` then. This keeps
it testable without audio, a clock or a terminal.
"""

from __future__ import annotations

import random
from typing import Any, Sequence

from transitions import EventData, Machine

from simulator.engine.machine import edges
from simulator.events import (CallEnded, CallerSaid, Event, HoldEnded, HoldStarted, SlipFilled, TraineeSaid,
                              Transferred)
from simulator.scenario.model import (DELAY, HANG_UP, HOLD_ASKED, ON_HOLD, RESUMED, SILENCE, SLIP, SPOKEN,
                                      TRANSFER, Scenario, Transition)
from simulator.text.matchers import FUZZY, find_phrase

ENDED_BY_TRIGGER = {HANG_UP: "stagiaire", TRANSFER: "transfert"}  # else the caller ended it


def collapsed(states: Sequence[str]) -> tuple[str, ...]:
    """States in order with repeats in a row said once: a path to compare with an expected one."""
    return tuple(s for i, s in enumerate(states) if i == 0 or states[i - 1] != s)


class _Call:
    """The model object `transitions` drives (kept apart so its generated methods stay contained)."""

    state: str


class CallRuntime:
    def __init__(self, scenario: Scenario, seed: int = 0, timer_scale: float = 1.0):
        """`timer_scale` stretches silence and delay timers (typing is slower than speaking)."""
        self.scenario = scenario
        self.rng = random.Random(seed)
        self.timer_scale = timer_scale
        self.now = 0.0
        self.finished = False
        self.hold_since: float | None = None
        self.last_activity = 0.0
        self.state_entered = 0.0
        self.fired: set[int] = set()
        self.visited: list[str] = [scenario.initial]  # states entered, in order (example calls check it)
        self._out: list[Event] = []
        self._protested: set[str] = set()  # states where the caller said « Laissez-moi finir ! »
        self._cut_in: set[str] = set()  # states where the caller cut in on a long turn
        self._trigger = ""
        self._handled = False
        self._edges = edges(scenario)
        self._call = _Call()
        self.machine = Machine(model=self._call, states=list(scenario.states), initial=scenario.initial,
                               auto_transitions=False, send_event=True, ignore_invalid_triggers=True)
        for state in scenario.states:
            self.machine.get_state(state).on_enter.append(self._entered)
        for edge in self._edges:
            # `before`: the transition's own lines come before those of the state it enters.
            self.machine.add_transition(edge.trigger, edge.source, edge.dest,
                                        conditions=[self._condition(edge.transition)],
                                        before=[self._taken(edge.transition)])

    @property
    def state(self) -> str:
        return self._call.state

    # -- inputs -------------------------------------------------------------------------------

    @property
    def path(self) -> tuple[str, ...]:
        """The states visited, a state held over several turns said once."""
        return collapsed(self.visited)

    def start(self, t: float = 0.0) -> list[Event]:
        """The trainee picks up: the initial state's lines (often none: the caller waits to be greeted)."""
        self.now = self.last_activity = self.state_entered = t
        self._say(self.scenario.states[self.scenario.initial].lines)
        return self._flush()

    def handle(self, event: Event) -> list[Event]:
        """Apply one trainee event (speech or switchboard action); return what the caller does."""
        if self.finished:
            return []
        if event.t is not None:
            self.now = max(self.now, event.t)
        out = self.tick(self.now)
        if self.finished:
            return out
        self.last_activity = self.now
        self.fired = {i for i in self.fired if self._transition_event(i) != SILENCE}
        if isinstance(event, TraineeSaid):
            if not self._fire(SPOKEN, text=event.text):
                self._say(self.scenario.states[self.state].fallback)
        elif isinstance(event, HoldStarted):
            self.hold_since = self.now
            self._fire(HOLD_ASKED)
        elif isinstance(event, HoldEnded):
            held = self.now - self.hold_since if self.hold_since is not None else 0.0
            self.hold_since = None
            self.state_entered += held  # delay timers pause while the caller is on hold
            self._fire(RESUMED, held=held)
        elif isinstance(event, Transferred):
            self._fire(TRANSFER, target=event.target)
            if not self.finished and not self._handled:
                self._end("transfert")  # no scenario reaction: the call has left the trainee
        elif isinstance(event, SlipFilled):
            self._fire(SLIP)
        elif isinstance(event, CallEnded):
            self._fire(HANG_UP)
            if not self.finished:
                self._end("stagiaire")
        return out + self._flush()

    @property
    def yields(self) -> bool:
        """Whether the caller, in the current state, stops when the trainee speaks over them."""
        return self.scenario.interruption_in(self.state).yields

    def talked_over(self, t: float) -> list[Event]:
        """The trainee spoke over a line the caller went on with: what the caller says then
        (« Laissez-moi finir ! »), once per state."""
        if self.finished or self.state in self._protested:
            return []
        self._protested.add(self.state)
        self.now = max(self.now, t)
        self._say(self.scenario.interruption_in(self.state).lines)
        return self._flush()

    @property
    def cut_in_after(self) -> float | None:
        """Seconds of the trainee talking on before the caller cuts in, in the current state (None: never)."""
        way = self.scenario.interruption_in(self.state)
        return way.cut_in_after if way.cut_in and self.state not in self._cut_in else None

    def cut_in(self, t: float) -> list[Event]:
        """The trainee has been talking for long: the caller cuts in (once per state)."""
        if self.finished or self.cut_in_after is None:
            return []
        self._cut_in.add(self.state)
        self.now = max(self.now, t)
        self._say(self.scenario.interruption_in(self.state).cut_in)
        return self._flush()

    def caller_finished(self, t: float) -> None:
        """The caller's line ended at `t`: silence is counted from there, not from while they spoke."""
        self.last_activity = max(self.last_activity, t)

    def tick(self, now: float) -> list[Event]:
        """Let time pass until `now`, firing every timer that falls due, in order."""
        while not self.finished:
            due = self._next_timer()
            if due is None or due[0] > now:
                break
            deadline, transition = due
            self.now = max(self.now, deadline)
            self._fire(transition.event, only=transition.index)
        self.now = max(self.now, now)
        return self._flush()

    def next_deadline(self) -> float | None:
        due = self._next_timer()
        return None if due is None else due[0]

    # -- machine callbacks --------------------------------------------------------------------

    def _condition(self, transition: Transition):
        def allowed(event: EventData) -> bool:
            kwargs: dict[str, Any] = event.kwargs
            if transition.event in (SILENCE, DELAY, ON_HOLD):
                return kwargs.get("only") == transition.index
            if transition.event == SPOKEN:
                text = kwargs["text"]
                intents = self.scenario.intents
                return (all(intents[n].find(text) for n in transition.when)
                        and not any(intents[n].find(text) for n in transition.unless))
            if transition.event == TRANSFER and transition.targets:
                return any(find_phrase(t, kwargs["target"], FUZZY) for t in transition.targets)
            if transition.event == RESUMED and transition.hold_over is not None:
                return kwargs["held"] > transition.hold_over
            return True
        return allowed

    def _taken(self, transition: Transition):
        def said(event: EventData) -> None:
            self._handled = True
            if transition.after is not None:
                self.fired.add(transition.index)
            self._say(transition.lines)
        return said

    def _entered(self, event: EventData) -> None:
        self.state_entered = self.now
        self.fired = set()
        self.visited.append(self.state)
        state = self.scenario.states[self.state]
        self._say(state.lines)
        if state.final:
            self._end(ENDED_BY_TRIGGER.get(self._trigger, "appelant"))

    # -- helpers ------------------------------------------------------------------------------

    def _fire(self, trigger: str, **kwargs: Any) -> bool:
        self._trigger, self._handled = trigger, False
        return bool(self._call.trigger(trigger, **kwargs))

    def _say(self, variants: tuple[str, ...]) -> None:
        if variants:
            self._out.append(CallerSaid(self.now, self.scenario.fill(self.rng.choice(variants))))

    def _end(self, by: str) -> None:
        self.finished = True
        self._out.append(CallEnded(self.now, by))

    def _flush(self) -> list[Event]:
        out, self._out = self._out, []
        return out

    def _transition_event(self, index: int) -> str:
        return self.scenario.transitions[index].event

    def _next_timer(self) -> tuple[float, Transition] | None:
        if self.finished:
            return None
        best: tuple[float, Transition] | None = None
        for edge in self._edges:
            transition = edge.transition
            if edge.source != self.state or transition.after is None or transition.index in self.fired:
                continue
            if transition.event == ON_HOLD:
                if self.hold_since is None:
                    continue
                deadline = self.hold_since + transition.after
            elif self.hold_since is not None:
                continue
            else:
                start = self.last_activity if transition.event == SILENCE else self.state_entered
                deadline = start + transition.after * self.timer_scale
            if best is None or deadline < best[0]:
                best = (deadline, transition)
        return best

