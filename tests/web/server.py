"""`accueil serve` in a subprocess: the real server, as a trainer starts it."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """Listening on `host` (loopback by default) on a free port; `address` is where clients connect."""

    def __init__(self, data_dir: Path, host: str = "127.0.0.1", token: str | None = None,
                 address: str = "127.0.0.1"):
        self.data_dir, self.host, self.token, self.address = data_dir, host, token, address
        self.port = free_port()
        self.url = f"http://{address}:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Server":
        env = {**os.environ, "ACCUEIL_DATA_DIR": str(self.data_dir)}
        env.pop("ACCUEIL_WEB_TOKEN", None)
        command = [sys.executable, "-m", "simulator", "serve", "--host", self.host, "--port", str(self.port)]
        self.process = subprocess.Popen(command + (["--token", self.token] if self.token else []),
                                        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"accueil serve stopped: {self.process.stdout.read()}")
            try:
                socket.create_connection((self.address, self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError("accueil serve did not start within 20 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def raw_get(self, path: str) -> int:
        """GET with the path sent exactly as written (HTTP clients resolve « ../ » themselves)."""
        connection = http.client.HTTPConnection(self.address, self.port, timeout=5)
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", f"{self.address}:{self.port}")
        connection.endheaders()
        status = connection.getresponse().status
        connection.close()
        return status
