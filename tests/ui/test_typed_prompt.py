"""`accueil play --text` in a real terminal: a pseudo-terminal drives the program, and a terminal
emulator (pyte) shows the screen the trainee sees. The prompt holds: a caller's line that arrives
while the trainee types is printed above it, and the half-typed line stays on the prompt."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pexpect
import pyte
import pytest
from click.testing import CliRunner

from simulator.cli import cli
from simulator.events import MessageSlip, SlipFilled, TraineeSaid
from simulator.store import SessionStore

ACCUEIL = Path(sys.executable).with_name("accueil")
ROWS, COLUMNS = 50, 110
PROMPT = "Vous >"
SLIP = (("Nom de l'appelant", "Martine Lefèvre"), ("Téléphone", "06 12 34 56 78"), ("Motif de l'appel", "horaires"),
        ("Destinataire", "radiologie"))


class Terminal:
    """The program in a pseudo-terminal, and the screen it draws."""

    def __init__(self, *args: str):
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self._stream = pyte.Stream(self.screen)
        self.output = ""  # all that was printed, escape sequences included
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="", PROMPT_TOOLKIT_NO_CPR="1")
        self.child = pexpect.spawn(str(ACCUEIL), ["play", *args], env=env, encoding="utf-8",
                                   dimensions=(ROWS, COLUMNS))
        self.child.logfile_read = self  # everything read is drawn on the screen

    def write(self, text: str) -> None:
        self.output += text
        self._stream.feed(text)

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.screen.display]

    def cursor_line(self) -> str:
        return self.lines()[self.screen.cursor.y]

    def above(self, count: int) -> list[str]:
        """The `count` lines above the cursor."""
        row = self.screen.cursor.y
        return self.lines()[max(0, row - count):row]

    def wait(self, shown, timeout: float = 10.0) -> None:
        """Read what the program prints until `shown()` holds (pexpect's timeout, no sleep)."""
        deadline = time.monotonic() + timeout
        while not shown():
            try:
                self.child.read_nonblocking(4096, timeout=max(0.01, deadline - time.monotonic()))
            except (pexpect.TIMEOUT, pexpect.EOF):
                pytest.fail("écran attendu non affiché :\n" + "\n".join(line for line in self.lines() if line))

    def wait_prompt(self) -> None:
        # A first call asks the trainee's civility (profiles) before the call: answered here.
        self.wait(lambda: self.cursor_line() == PROMPT or "monsieur" in self.cursor_line())
        if self.cursor_line() != PROMPT:
            self.child.send("aucune\r")
            self.wait(lambda: self.cursor_line() == PROMPT)

    def callers(self) -> int:
        return sum("Appelant : " in line for line in self.lines())

    def say(self, text: str) -> None:
        """Type the end of a line and Enter; wait for the caller's answer and the prompt again."""
        heard = self.callers()
        self.child.send(f"{text}\r")
        self.wait(lambda: self.callers() > heard and self.cursor_line() == PROMPT)

    def finish(self) -> str:
        """Wait for the end; the stored session's id."""
        self.wait(lambda: any("Séance enregistrée" in line for line in self.lines()), timeout=20)
        self.child.expect(pexpect.EOF, timeout=10)
        self.child.close()
        assert self.child.exitstatus == 0
        text = "".join(self.lines())
        return re.search(r"Séance enregistrée : (\S+)", text).group(1)


def trainee_lines(data_dir: Path, session_id: str) -> list[str]:
    return [e.text for e in SessionStore(data_dir).transcript(session_id).events if isinstance(e, TraineeSaid)]


def test_a_caller_line_arriving_while_the_trainee_types_is_printed_above_the_prompt(isolated_data):
    terminal = Terminal("appel-calme", "--trainee", "Camille", "--text", "--seed", "1")
    terminal.wait_prompt()
    terminal.child.send("Clinique Ne")
    # « Allô ? » after 5 s of silence, stretched ×3 for typing.
    terminal.wait(lambda: terminal.callers() == 1, timeout=25)
    terminal.wait(lambda: terminal.cursor_line() == f"{PROMPT} Clinique Ne")
    lines = terminal.lines()
    row = terminal.screen.cursor.y
    assert re.fullmatch(r"\[00:1\d\] Appelant : Allô.*", lines[row - 1]), lines[row - 1]
    assert [line for line in lines if "Clinique Ne" in line and "Nest" not in line] == [lines[row]]  # kept whole, once
    caller = lines[row - 1].index("Appelant")
    assert terminal.screen.buffer[row - 1][caller].fg == "cyan"  # Rich's colours pass through the prompt
    terminal.say("st, Camille, bonjour.")
    terminal.child.send("/raccrocher\r")
    session_id = terminal.finish()
    assert trainee_lines(isolated_data, session_id) == ["Clinique Nest, Camille, bonjour."]


def test_an_accidental_enter_is_not_a_turn_the_slip_and_help_are_typed_and_ctrl_d_hangs_up(isolated_data):
    terminal = Terminal("appel-calme", "--trainee", "Camille", "--text", "--seed", "1")
    terminal.wait_prompt()
    for blank in ("\r", "   \r"):
        prompts = sum(line.startswith(PROMPT) for line in terminal.lines())
        terminal.child.send(blank)
        terminal.wait(lambda: sum(line.startswith(PROMPT) for line in terminal.lines()) == prompts + 1
                      and terminal.cursor_line() == PROMPT)
    terminal.say("Clinique Nest, Camille, bonjour.")
    terminal.child.send("/aide\r")
    terminal.wait(lambda: terminal.cursor_line() == PROMPT
                  and any("/raccrocher, /aide" in line for line in terminal.above(2)))
    terminal.child.send("/fiche\r")
    for label, value in SLIP:
        terminal.wait(lambda: terminal.cursor_line() == f"{label} :")
        terminal.child.send(f"{value}\r")
    terminal.wait(lambda: terminal.cursor_line() == PROMPT)
    terminal.child.sendcontrol("d")
    session_id = terminal.finish()
    assert trainee_lines(isolated_data, session_id) == ["Clinique Nest, Camille, bonjour."]
    store = SessionStore(isolated_data)
    slips = [e.slip for e in store.transcript(session_id).events if isinstance(e, SlipFilled)]
    assert slips == [MessageSlip(*(value for _, value in SLIP))]
    assert store.get(session_id).status == "completed"  # Ctrl-D ends the replies: the trainee hangs up
    assert {r["criterion"]: r["passed"] for r in store.results(session_id)}["greeting"] is True


def test_ctrl_c_at_the_prompt_ends_the_call_as_interrupted(isolated_data):
    terminal = Terminal("appel-calme", "--trainee", "Camille", "--text", "--seed", "1")
    terminal.wait_prompt()
    terminal.say("Clinique Nest, Camille, bonjour.")
    terminal.child.send("Je vous éc")
    terminal.child.sendintr()
    session_id = terminal.finish()
    assert "Séance interrompue" in terminal.output
    assert SessionStore(isolated_data).get(session_id).status == "interrupted"
    assert trainee_lines(isolated_data, session_id) == ["Clinique Nest, Camille, bonjour."]


@pytest.mark.parametrize("source", ["pipe", "script"])
def test_blank_lines_before_the_greeting_are_not_turns_without_a_terminal(isolated_data, tmp_path, source):
    """Not a terminal (pipes, tests): lines are read as they come, and still a blank one says nothing."""
    replies = "\n   \nClinique Nest, Camille, bonjour.\n\t\n/raccrocher\n"
    args = ["play", "appel-calme", "--trainee", "Camille", "--seed", "1"]
    if source == "script":
        script = tmp_path / "reponses.txt"
        script.write_text(replies, encoding="utf-8")
        result = CliRunner().invoke(cli, [*args, "--script", str(script), "--json"])
    else:
        result = CliRunner().invoke(cli, [*args, "--text", "--json"], input=replies)
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert trainee_lines(isolated_data, card["session"]) == ["Clinique Nest, Camille, bonjour."]
    assert {c["id"]: c["passed"] for c in card["criteria"]}["greeting"] is True
