"""End to end: `accueil replay` through the PulseAudio virtual headset."""

import numpy as np
from click.testing import CliRunner
from recorded import CALLER_HZ, TRAINEE_HZ, dominant_frequency

from simulator.cli import cli


def loud_parts(pcm: bytes, window: int = 1600) -> list[bytes]:
    """100 ms windows with sound in them."""
    data = np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2")
    return [data[i:i + window].tobytes() for i in range(0, len(data) - window, window)
            if np.sqrt(np.mean(data[i:i + window].astype(float) ** 2)) > 1000]


def test_replay_plays_every_turn_in_the_headset_with_its_annotations(pulse_devices, voice_session):
    with pulse_devices.record_headset() as capture:
        result = CliRunner().invoke(cli, ["replay", voice_session, "--output-device", pulse_devices.headset])
    assert result.exit_code == 0, result.output
    assert "✓ Message d'accueil" in result.output
    assert "✗ Gestion de la mise en attente : Attente de 45 s" in result.output
    assert "Touches" not in result.output  # no keyboard here: straight through
    heard = loud_parts(capture.pcm)
    # six lines of 0.6 s; the 45 s hold and the gaps between lines are skipped
    assert 3.0 <= len(heard) * 0.1 <= 4.2, len(heard)
    # Each 100 ms part heard is the caller's tone or the trainee's (an edge part may blur: nearest).
    frequencies = [min((CALLER_HZ, TRAINEE_HZ), key=lambda hz: abs(hz - dominant_frequency(part)))
                   for part in heard]
    assert frequencies.count(TRAINEE_HZ) >= 20 and frequencies.count(CALLER_HZ) >= 8
    assert frequencies[0] == TRAINEE_HZ  # the trainee spoke first
