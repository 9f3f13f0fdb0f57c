"""Session tests: the end-to-end ones use the virtual PulseAudio devices."""

from pulse import pulse_devices  # noqa: F401 - the fixture
