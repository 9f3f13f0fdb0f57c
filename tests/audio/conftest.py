from pulse import pulse_devices  # noqa: F401 - the fixture, for the end-to-end tests here
