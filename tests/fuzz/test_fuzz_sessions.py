"""Hostile session ids and damaged session files: `show`, `replay`, `report`, `score` and the
recovery of interrupted sessions that every command runs first.

What this proves: any session id typed on the command line (unicode, paths, SQL, control
characters, thousands of characters) is either found or refused in French; a session whose
recording (appel.wav) or transcript was damaged — by the fuzzers' hostile WAVs or random bytes —
is still shown, replayed without audio and reported, or refused in French; the recovery of an
interrupted session with damaged files never stops a command; and a sessions database that is
random bytes, a truncated copy of a real one, or a folder gives a French message, never a
traceback (a schema damaged into invalid UTF-8 included). Every
run ends with exit code 0 or 2 within 20 s and 2 GB.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hostile import fuzz, hostile_wavs, run_cli
from hypothesis import given
from hypothesis import strategies as st

from simulator.store import SessionStore
from simulator.transcript.model import CallContext

SCRIPT = "Clinique Nest, Camille, bonjour.\nAu revoir madame, bonne journée.\n"
ODD_IDS = ["", ".", "..", "/", "../../etc/passwd", "' OR 1=1 --", "%", "_", "*", "20240101-000000-x-0000",
           "séance", "\u202eevil", "a" * 5000, "CON", "-h", "--json", "\n", "\x1b[2J"]


@pytest.fixture
def session_id(tmp_path, isolated_data):
    (tmp_path / "reponses.txt").write_text(SCRIPT, encoding="utf-8")
    result = run_cli("play", "appel-calme", "-t", "Camille", "--script", tmp_path / "reponses.txt", "--json")
    return json.loads(result.stdout)["session"]


@fuzz(ci_examples=60)
@given(odd=st.one_of(st.sampled_from(ODD_IDS), st.text(max_size=60)),
       command=st.sampled_from(["show", "replay", "report", "score"]))
def test_odd_session_ids_are_refused_in_french(odd, command, tmp_path):
    options = {"replay": ["--no-audio"], "report": ["-o", tmp_path / "rapport.html"], "show": [], "score": []}
    result = run_cli(command, *options[command], "--", odd)  # « -- »: an id that looks like an option is an id
    assert result.exit_code == 2, result.output


@fuzz(ci_examples=15)
@given(recording=st.one_of(hostile_wavs(), st.binary(max_size=2048)),
       transcript=st.one_of(st.none(), st.binary(max_size=512)))
def test_damaged_files_of_a_finished_session(recording, transcript, session_id, isolated_data, tmp_path):
    folder = isolated_data / "sessions" / session_id
    (folder / "appel.wav").write_bytes(recording)
    if transcript is not None:
        (folder / "transcript.txt").write_bytes(transcript)
    for args in (["show", session_id], ["replay", "--no-audio", session_id],
                 ["report", session_id, "-o", tmp_path / "rapport.html"], ["score", session_id]):
        run_cli(*args)


@fuzz(ci_examples=20)
@given(recording=st.one_of(st.none(), hostile_wavs(), st.binary(max_size=2048)),
       directory=st.booleans())
def test_recovery_of_an_interrupted_session_with_damaged_files(recording, directory, isolated_data):
    info = SessionStore(isolated_data).create(CallContext("Clinique Nest", "Camille", "appel-calme"), "standard",
                                              "voix")
    wav = info.directory / "appel.wav"
    if directory:
        wav.mkdir()
    elif recording is not None:
        wav.write_bytes(recording)
    result = run_cli("sessions", "--json")  # every command first finishes the sessions a crash cut short
    assert result.exit_code == 0


class Snapshot(bytes):
    def __repr__(self) -> str:  # Hypothesis prints the arguments of a failing case
        return f"<base de données de {len(self)} octets>"


@pytest.fixture(scope="module")
def real_database():
    """A sessions database as `accueil` leaves it: closed, its write-ahead log merged."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-db-"))
    store = SessionStore(folder)
    store.create(CallContext("Clinique Nest", "Camille", "appel-calme"), "standard", "texte")
    store.close()
    yield Snapshot((folder / "accueil.db").read_bytes())
    shutil.rmtree(folder)


@fuzz(ci_examples=30)
@given(data=st.data())
def test_damaged_database(data, real_database):
    damage = data.draw(st.sampled_from(["random", "truncated", "flipped", "folder", "empty"]))
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "accueil.db"
        if damage == "random":
            database.write_bytes(data.draw(st.binary(min_size=1, max_size=4096)))
        elif damage == "truncated":
            database.write_bytes(real_database[:data.draw(st.integers(1, len(real_database) - 1))])
        elif damage == "flipped":  # one byte changed anywhere: the schema, a page header, a row
            damaged = bytearray(real_database)
            damaged[data.draw(st.integers(0, len(damaged) - 1))] ^= data.draw(st.integers(1, 255))
            database.write_bytes(bytes(damaged))
        elif damage == "folder":
            database.mkdir()
        else:
            database.write_bytes(b"")
        result = run_cli("sessions", env={"ACCUEIL_DATA_DIR": folder})
        if damage == "folder":
            assert result.exit_code == 2 and "accueil.db" in result.output, result.output


def test_schema_damaged_into_invalid_utf8(tmp_path):
    """What flipping one byte of a real database found: « VARCHAR(40) » became « VARCHAR(\\xcb0) »."""
    connection = sqlite3.connect(tmp_path / "accueil.db")
    connection.execute("CREATE TABLE sessions(id TEXT)")
    connection.execute("PRAGMA writable_schema=ON")
    connection.execute("UPDATE sqlite_master SET sql = CAST(? AS TEXT) WHERE name = 'sessions'",
                       (b"CREATE TABLE sessions(id VARCHAR(\xcb0))",))
    connection.commit()
    connection.close()
    result = run_cli("sessions", env={"ACCUEIL_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 2 and "base de données" in result.output


def test_data_folder_that_is_a_file(tmp_path):
    (tmp_path / "donnees").write_text("pas un dossier")
    result = run_cli("sessions", env={"ACCUEIL_DATA_DIR": str(tmp_path / "donnees")})
    assert result.exit_code == 2 and "donnees" in result.output
