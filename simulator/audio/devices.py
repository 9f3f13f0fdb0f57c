"""Sound devices as PortAudio (through PyAudio) and PulseAudio see them, and the choice of one.

With the ALSA pulse plugin, PortAudio only shows two devices, "pulse" and "default": a
particular PulseAudio source or sink (a headset, the CI's virtual microphone) is reached by
opening the "pulse" device with PULSE_SOURCE / PULSE_SINK set. So the devices listed here are
the PortAudio ones, then the PulseAudio sources and sinks, each knowing how to be opened.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import pyaudio

from simulator.audio.base import AudioError
from simulator.native import quiet_stderr

Kind = Literal["input", "output"]

_HELP = "voir accueil devices"


@dataclass(frozen=True)
class Device:
    index: int  # the PortAudio device to open
    name: str  # what the user sees and types
    input_channels: int
    output_channels: int
    default_rate: float
    is_default_input: bool = False
    is_default_output: bool = False
    pulse_name: str | None = None  # a PulseAudio source/sink, reached through the "pulse" device

    def serves(self, kind: Kind) -> bool:
        return (self.input_channels if kind == "input" else self.output_channels) > 0

    def is_default(self, kind: Kind) -> bool:
        return self.is_default_input if kind == "input" else self.is_default_output


# Held while PortAudio is set up, opened or torn down (not thread-safe, and PULSE_SOURCE /
# PULSE_SINK and fd 2 are process-wide); also by whoever prints while a device may be reopened
# from another thread, so that the message is not silenced with ALSA's.
native_lock = threading.Lock()


@contextlib.contextmanager
def native() -> Iterator[None]:
    """The context of a PortAudio set-up or tear-down: one at a time, its noise on stderr dropped."""
    with native_lock, quiet_stderr():
        yield


@contextlib.contextmanager
def opening(device: Device | None, kind: Kind) -> Iterator[None]:
    """The context in which to open a stream on `device`: quiet stderr, and PULSE_SOURCE /
    PULSE_SINK naming its PulseAudio device (libpulse reads them when the stream connects)."""
    variable = "PULSE_SOURCE" if kind == "input" else "PULSE_SINK"
    with native():
        previous = os.environ.get(variable)
        if device is not None and device.pulse_name:
            os.environ[variable] = device.pulse_name
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = previous


# ALSA also reports passing trouble (an underrun) on stderr while streams run: route its
# messages to a handler that drops them. Kept referenced: ALSA holds the pointer.
_ALSA_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                                 ctypes.c_char_p)(lambda *message: None)


def _drop_alsa_messages() -> None:
    library = ctypes.util.find_library("asound")
    if library is not None:
        ctypes.cdll.LoadLibrary(library).snd_lib_error_set_handler(_ALSA_HANDLER)


def new_pyaudio() -> pyaudio.PyAudio:
    _drop_alsa_messages()
    with quiet_stderr():
        return pyaudio.PyAudio()


def list_devices(kind: Kind | None = None) -> list[Device]:
    """PortAudio devices (numbered by their index), then PulseAudio sources and sinks if the
    "pulse" PortAudio device exists. With `kind`, only those that can serve as such."""
    audio = new_pyaudio()
    try:
        devices = list(_portaudio_devices(audio))
    finally:
        audio.terminate()
    pulse = next((device for device in devices if device.name == "pulse"), None)
    if pulse is not None:
        devices += _pulse_devices(pulse.index)
    return [device for device in devices if kind is None or device.serves(kind)]


def _portaudio_devices(audio: pyaudio.PyAudio) -> Iterator[Device]:
    defaults = {}
    for kind, info in (("input", audio.get_default_input_device_info),
                       ("output", audio.get_default_output_device_info)):
        try:
            defaults[kind] = info()["index"]
        except OSError:  # no such device at all
            defaults[kind] = None
    for index in range(audio.get_device_count()):
        info = audio.get_device_info_by_index(index)
        yield Device(
            index=index,
            name=str(info["name"]),
            input_channels=int(info["maxInputChannels"]),
            output_channels=int(info["maxOutputChannels"]),
            default_rate=float(info["defaultSampleRate"]),
            is_default_input=index == defaults["input"],
            is_default_output=index == defaults["output"],
        )


def _pactl(*arguments: str) -> str | None:
    """pactl's output; None when there is no pactl or the sound server does not answer."""
    if shutil.which("pactl") is None:
        return None
    try:
        return subprocess.run(["pactl", *arguments], capture_output=True, text=True, timeout=5,
                              check=True).stdout
    except (subprocess.SubprocessError, OSError):
        return None


def pulse_names(kind: Kind) -> set[str] | None:
    """The PulseAudio sources (input) or sinks (output) there are now; None if the server does not
    answer (stopped, restarting): then nobody can say whether a device is there."""
    listing = _pactl("list", "short", "sources" if kind == "input" else "sinks")
    if listing is None:
        return None
    return {fields[1] for line in listing.splitlines() if len(fields := line.split("\t")) > 1}


def _pulse_devices(pulse_index: int) -> list[Device]:
    devices = []
    for kind, listing in (("input", "sources"), ("output", "sinks")):
        default = (_pactl("get-default-" + listing[:-1]) or "").strip()
        for line in (_pactl("list", "short", listing) or "").splitlines():
            fields = line.split("\t")
            if len(fields) < 4:
                continue
            name, spec = fields[1], fields[3].split()  # "s16le 2ch 44100Hz"
            channels = int(spec[1].removesuffix("ch")) if len(spec) == 3 else 1
            rate = float(spec[2].removesuffix("Hz")) if len(spec) == 3 else 44100.0
            devices.append(Device(
                index=pulse_index,
                name=name,
                input_channels=channels if kind == "input" else 0,
                output_channels=channels if kind == "output" else 0,
                default_rate=rate,
                is_default_input=kind == "input" and name == default,
                is_default_output=kind == "output" and name == default,
                pulse_name=name,
            ))
    return devices


def resolve(spec: str | int | None, kind: Kind, devices: list[Device] | None = None) -> Device:
    """The device the user means by `spec`: None for the default, a PortAudio index, or a
    case-insensitive part of a name (an exact name wins over partial matches)."""
    candidates = [device for device in (devices if devices is not None else list_devices())
                  if device.serves(kind)]
    none, option = (("Aucun micro", "--input-device") if kind == "input"
                    else ("Aucune sortie audio", "--output-device"))
    if not candidates:
        found = "détecté" if kind == "input" else "détectée"
        raise AudioError(f"{none} {found} : branchez le casque ou indiquez {option} ({_HELP})")
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        chosen = [device for device in candidates if device.is_default(kind) and device.pulse_name is None]
        return chosen[0] if chosen else candidates[0]
    text = str(spec).strip()
    if text.isdigit():
        by_index = [device for device in candidates if device.index == int(text) and device.pulse_name is None]
        if not by_index:
            raise AudioError(f"{none} n° {text} : indiquez {option} avec un numéro ou un nom "
                             f"de la liste ({_HELP})")
        return by_index[0]
    wanted = text.casefold()
    exact = [device for device in candidates if device.name.casefold() == wanted]
    matches = exact or [device for device in candidates if wanted in device.name.casefold()]
    if not matches:
        raise AudioError(f"{none} ne correspond à « {text} » : indiquez {option} avec un numéro "
                         f"ou un nom de la liste ({_HELP})")
    if len(matches) > 1:
        names = ", ".join(f"« {device.name} »" for device in matches)
        raise AudioError(f"« {text} » désigne plusieurs appareils ({names}) : précisez le nom ou "
                         f"donnez le numéro ({_HELP})")
    return matches[0]
