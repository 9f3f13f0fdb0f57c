"""Virtual PulseAudio devices for end-to-end audio tests (scripts/pulse-virtual-devices.sh).

Use from a conftest: `from pulse import pulse_devices  # noqa: F401` (tests/ is on sys.path).
Tests needing them are skipped when PulseAudio cannot start here; with ACCUEIL_REQUIRE_PULSE=1
(CI) they fail instead, so a broken sound set-up is never silently skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
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

    def speak_into_microphone(self, wav: Path) -> subprocess.Popen:
        """Play a WAV into the virtual microphone (returns the running `paplay`)."""
        # low latency: by default paplay buffers 2 s, and the null sink then delivers in bursts
        return subprocess.Popen(["paplay", "--latency-msec=20", f"--device={self.microphone_feed}", str(wav)])


def _unavailable(reason: str):
    if os.environ.get("ACCUEIL_REQUIRE_PULSE") == "1":
        pytest.fail(f"PulseAudio required (ACCUEIL_REQUIRE_PULSE=1) but unavailable: {reason}")
    pytest.skip(f"PulseAudio unavailable ({reason}); run scripts/pulse-virtual-devices.sh")


@pytest.fixture(scope="session")
def pulse_devices() -> VirtualDevices:
    for tool in ("pulseaudio", "pactl", "parec", "paplay"):
        if shutil.which(tool) is None:
            _unavailable(f"{tool} not installed: apt-get install pulseaudio pulseaudio-utils")
    result = subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        _unavailable(f"{SCRIPT.name} failed: {result.stderr.strip() or result.stdout.strip()}")
    return VirtualDevices(info=result.stdout)
