"""Questions rise: where a line's questions are, and the rise drawn for each kind of voice."""

import statistics

import pytest

from simulator.tts.intonation import RISE, marked_for_espeak, pieces, rising_pho

# espeak-ng's phonemes for « Vous pouvez me passer le service ? » with mb-fr1 (`--pho`), shortened.
PHO = """v\t74
u\t42\t 0 93 20 94 40 94 59 95 80 96 100 96
p\t72
e\t52\t 0 100 80 92 100 92
l\t74
@\t32\t 0 93 80 89 100 89
s\t113
E\t43\t 0 96 80 92 100 92
R\t74
v\t74
i\t79\t 0 108 13 95 27 82 53 92 80 110 100 110
s\t158
_\t389
_\t1
"""


def targets(row: str) -> list[float]:
    return [float(hz) for hz in row.split()[3::2]]


def test_a_line_is_cut_after_each_question_and_nothing_is_lost():
    text = "Allô ?! Il y a quelqu'un, oui ? Bon. Au revoir."
    assert pieces(text) == [("Allô ?! ", True), ("Il y a quelqu'un, oui ? ", True), ("Bon. Au revoir.", False)]
    assert pieces("Vous m'entendez ?") == [("Vous m'entendez ?", True)]
    assert pieces("Bonjour. Je voudrais un rendez-vous.") == [("Bonjour. Je voudrais un rendez-vous.", False)]


def test_plain_espeak_raises_each_questions_last_word_and_gives_the_pitch_back():
    assert marked_for_espeak("Bonjour, je voudrais un rendez-vous.", 50) == "Bonjour, je voudrais un rendez-vous."
    assert (marked_for_espeak("Vous savez quoi ? Je viens.", 40)
            == "Vous savez \x0165P\x01100R quoi ?\x0140P\x0150R Je viens.")
    assert marked_for_espeak("Vous êtes là ?", 90).startswith("Vous êtes \x0199P")  # within espeak-ng's 0–99


def test_mbrola_questions_climb_over_their_last_half_second():
    risen = rising_pho(PHO).splitlines()
    before = PHO.splitlines()
    assert [row.split()[:2] for row in risen] == [row.split()[:2] for row in before]  # same phonemes, same lengths
    assert risen[:3] == before[:3]  # the start of the question is untouched
    climb = [hz for row in risen[5:] for hz in targets(row)]
    assert climb == sorted(climb)  # no more fall before the rise (« i »: 108, 82, 110 Hz)
    median = statistics.median(hz for row in before for hz in targets(row))
    assert climb[-1] == pytest.approx(RISE * median, abs=1)
