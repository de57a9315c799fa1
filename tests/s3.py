"""A real S3 API server of a test session's own: ``moto`` in server mode on a loopback
port nobody else uses, which tests may stop (as a crash would) and start again.

``s3_server`` (session) starts it; ``s3_settings`` (per test) gives the app's
``PORTAL_S3_*`` settings for a new, empty bucket of the test's own, with the server
running again if an earlier test stopped it. moto keeps its data in memory: after a
stop and start the server is empty (``S3Server.make_bucket`` makes the bucket again).
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.services import CI, ServerProcess

ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret"
REGION = "us-east-1"


class S3Server(ServerProcess):
    """One private moto server; it comes back empty."""

    start_timeout = 30.0

    def __init__(self) -> None:
        super().__init__()
        self.endpoint_url = f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)]

    def client(self) -> Any:
        import boto3
        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=REGION,
                            aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY)

    def make_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name)

    def settings(self, bucket: str, prefix: str = "portal/") -> dict[str, Any]:
        """The app's configuration for ``bucket`` on this server."""
        return {"STORAGE": "s3", "S3_BUCKET": bucket, "S3_PREFIX": prefix,
                "S3_ENDPOINT_URL": self.endpoint_url, "S3_REGION": REGION,
                "S3_ACCESS_KEY_ID": ACCESS_KEY, "S3_SECRET_ACCESS_KEY": SECRET_KEY,
                "S3_TIMEOUT": 2.0}


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    try:
        import moto.server  # noqa: F401
    except ImportError:
        if CI:
            pytest.fail("moto[server] is missing (pip install -r requirements-dev.txt)")
        pytest.skip("moto[server] is not installed")
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_settings(s3_server: S3Server) -> dict[str, Any]:
    """A running server and a new empty bucket: the settings of an app that uses it."""
    s3_server.start()
    bucket = f"portal-{uuid.uuid4().hex[:12]}"
    s3_server.make_bucket(bucket)
    return s3_server.settings(bucket)
