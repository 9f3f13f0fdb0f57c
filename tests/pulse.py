"""Virtual PulseAudio devices for end-to-end audio tests (scripts/pulse-virtual-devices.sh).

Use from a conftest: `from pulse import pulse_devices  # noqa: F401` (tests/ is on sys.path).
`private_pulse` gives one test a server of its own, for faults (devices removed, the server
restarted, devices taken by another program). Tests needing them are skipped when PulseAudio
cannot start here; with ACCUEIL_REQUIRE_PULSE=1 (CI) they fail instead, so a broken sound set-up
is never silently skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pulse-virtual-devices.sh"


class Capture:
    """`parec` recording a PulseAudio source as 16 kHz mono PCM, with arrival times."""

    def __init__(self, source: str):
        self.chunks: list[tuple[float, bytes]] = []  # (time.monotonic() on arrival, pcm)
        self._process = subprocess.Popen(
            ["parec", f"--device={source}", "--rate=16000", "--channels=1", "--format=s16le",
             "--latency-msec=5"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while chunk := self._process.stdout.read(320):  # 10 ms
            self.chunks.append((time.monotonic(), chunk))

    def stop(self) -> bytes:
        self._process.terminate()
        self._process.wait(timeout=5)
        self._thread.join(timeout=5)
        return self.pcm

    @property
    def pcm(self) -> bytes:
        return b"".join(chunk for _, chunk in self.chunks)

    def __enter__(self) -> Capture:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass
class VirtualDevices:
    headset: str = "accueil_casque"  # sink: what the caller says
    microphone: str = "accueil_micro"  # source: what the trainee says
    microphone_feed: str = "accueil_micro_in"  # sink feeding that source
    info: str = field(default="", repr=False)

    def record_headset(self) -> Capture:
        return Capture(self.headset + ".monitor")

    def microphone_listeners(self) -> int:
        """How many programs are recording the virtual microphone right now."""
        sources = subprocess.run(["pactl", "list", "short", "sources"], capture_output=True, text=True).stdout
        index = next((line.split()[0] for line in sources.splitlines() if line.split()[1:2] == [self.microphone]), None)
        outputs = subprocess.run(["pactl", "list", "short", "source-outputs"], capture_output=True, text=True).stdout
        return sum(line.split()[1:2] == [index] for line in outputs.splitlines())

    def speak_into_microphone(self, wav: Path) -> subprocess.Popen:
        """Play a WAV into the virtual microphone (returns the running `paplay`)."""
        # low latency: by default paplay buffers 2 s, and the null sink then delivers in bursts
        return subprocess.Popen(["paplay", "--latency-msec=20", f"--device={self.microphone_feed}", str(wav)])


def wait_for(condition, timeout: float, what: str) -> None:
    """Poll `condition` until it holds: tests wait on events, never on a fixed sleep."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.05)


def _unavailable(reason: str):
    if os.environ.get("ACCUEIL_REQUIRE_PULSE") == "1":
        pytest.fail(f"PulseAudio required (ACCUEIL_REQUIRE_PULSE=1) but unavailable: {reason}")
    pytest.skip(f"PulseAudio unavailable ({reason}); run scripts/pulse-virtual-devices.sh")


def _start_devices() -> str:
    for tool in ("pulseaudio", "pactl", "parec", "paplay"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} not installed: apt-get install pulseaudio pulseaudio-utils")
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        _unavailable(f"{SCRIPT.name} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


@pytest.fixture(scope="session")
def pulse_devices() -> VirtualDevices:
    return VirtualDevices(info=_start_devices())


@dataclass
class PrivateServer(VirtualDevices):
    """A PulseAudio server of one test's own, with the same virtual devices, to break at will."""

    takers: list[subprocess.Popen] = field(default_factory=list, repr=False)

    def start(self) -> None:
        self.info = _start_devices()

    def stop(self) -> None:
        subprocess.run(["pulseaudio", "-k"], capture_output=True, timeout=10)
        deadline = time.monotonic() + 10
        while subprocess.run(["pactl", "info"], capture_output=True, timeout=10).returncode == 0:
            assert time.monotonic() < deadline, "PulseAudio does not stop"
            time.sleep(0.05)

    def restart(self, down: float) -> None:
        """Stop the server, leave it down `down` seconds, start it again with the same devices."""
        self.stop()
        time.sleep(down)
        self.start()

    def unload(self, device: str) -> None:
        """Remove a device (a headset unplugged): unload the module that made it."""
        modules = subprocess.run(["pactl", "list", "short", "modules"], capture_output=True, text=True,
                                 check=True).stdout
        module = next(line.split("\t")[0] for line in modules.splitlines()
                      if f"sink_name={device} " in line or f"source_name={device} " in line)
        subprocess.run(["pactl", "unload-module", module], check=True)

    def take_devices(self) -> subprocess.Popen:
        """Another program takes the sound devices: every sink and source is suspended until
        `give_back` (`pasuspender`, which does that for programs that use ALSA directly)."""
        taker = subprocess.Popen(["pasuspender", "--", "cat"], stdin=subprocess.PIPE)  # ends with its stdin
        self.takers.append(taker)
        deadline = time.monotonic() + 10
        while "RUNNING" in subprocess.run(["pactl", "list", "short", "sinks"], capture_output=True,
                                          text=True).stdout:
            assert time.monotonic() < deadline and taker.poll() is None, "pasuspender did not suspend"
            time.sleep(0.02)
        return taker

    @staticmethod
    def give_back(taker: subprocess.Popen) -> None:
        taker.stdin.close()
        taker.wait(timeout=10)


@pytest.fixture
def private_pulse(monkeypatch) -> Iterator[PrivateServer]:
    """Faults that would break the shared server (devices removed, the server stopped) happen on
    a server of the test's own: tests running beside or after it never see them. Everything the
    test starts (PortAudio in this process, pactl, paplay, accueil) reaches that server through
    PULSE_RUNTIME_PATH; it is stopped afterwards, whatever state the test left it in."""
    runtime = tempfile.mkdtemp(prefix="accueil-pulse-", dir="/tmp")  # a socket path must stay short
    monkeypatch.setenv("PULSE_RUNTIME_PATH", runtime)
    monkeypatch.delenv("PULSE_SERVER", raising=False)
    server = PrivateServer()
    try:
        server.start()
        yield server
    finally:
        for taker in server.takers:
            if not taker.stdin.closed:
                server.give_back(taker)
        server.stop()
        shutil.rmtree(runtime, ignore_errors=True)
