import pytest

from simulator.errors import InputError
from simulator.events import CallEnded, CallerSaid, HoldEnded, HoldStarted, SlipFilled, TraineeSaid, Transferred
from simulator.transcript.dialogue import format_dialogue, parse_dialogue, read_dialogue

FULL = """# organisation: Clinique Nest
# stagiaire: Clémence
# un commentaire
[00:00] STAGIAIRE: Clinique Nest, Clémence, bonjour.
[00:03] APPELANT: Bonjour.
[00:20] ATTENTE
[00:35] REPRISE
[01:02.5] TRANSFERT: service des admissions
[1:10] FIN
FICHE MESSAGE
nom: Jean Dupont
téléphone: 06 12 34 56 78
motif: devis
destinataire: Mme Leroy
"""


def test_parse_every_kind_of_line():
    dialogue = parse_dialogue(FULL)
    assert dialogue.headers == {"organisation": "Clinique Nest", "stagiaire": "Clémence"}
    kinds = [type(e) for e in dialogue.events]
    assert kinds == [TraineeSaid, CallerSaid, HoldStarted, HoldEnded, Transferred, CallEnded, SlipFilled]
    assert dialogue.events[4].t == 62.5 and dialogue.events[4].target == "service des admissions"
    assert dialogue.events[-1].slip.phone == "06 12 34 56 78"


def test_timestamps_are_optional():
    dialogue = parse_dialogue("# organisation: X\nSTAGIAIRE: Bonjour\nappelant: bonjour\n")
    assert [e.t for e in dialogue.events] == [None, None]


def test_format_then_parse_round_trip():
    transcript = parse_dialogue(FULL).transcript()
    again = parse_dialogue(format_dialogue(transcript)).transcript()
    assert [type(e) for e in again.events] == [type(e) for e in transcript.events]
    assert [getattr(e, "text", None) for e in again.events] == [getattr(e, "text", None) for e in transcript.events]
    # Times are written to the second.
    assert [e.t for e in again.events] == [0, 3, 20, 35, 62, 70, 70]
    assert again.slip == transcript.slip


@pytest.mark.parametrize("text, where", [
    ("# organisation: X\nSTAGIAIRE: Bonjour\nBLABLA\n", ":3:"),
    ("# organisation: X\nSTAGIAIRE: Bonjour\nFICHE MESSAGE\ncouleur: rouge\n", ":4:"),
    ("STAGIAIRE: Bonjour\nFICHE MESSAGE\n", ":2:"),
])
def test_bad_lines_are_located(text, where):
    with pytest.raises(InputError) as error:
        parse_dialogue(text, "appel.txt")
    assert f"appel.txt{where}" in error.value.message


def test_binary_and_non_utf8_files_are_refused(tmp_path):
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x00\x01\x02RIFF")
    latin = tmp_path / "b.txt"
    latin.write_bytes("STAGIAIRE: Clémence".encode("latin-1"))
    for path, words in ((binary, "binaire"), (latin, "UTF-8"), (tmp_path / "absent.txt", "introuvable")):
        with pytest.raises(InputError) as error:
            read_dialogue(path)
        assert words in error.value.message


def test_a_slip_recorded_mid_call_is_closed_by_the_next_event():
    text = ("# organisation: X\n# stagiaire: Y\n[00:01] STAGIAIRE: Bonjour\nFICHE MESSAGE\nnom: Dupont\n"
            "téléphone: 06\n[00:09] STAGIAIRE: Au revoir\n[00:10] FIN\n")
    kinds = [e.kind for e in parse_dialogue(text).events]
    assert kinds == ["stagiaire", "fiche", "stagiaire", "fin"]
