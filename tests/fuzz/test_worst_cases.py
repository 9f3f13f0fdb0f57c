"""The worst hostile inputs through the real `accueil` program, and its last-resort handler.

What this proves: run as a user runs it (a separate process, the installed entry point), with
its address space capped at 2 GB (RLIMIT_AS) and a 60 s timeout, `accueil` refuses an alias bomb,
a 50 MB rubric, a 50 MB dialogue, nesting 200,000 deep, and a call recording or a recorded reply
whose header claims 1 Hz (a 64 GB decode) with exit code 2 and a French message, in seconds, with a peak
resident memory measured per process (os.wait4) and kept under 400 MB. And `main()` turns what
is left: an unexpected exception into a short French message, exit code 1 and a log file
holding the traceback (never shown); Ctrl-C into a quiet exit 130. Exit code 1 stays a failure
for every fuzz test: the handler is for users, not a way to hide what the fuzzers find.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hostile import DIALOGUE_FILE, wav_bytes

from simulator import cli as cli_module
from simulator.errors import InputError

ACCUEIL = Path(sys.executable).with_name("accueil")
ADDRESS_SPACE = 2 * 1024 ** 3
TIMEOUT = 60
PEAK_RSS = 400 * 1024 ** 2  # the program itself (Python, NumPy, PyAV loaded) takes about 80 MB


# Starts `accueil` from a small process and reports its peak memory. Measured from the test process
# itself, the figure would be wrong: Linux carries a process's peak over fork and exec, so every
# child would start at the size of pytest.
LAUNCHER = """
import os, resource, sys
limit, report, program = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
pid = os.fork()
if pid == 0:
    os.execv(program[0], program)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as file:
    file.write(str(usage.ru_maxrss * 1024))
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""


def run_accueil(*args, env: dict[str, str] | None = None) -> tuple[int, str, float, int]:
    """(exit code, output, seconds, peak resident bytes) of one `accueil` process, its address
    space capped, killed if it runs too long."""
    report = Path(tempfile.mkstemp(prefix="pic-")[1])
    started = time.perf_counter()
    command = [sys.executable, "-S", "-c", LAUNCHER, str(ADDRESS_SPACE), str(report), str(ACCUEIL), *map(str, args)]
    with subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env={**os.environ, **(env or {})}, start_new_session=True) as process:
        try:
            output, _ = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the launcher and accueil
            raise AssertionError(f"accueil {' '.join(map(str, args))[:200]}: no answer within {TIMEOUT} s") from None
    try:
        peak = int(report.read_text() or 0)
    finally:
        report.unlink()
    return process.returncode, output.decode("utf-8", "replace"), time.perf_counter() - started, peak


def alias_bomb(levels: int = 12, width: int = 9) -> str:
    """9**12 = 282 billion "lol"s once expanded."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def worst(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pires")
    bomb = folder / "bombe.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    huge_yaml, huge_dialogue = folder / "enorme.yaml", folder / "enorme.txt"
    for path in (huge_yaml, huge_dialogue):
        with path.open("wb") as file:
            file.truncate(50 * 1024 * 1024)  # 50 MB of zeros, written as a sparse file
    deep = folder / "profond.yaml"
    deep.write_text("id: " + "[" * 200_000 + "]" * 200_000, encoding="utf-8")
    one_hertz = wav_bytes(bytes(range(256)) * 8192, rate=1, channels=2, width=1)  # 2 MB: 64 GB at 16 kHz
    call = folder / "appel-1hz.wav"
    call.write_bytes(one_hertz)
    replies = folder / "repliques"
    replies.mkdir()
    (replies / "01.wav").write_bytes(one_hertz)
    return {"dialogue": DIALOGUE_FILE, "bomb": bomb, "huge_yaml": huge_yaml, "huge_dialogue": huge_dialogue,
            "deep": deep, "call": call, "replies": replies}


# The worst of each kind; the others are refused in-process by the fuzz modules.
CASES = {
    "alias-bomb": (["validate", "{bomb}"], "trop volumineux"),
    "huge-yaml-as-rubric": (["score", "{dialogue}", "--rubric", "{huge_yaml}"],
                            "trop gros"),
    "huge-dialogue": (["score", "{huge_dialogue}"], "trop gros"),
    "deep-nesting": (["lint", "{deep}"], "imbrication trop profonde"),
    "one-hertz-call": (["score", "{call}", "--organisation", "Clinique Nest", "--trainee", "Camille"], "illisible"),
    "one-hertz-reply": (["play", "appel-calme", "-t", "Camille", "--replies", "{replies}"], "fréquence"),
}


@pytest.mark.parametrize("name", CASES)
def test_worst_inputs_in_a_real_process(worst, name, tmp_path):
    args, message = CASES[name]
    args = [str(worst[a[1:-1]]) if a.startswith("{") else a for a in args]
    code, output, seconds, peak = run_accueil(*args, env={"ACCUEIL_DATA_DIR": str(tmp_path)})
    print(f"{name}: exit {code}, {seconds:.1f} s, peak RSS {peak / 1024 ** 2:.0f} MB")
    assert code == 2, output
    assert message in output and "Traceback" not in output, output
    assert seconds < TIMEOUT and peak < PEAK_RSS


def test_a_bug_gives_a_short_french_message_and_a_log(tmp_path):
    script = ("import sys, simulator.cli as c, simulator.scenario.catalogue as catalogue\n"
              "def boom(*args):\n    raise RuntimeError('défaut simulé')\n"
              "catalogue.matching = boom\nsys.argv = ['accueil', 'scenarios']\nc.main()\n")
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=TIMEOUT,
                             env={**os.environ, "ACCUEIL_CACHE_DIR": str(tmp_path)})
    assert process.returncode == 1
    assert "Traceback" not in process.stdout + process.stderr
    assert process.stderr.startswith("Erreur interne inattendue")
    [log] = (tmp_path / "erreurs").glob("accueil-erreur-*.log")
    assert str(log) in process.stderr
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: défaut simulé" in text and "accueil scenarios" in text


@pytest.mark.parametrize("raised, code, shown", [
    (KeyboardInterrupt(), 130, ""),
    (InputError("fichier illisible"), 2, "Erreur : fichier illisible"),
])
def test_main_exits_quietly_or_in_french(monkeypatch, capsys, raised, code, shown):
    def raise_it(*args):
        raise raised

    monkeypatch.setattr("simulator.scenario.catalogue.matching", raise_it)
    monkeypatch.setattr(sys, "argv", ["accueil", "scenarios"])
    with pytest.raises(SystemExit) as exit_:
        cli_module.main()
    captured = capsys.readouterr()
    assert exit_.value.code == code
    assert shown in captured.err and "Traceback" not in captured.out + captured.err
    assert "Aborted" not in captured.err


@pytest.mark.parametrize("args, code", [(["--version"], 0), (["--help"], 0), (["validate", "rubrics"], 0),
                                        (["commande-inconnue"], 2), (["validate", "/nulle/part.yaml"], 2)])
def test_main_keeps_click_exit_codes(monkeypatch, capsys, args, code):
    monkeypatch.setattr(sys, "argv", ["accueil", *args])
    with pytest.raises(SystemExit) as exit_:
        cli_module.main()
    assert exit_.value.code == code
