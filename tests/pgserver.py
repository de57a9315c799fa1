"""A private PostgreSQL server of a test session's own, which fault tests may crash and
start again (``tests/faults``), leaving the machine's shared cluster alone.

``pg_server`` (session) makes a cluster with ``initdb`` in a temporary folder (trust
authentication, on 127.0.0.1 and a free port) and starts it; ``stop()`` shuts it down in
immediate mode, as a crash would (no checkpoint: the next start replays its log),
``start()`` brings it back on the same port. Run as root, the server runs as the
``postgres`` user (PostgreSQL refuses root). Without ``initdb`` the tests that ask for
it are skipped — under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import CI, free_port, wait_for_port


def _find(program: str) -> str | None:
    found = shutil.which(program)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"))
    return candidates[-1] if candidates else None


class PostgresServer:
    """One private cluster: ``stop()`` crashes it, ``start()`` brings it back."""

    def __init__(self, initdb: str, pg_ctl: str) -> None:
        self.initdb, self.pg_ctl = initdb, pg_ctl
        # Not under pytest's temporary folder: that one is private to root, and the
        # server runs as ``postgres``.
        self.folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.folder / "data"
        self.sockets = self.folder / "sockets"
        self.log = self.folder / "server.log"
        self.port = free_port()
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._as_postgres: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self._as_postgres = ["runuser", "-u", "postgres", "--"]
        self._run(["mkdir", "-p", str(self.sockets)])
        self._run([self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust",
                   "--encoding=UTF8", "--no-sync"])
        self.running = False

    def _run(self, command: list[str]) -> None:
        subprocess.run(self._as_postgres + command,  # noqa: S603 - our own programs
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, timeout=120)

    def start(self) -> None:
        if self.running:
            return
        options = (f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c max_connections=50")
        self._run([self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.log),
                   "-w", "-t", "60", "start"])
        wait_for_port(self.port)
        self.running = True

    def stop(self) -> None:
        """Stop at once, as a crash: connections are cut, nothing is checkpointed."""
        if not self.running:
            return
        self._run([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        wait_for_port(self.port, up=False)
        self.running = False

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    initdb, pg_ctl = _find("initdb"), _find("pg_ctl")
    if initdb is None or pg_ctl is None:
        if CI:
            pytest.fail("initdb/pg_ctl are missing (apt-get install postgresql)")
        pytest.skip("PostgreSQL's initdb is not installed")
    server = PostgresServer(initdb, pg_ctl)
    try:
        server.start()
        yield server
    finally:
        server.remove()
