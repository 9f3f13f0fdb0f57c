import pytest
from cut_calls import cut_calls as run_cut_calls


@pytest.fixture(scope="session")
def cut_calls(pulse_devices, tmp_path_factory, voice_cache):
    """Voice sessions killed, interrupted by Ctrl-C, and stopped by a full disk (see cut_calls.py)."""
    yield from run_cut_calls(pulse_devices.headset, tmp_path_factory.mktemp("coupees"),
                             voice_cache)
