"""A shared database whose server goes away in the middle of a call: a clear French error, the call
ends « interrompue » with what was committed, and the next start finishes it once the server is back.

The connection goes through a TCP relay that the test cuts, as a network or a server going down would.
"""

from __future__ import annotations

import socket
import threading

import pytest
from sqlalchemy import make_url

from simulator.engine import CallRuntime
from simulator.events import TraineeSaid
from simulator.scenario.loader import find_scenario
from simulator.scoring import find_rubric
from simulator.session.call import Call
from simulator.session.inputs import ScriptInput, VirtualClock
from simulator.records import TRANSCRIPT
from simulator.session.recorder import Recorder
from simulator.session.recovery import recover_interrupted
from simulator.store import SessionStore
from simulator.store.sessions import StoreError
from simulator.transcript.dialogue import format_event

SCRIPT = """Clinique Nest, Clémence, bonjour.
Si je comprends bien, vous souhaitez connaître les horaires de la radiologie, madame Lefèvre ?
La radiologie est ouverte du lundi au vendredi de 8 h à 18 h.
Puis-je faire autre chose pour vous ?
Au revoir madame, bonne journée.
"""


class Relay:
    """Forwards local TCP connections to the database server until `cut`."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # cut
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        for sock in [self.listener, *self.sockets]:  # the listener too: new connections are refused
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


class Screen:
    """The call's display; cuts the relay once the trainee's second line is shown (recorded)."""

    def __init__(self, relay: Relay):
        self.relay, self.trainee_lines, self.notices = relay, 0, []

    def event(self, event) -> None:
        self.trainee_lines += isinstance(event, TraineeSaid)
        if self.trainee_lines == 2:
            self.relay.cut()

    def notice(self, text: str) -> None:
        self.notices.append(text)


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_a_database_server_gone_mid_call(tmp_path, store_url):
    direct = make_url(store_url)
    relay = Relay(direct.host, direct.port or 5432)
    through_relay = direct.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    script = tmp_path / "script.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    scenario = find_scenario("appel-calme")
    recorder = Recorder(SessionStore(tmp_path, url=through_relay), scenario.context("Clémence"), "standard",
                        "texte", 1)
    screen = Screen(relay)
    call = Call(scenario, find_rubric("standard"), CallRuntime(scenario, seed=1), recorder, ScriptInput(script),
                VirtualClock(), screen, echo_trainee=True)

    scorecard = call.run()

    assert isinstance(call.error, StoreError)
    assert call.error.message.startswith(f"base de données injoignable (postgresql+psycopg://accueil:***@127.0.0.1:"
                                         f"{relay.port}/")
    assert "ce qui était déjà enregistré est conservé" in call.error.message
    assert any(n.startswith("Enregistrement impossible : base de données injoignable") for n in screen.notices)
    assert "Séance interrompue : l'appel est enregistré tel quel." in screen.notices
    said = [e.text for e in recorder.events if isinstance(e, TraineeSaid)]
    assert said == SCRIPT.splitlines()[:2]  # the call stopped at the first write that failed
    assert scorecard.score is not None and {r.id: r.passed for r in scorecard.results}["greeting"]

    # Everything committed before the cut is on the server; the transcript file has it too.
    store = SessionStore(tmp_path, url=store_url)
    session_id = recorder.info.id
    assert store.transcript(session_id).events == tuple(recorder.events)
    lines = (tmp_path / "sessions" / session_id / TRANSCRIPT).read_text(encoding="utf-8").splitlines()
    assert [format_event(e) for e in recorder.events] == lines[3:3 + len(recorder.events)]
    assert store.get(session_id).status == "interrupted" and store.results(session_id) == []
    # The server is back: the next start finishes the session with the same verdicts.
    [recovered] = recover_interrupted(store)
    assert recovered.info.id == session_id and recovered.problem is None
    assert store.get(session_id).score == scorecard.score and store.results(session_id)
    store.close()
