"""The file store's world: each backend-neutral test runs on a folder and on a bucket of
the session's own S3 server (``tests/s3.py``); ``s3_app`` is the real app, on each
database, keeping its files in that bucket."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from hub.files.storage import LocalStorage, Storage, build_storage


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return LocalStorage(tmp_path / "uploads")
    return build_storage(request.getfixturevalue("s3_settings"))


@pytest.fixture
def s3_app(app: Flask, s3_settings: dict[str, Any]) -> Flask:
    app.config.update(s3_settings)
    return app


def key_of(tenant_id: int, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    return f"{tenant_id}/{digest[:2]}/{digest}"


def bucket_files(app: Flask) -> dict[str, bytes]:
    """Every object of the app's bucket (names as stored, prefix included)."""
    import boto3

    from tests.s3 import ACCESS_KEY, REGION, SECRET_KEY
    client = boto3.client("s3", endpoint_url=app.config["S3_ENDPOINT_URL"],
                          region_name=REGION, aws_access_key_id=ACCESS_KEY,
                          aws_secret_access_key=SECRET_KEY)
    bucket = app.config["S3_BUCKET"]
    names = [entry["Key"] for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=bucket) for entry in page.get("Contents", ())]
    return {name: client.get_object(Bucket=bucket, Key=name)["Body"].read()
            for name in sorted(names)}
