import pytest

from simulator.audio.base import AudioError
from simulator.audio.devices import Device, list_devices, resolve

HEADSET = Device(3, "Jabra EVOLVE 20 MS: USB Audio (hw:1,0)", 1, 2, 48000.0)
LAPTOP = Device(0, "HDA Intel PCH: ALC3246 Analog (hw:0,0)", 2, 2, 44100.0, is_default_output=True)
DEFAULT = Device(5, "default", 32, 32, 44100.0, is_default_input=True, is_default_output=True)
PULSE_MIC = Device(4, "accueil_micro", 2, 0, 44100.0, pulse_name="accueil_micro")
PULSE_MONITOR = Device(4, "accueil_micro_in.monitor", 2, 0, 44100.0, pulse_name="accueil_micro_in.monitor")
DEVICES = [LAPTOP, HEADSET, DEFAULT, PULSE_MIC, PULSE_MONITOR]


@pytest.mark.parametrize(("spec", "expected"), [
    (None, DEFAULT), ("", DEFAULT), (3, HEADSET), ("3", HEADSET), ("jabra", HEADSET),
    ("EVOLVE 20", HEADSET), ("accueil_micro", PULSE_MIC),  # exact name beats the monitor
])
def test_resolve_input(spec, expected):
    assert resolve(spec, "input", DEVICES) == expected


def test_resolve_output_ignores_input_only_devices():
    assert resolve(None, "output", [PULSE_MIC, LAPTOP]) == LAPTOP


@pytest.mark.parametrize(("spec", "kind", "message"), [
    ("9", "input", "Aucun micro n° 9"),
    ("usb casque", "input", "Aucun micro ne correspond à « usb casque »"),
    ("accueil_micro", "output", "Aucune sortie audio ne correspond"),
    ("hw:", "input", "« hw: » désigne plusieurs appareils"),
])
def test_resolve_errors_say_what_to_do(spec, kind, message):
    with pytest.raises(AudioError, match=message) as error:
        resolve(spec, kind, DEVICES)
    assert "voir accueil devices" in error.value.message


def test_no_microphone_at_all():
    with pytest.raises(AudioError) as error:
        resolve(None, "input", [Device(0, "HDMI", 0, 2, 48000.0)])
    assert error.value.message == ("Aucun micro détecté : branchez le casque ou indiquez "
                                   "--input-device (voir accueil devices)")


def test_listing_through_pulseaudio_is_quiet(pulse_devices, capfd):
    devices = list_devices()
    names = {device.name for device in devices}
    assert {"pulse", "accueil_micro", "accueil_casque"} <= names
    assert resolve("accueil_micro", "input").pulse_name == "accueil_micro"
    assert capfd.readouterr().err == ""  # no ALSA/JACK probing noise
