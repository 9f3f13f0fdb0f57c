"""The voice session's screen (simulator.ui.live) on a recording console: subtitles, stage notes
while the caller is on hold, and the status line (listening, level, partial words, hold timer)."""

from __future__ import annotations

import io
import time

from rich.console import Console

from simulator.events import CallEnded, CallerSaid, HoldEnded, HoldStarted, TraineeSaid
from simulator.ui.live import FLOOR_DB, LiveScreen, level_bar


def screen() -> tuple[LiveScreen, Console]:
    console = Console(record=True, width=100, force_terminal=False, color_system=None, file=io.StringIO())
    return LiveScreen(console, "Touches : [a] attente"), console


def status(live: LiveScreen) -> str:
    console = Console(record=True, width=100, color_system=None, file=io.StringIO())
    console.print(live._status())
    return console.export_text()


def test_lines_are_printed_as_subtitles_and_a_caller_on_hold_as_a_stage_note():
    live, console = screen()
    with live:
        live.event(CallerSaid(1.0, "Bonjour, c'est pour un rendez-vous."))
        live.event(TraineeSaid(3.0, "Je vous mets en attente."))
        live.event(HoldStarted(4.0))
        live.event(CallerSaid(10.0, "Allô ?"))
        live.event(HoldEnded(20.0))
        live.event(CallerSaid(21.0, "Ah, vous voilà."))
        live.notice("Son coupé")
        live.event(CallEnded(30.0, "appelant"))
    printed = console.export_text()
    assert "[00:01] Appelant : Bonjour, c'est pour un rendez-vous." in printed
    assert "[00:03] Vous : Je vous mets en attente." in printed
    assert "(en attente, l'appelant dit : « Allô ? »)" in printed and "Appelant : Allô" not in printed
    assert "Appelant : Ah, vous voilà." in printed  # heard again once taken back
    assert "Son coupé" in printed and "Fin de l'appel (l'appelant a raccroché)" in printed


def test_the_status_line_says_who_speaks_the_level_and_what_is_heard():
    live, _ = screen()
    assert "🎙 à vous" in status(live) and level_bar(FLOOR_DB) in status(live)
    live.listening(True)
    live.level(-20.0)
    live.partial("Clinique Nest")
    line = status(live)
    assert "🎙 je vous écoute" in line and "« Clinique Nest »" in line and level_bar(-20.0) in line
    assert "Touches : [a] attente" in line
    live.level(-40.0)
    live.listening(False)
    assert "Clinique Nest" not in status(live) and live.peak == -20.0


def test_the_hold_timer_counts_and_turns_red_after_30_seconds(monkeypatch):
    live, _ = screen()
    now = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    live.event(HoldStarted(5.0))
    now[0] += 12
    assert "⏸ attente 00:12" in status(live)
    assert [span.style for span in live._status().renderables[0].spans][0] == "bold yellow"
    now[0] += 20
    assert "⏸ attente 00:32" in status(live)
    assert [span.style for span in live._status().renderables[0].spans][0] == "bold red"
    live.event(HoldEnded(40.0))
    assert "⏸ attente" not in status(live)


def test_level_bar_fills_from_the_floor_to_full_scale():
    assert level_bar(FLOOR_DB) == "▯" * 20
    assert level_bar(0.0) == "▮" * 20
    assert level_bar(-30.0) == "▮" * 10 + "▯" * 10
    assert level_bar(-90.0) == level_bar(FLOOR_DB) and level_bar(6.0) == level_bar(0.0)
