"""Voice sessions cut short on the real stack, for the crash and full-disk tests: real `accueil play`
processes with recorded replies on the PulseAudio virtual headset, with Whisper.

- killed: SIGKILL once two trainee turns are recorded;
- interrupted: Ctrl-C (SIGINT) once one trainee turn is recorded;
- disk_full: its files on a 2 MiB tmpfs with 500 kB left (its database elsewhere), which the
  recording (64 kB a second) fills within seconds.

The three run at the same time, to keep the suite short.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tmpfs import fill, mount, unmount

from simulator.records import TRANSCRIPT

REPLIES = Path(__file__).resolve().parents[1] / "data" / "replies" / "appel-calme-bon"
SMALL_DISK_LEFT = 500_000


def accueil(*args: str, data_dir: Path, stdin=subprocess.DEVNULL, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "simulator", *args], stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "ACCUEIL_DATA_DIR": str(data_dir), "COLUMNS": "200", **env})


class VoiceCall:
    """A voice call in its own process; its screen (stderr) read as it comes."""

    def __init__(self, data_dir: Path, headset: str, **env: str):
        self.data_dir, self.env = data_dir, env
        self.process = accueil("play", "appel-calme", "--trainee", "Camille", "--seed", "7", "--json",
                               "--replies", str(REPLIES), "--output-device", headset, data_dir=data_dir, **env)
        self.screen: list[str] = []
        self.stdout = ""
        self.ringing: float | None = None  # when the call started (monotonic)
        self.ended: float | None = None  # when the process closed its screen, exiting
        self.signalled: float | None = None  # when the test signalled it (monotonic)
        self.signalled_wall: float | None = None  # the same, on the wall clock (file times)
        self._readers = [threading.Thread(target=self._read_screen, daemon=True),
                         threading.Thread(target=self._read_output, daemon=True)]
        for reader in self._readers:
            reader.start()

    def _read_screen(self) -> None:
        for line in self.process.stderr:
            if self.ringing is None and "Le téléphone sonne" in line:
                self.ringing = time.monotonic()
            self.screen.append(line)
        self.ended = time.monotonic()

    def _read_output(self) -> None:
        self.stdout = self.process.stdout.read()

    @property
    def session_dir(self) -> Path:
        return next(self.data_dir.glob("sessions/*"))

    def trainee_lines(self) -> int:
        found = list(self.data_dir.glob(f"sessions/*/{TRANSCRIPT}"))
        return found[0].read_text(encoding="utf-8").count("STAGIAIRE:") if found else 0

    def signal_after(self, trainee_lines: int, signum: int) -> None:
        if self.signalled is None and self.trainee_lines() >= trainee_lines:
            self.process.send_signal(signum)
            self.signalled, self.signalled_wall = time.monotonic(), time.time()

    def finish(self, timeout: float) -> None:
        self.process.wait(timeout=timeout)
        for reader in self._readers:  # their last lines
            reader.join(timeout=5)


@dataclass
class CutCalls:
    killed: VoiceCall
    interrupted: VoiceCall
    disk_full: VoiceCall | None  # None if no small disk can be mounted here: `mount_problem` says why
    mount_problem: str | None


def cut_calls(headset: str, folder: Path, cache: Path):
    """Run the three calls to their cut; yields CutCalls, then unmounts the small disk."""
    small_disk = folder / "petit-disque"
    small_disk.mkdir()
    mount_problem = mount(small_disk)
    started: list[VoiceCall] = []
    try:
        env = {"ACCUEIL_CACHE_DIR": str(cache)}
        (folder / "tuee").mkdir()
        (folder / "interrompue").mkdir()
        # The longest call first, alone while it starts (and fills the cache): the others start
        # faster and end before it.
        killed = VoiceCall(folder / "tuee", headset, **env)
        started.append(killed)
        deadline = time.monotonic() + 150
        while killed.ringing is None:
            assert time.monotonic() < deadline and killed.process.poll() is None, "".join(killed.screen)
            time.sleep(0.05)
        interrupted = VoiceCall(folder / "interrompue", headset, **env)
        started.append(interrupted)
        disk_full = None
        if mount_problem is None:
            fill(small_disk, leave=SMALL_DISK_LEFT)
            disk_full = VoiceCall(small_disk, headset, ACCUEIL_DATABASE_URL=f"sqlite:///{folder / 'accueil.db'}",
                                  **env)
            started.append(disk_full)
        while killed.signalled is None or interrupted.signalled is None:
            assert time.monotonic() < deadline, "".join(killed.screen + interrupted.screen)
            assert killed.process.poll() is None or killed.signalled, "".join(killed.screen)
            assert interrupted.process.poll() is None or interrupted.signalled, "".join(interrupted.screen)
            interrupted.signal_after(1, signal.SIGINT)  # Ctrl-C
            killed.signal_after(2, signal.SIGKILL)
            time.sleep(0.05)
        for call in (killed, interrupted, disk_full):
            if call is not None:
                call.finish(timeout=120)
        yield CutCalls(killed, interrupted, disk_full, mount_problem)
    finally:
        for call in started:  # a test that failed midway leaves no call running
            if call.process.poll() is None:
                call.process.kill()
                call.process.wait(timeout=10)
        if mount_problem is None:
            unmount(small_disk)
