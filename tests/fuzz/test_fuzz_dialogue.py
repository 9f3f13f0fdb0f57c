"""Hostile dialogue files and reply scripts, through `accueil score` and `accueil play --script`.

What this proves: a dialogue file (the format trainers write and the recorder's transcript.txt)
or a reply script built from the format's own lines gone wrong — timestamps out of range or
malformed, unknown speakers, odd `# scenario:` headers (unknown ids, paths, the vocabulary file),
message slips in the wrong place, huge or odd text, switchboard commands with bad arguments,
audio lines in text mode — plus the text damage of the YAML fuzzers (BOM, Latin-1, NUL, random
bytes, truncation), is either scored (exit 0) or refused with a located French message (exit 2),
within 20 s and 2 GB. `read_dialogue` and `ScriptInput` let only `AccueilError` escape, and
the size limits refuse a 50 MB file or a 1 MB line in a few milliseconds.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from hostile import DIALOGUE_FILE, ODDITIES, bounded, fuzz, hostile_text, run_cli, texts
from hypothesis import given
from hypothesis import strategies as st

from simulator.errors import AccueilError
from simulator.session.inputs import ScriptInput
from simulator.transcript.dialogue import MAX_BYTES, MAX_LINE_CHARS, read_dialogue

SPEAKERS = ["STAGIAIRE", "APPELANT", "stagiaire", "Appelant", "STAGIAIRE ", "STAGIAlRE", "CLIENT", ""]
STAMPS = ["", "[00:00] ", "[0:00:00.5] ", "[00:03,25] ", "[99999999999:00:00] ", "[-1:00] ", "[] ", "[00:00",
          "[1:2:3:4] ", "[00:00:99999999999999999999.5] ", "[999:59] ", "[00:60] ", "[１２:３４] "]
SCENARIO_HEADERS = ["appel-calme", "transfert", "inconnu", "intentions", "../scenarios/appel-calme",
                    "appel-calme.yaml", "/etc/passwd", "/dev/zero", "", "x" * 200, "Appel-Calme", "appel calme"]
SLIP_KEYS = ["nom", "téléphone", "telephone", "tel", "motif", "destinataire", "NOM", "adresse", ""]

stamps = st.one_of(st.sampled_from(STAMPS),
                   st.builds("[{:02d}:{:02d}] ".format, st.integers(0, 9999), st.integers(0, 99)))
speech = st.builds("{}{}: {}".format, stamps, st.sampled_from(SPEAKERS), texts)
events = st.builds("{}{}".format, stamps, st.sampled_from(["ATTENTE", "REPRISE", "FIN", "TRANSFERT: admissions",
                                                            "TRANSFERT:", "TRANSFERT", "attente", "RÉPRISE"]))
headers = st.one_of(st.builds("# scenario: {}".format, st.sampled_from(SCENARIO_HEADERS)),
                    st.builds("# organisation: {}".format, texts), st.builds("# stagiaire: {}".format, texts),
                    st.builds("# {}: {}".format, st.sampled_from(ODDITIES), texts))
slip = st.builds(lambda fields: "FICHE MESSAGE\n" + "\n".join(fields),
                 st.lists(st.builds("{}: {}".format, st.sampled_from(SLIP_KEYS), texts), max_size=5))
lines = st.one_of(speech, speech, speech, events, headers, slip, texts)


@st.composite
def dialogues(draw) -> bytes:
    """A dialogue: most often headed and made of well-formed lines, so that it gets scored."""
    body = draw(st.lists(lines, max_size=25))
    if draw(st.booleans()):
        body = ["# organisation: Clinique Nest", "# stagiaire: Clémence", *body]
    if draw(st.booleans()):
        body.insert(draw(st.integers(0, len(body))), f"# scenario: {draw(st.sampled_from(SCENARIO_HEADERS))}")
    return draw(hostile_text("\n".join(body)))


COMMANDS = ["/attente", "/reprise", "/transfert admissions", "/transfert", "/raccrocher", "/fiche", "/aide",
            "/inconnue", "/pause 35", "/pause nan", "/pause inf", "/pause 1e309", "/pause -1", "/pause 0",
            "/pause 3600", "/pause 3600,0001", "/pause", "/PAUSE 2", "/Fiche", "@01.wav", "@", "@ # note",
            "@../../etc/passwd", "# un commentaire", "nom: Jean Dupont", "téléphone: 06 12 34 56 78"]


@st.composite
def scripts(draw) -> bytes:
    body = draw(st.lists(st.one_of(st.sampled_from(COMMANDS), texts, texts), max_size=20))
    return draw(hostile_text("\n".join(["Clinique Nest, Camille, bonjour.", *body])))


@fuzz(ci_examples=100)
@given(content=dialogues(), options=st.sampled_from([[], ["--json"], ["--rubric", "standard"]]))
def test_hostile_dialogues_are_scored_or_refused(content, options):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "appel.txt"
        path.write_bytes(content)
        run_cli("score", path, *options)


@fuzz(ci_examples=50)
@given(content=scripts(), scenario=st.sampled_from(["appel-calme", "transfert", "prise-de-message"]))
def test_hostile_reply_scripts_are_played_or_refused(content, scenario):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reponses.txt"
        path.write_bytes(content)
        run_cli("play", scenario, "-t", "Camille", "--script", path, "--seed", "3")


@fuzz(ci_examples=60)
@given(content=st.one_of(dialogues(), scripts(), st.binary(max_size=1024)))
def test_library_lets_only_accueil_errors_escape(content):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "appel.txt"
        path.write_bytes(content)
        for read in (read_dialogue, ScriptInput):
            with bounded():
                try:
                    read(path)
                except AccueilError as exc:
                    assert str(path) in exc.message  # the message names the file


@pytest.mark.parametrize("content, message", [
    (b"# " + b"x" * (50 * 1024 * 1024), "trop gros"),
    (b"STAGIAIRE: " + b"bonjour " * (MAX_LINE_CHARS // 4), "ligne trop longue"),
    (DIALOGUE_FILE.read_text("utf-8").replace("é", "\udcff", 1).encode("utf-8", "surrogateescape"), "UTF-8"),
    ("STAGIAIRE: Clémence".encode("latin-1"), "UTF-8"),
    (b"STAGIAIRE: bonjour\x00", "binaire"),
    (b"", "Erreur : "),
])
def test_named_hostile_dialogues(tmp_path, content, message):
    path = tmp_path / "appel.txt"
    path.write_bytes(content)
    started = time.perf_counter()
    for args in (["score", path], ["play", "appel-calme", "-t", "Camille", "--script", path]):
        result = run_cli(*args)
        assert result.exit_code == 2 and message in result.output, (args, result.output)
    assert time.perf_counter() - started < 10  # read no further than the limit, whatever the size


def test_longest_accepted_dialogue_is_scored_in_seconds(tmp_path):
    """The slowest input within the limits: a whole file of the longest turns, full of near-matches."""
    words = "Clinique Nest Clémence bonjour je vous passe le service merci au revoir patientez".split()
    turn = " ".join(words[i % len(words)] for i in range(MAX_LINE_CHARS // 7))[:MAX_LINE_CHARS - 12]
    body = ["# organisation: Clinique Nest", "# stagiaire: Clémence"]
    while sum(len(line.encode()) + 1 for line in body) < MAX_BYTES - MAX_LINE_CHARS:
        body.append(("STAGIAIRE: " if len(body) % 2 else "APPELANT: ") + turn)
    path = tmp_path / "long.txt"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = run_cli("score", path)
    assert result.exit_code == 0 and "Note :" in result.output
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("args", [["play", "x" * 300, "-t", "Camille", "--text"], ["graph", "x" * 300, "-o", "g.mmd"]])
def test_overlong_scenario_names(args):
    run_cli(*args)
