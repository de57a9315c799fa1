"""Real services of a test session's own: a private Redis server that tests may stop and
start again, on a port nobody else uses, so two test processes (pytest-xdist) and the
machine's own Redis never share a key.

``redis_server`` (session) starts ``redis-server`` without persistence in a temporary
folder; ``redis_url`` (per test) gives its URL with the data flushed, and the server
running again if an earlier test stopped it. Without ``redis-server`` the tests that ask
for it are skipped — under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CI = os.environ.get("CI", "").lower() == "true"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, *, up: bool = True, timeout: float = 10.0) -> None:
    """Wait until something listens on ``port`` (or, with ``up=False``, nothing does)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} is still {'closed' if up else 'open'}")


class ServerProcess:
    """A server of the session's own on a free loopback port: ``stop()`` kills it as a
    crash would, ``start()`` brings it back on the same port."""

    start_timeout = 10.0

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running:
            return
        self.process = subprocess.Popen(  # noqa: S603 - our own binaries and arguments
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port, timeout=self.start_timeout)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None
            wait_for_port(self.port, up=False)


class RedisServer(ServerProcess):
    """One private ``redis-server``, without persistence: it comes back empty."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def command(self) -> list[str]:
        return [shutil.which("redis-server") or "redis-server", "--port", str(self.port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", str(self.folder)]

    def flush(self) -> None:
        import redis
        redis.Redis.from_url(self.url).flushall()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        if CI:
            pytest.fail("redis-server is missing (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """A running, empty private Redis for this test."""
    redis_server.start()
    redis_server.flush()
    return redis_server.url
