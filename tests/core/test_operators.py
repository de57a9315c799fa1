"""What operators watch: a node says whether it lives and whether it is ready (with the
reason of each dependency that fails, never a 500), Prometheus reads its figures from
allowed addresses only, and every request leaves one JSON line without personal data."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from hub import create_app
from hub.core import jobs
from hub.core.mail import MailMessage
from hub.extensions import db
from search.backends.base import SearchUnavailable
from search.models import SearchOutbox
from search.service import set_backend
from tenants.context import tenant_scope, unscoped
from tenants.models import Tenant
from tests.conftest import base_config
from tests.factories import host_client

STRANGER = {"REMOTE_ADDR": "203.0.113.5"}


def readiness(app: Flask) -> tuple[int, dict]:
    response = app.test_client().get("/healthz/ready", headers={"Host": "10.0.0.1"})
    return response.status_code, response.get_json()


def sample(app: Flask, name: str, **labels: str) -> float | None:
    """The value of one sample of ``/metrics`` (None when absent)."""
    text = app.test_client().get("/metrics").get_data(as_text=True)
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v
                                          for k, v in labels.items()):
                return found.value
    return None


# --- liveness and readiness ----------------------------------------------------------

def test_liveness_answers_without_touching_anything(tmp_path: Path) -> None:
    broken = create_app({**base_config(tmp_path), "SQLALCHEMY_DATABASE_URI":
                         "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = broken.test_client().get("/healthz/live", headers={"Host": "10.0.0.1"})
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_a_ready_node_reports_each_dependency(app: Flask) -> None:
    status, body = readiness(app)
    assert status == 200 and body["status"] == "ok"
    checks = body["checks"]
    assert {name: check["status"] for name, check in checks.items()} == {
        "database": "ok", "redis": "skipped", "uploads": "ok", "search": "ok",
        "jobs": "stale"}  # no pass of the jobs yet: a warning, not a failure
    assert checks["redis"]["reason"] == "PORTAL_REDIS_URL is not set"
    assert checks["jobs"]["required"] is False


def test_an_unreachable_database_makes_the_node_not_ready(tmp_path: Path) -> None:
    broken = create_app({**base_config(tmp_path), "SQLALCHEMY_DATABASE_URI":
                         "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    status, body = readiness(broken)
    assert status == 503 and body["status"] == "error"
    assert body["checks"]["database"]["status"] == "error"
    assert body["checks"]["database"]["reason"].startswith("unreachable: ")


def test_a_configured_redis_that_does_not_answer_makes_the_node_not_ready(
        app: Flask) -> None:
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # a closed port
    status, body = readiness(app)
    assert status == 503
    assert body["checks"]["redis"] == {"status": "error", "required": True,
                                       "reason": "unreachable: ConnectionError"}
    assert body["checks"]["database"]["status"] == "ok"


def test_an_upload_folder_that_cannot_be_written_makes_the_node_not_ready(
        app: Flask, tmp_path: Path) -> None:
    # A folder under a plain file: refused even to root, unlike a chmod.
    (tmp_path / "a-file").write_text("x")
    app.config["UPLOAD_DIR"] = str(tmp_path / "a-file" / "uploads")
    status, body = readiness(app)
    assert status == 503
    assert body["checks"]["uploads"]["status"] == "error"
    assert body["checks"]["uploads"]["reason"].startswith("not writable")


def test_a_search_backend_that_does_not_answer_makes_the_node_not_ready(
        app: Flask) -> None:
    class Down:
        def count(self) -> int:
            raise SearchUnavailable("cluster down")

    set_backend(app, Down())  # type: ignore[arg-type]
    status, body = readiness(app)
    assert status == 503
    assert body["checks"]["search"] == {"status": "error", "required": True,
                                        "reason": "unreachable: SearchUnavailable"}


def test_a_pass_of_the_jobs_is_seen_by_readiness_and_counted(app: Flask) -> None:
    def broken() -> int:
        raise RuntimeError("boom")

    runs = sample(app, "portal_job_runs_total", job="test.broken") or 0
    failures = sample(app, "portal_job_failures_total", job="test.broken") or 0
    jobs.register_job("test.broken", broken)
    try:
        with app.app_context():
            assert jobs.run_pass()["test.broken"] == -1
    finally:
        jobs.JOBS.pop("test.broken")
    status, body = readiness(app)
    assert status == 200
    assert body["checks"]["jobs"]["status"] == "ok"
    assert body["checks"]["jobs"]["reason"].startswith("last pass ")
    assert sample(app, "portal_job_runs_total", job="test.broken") == runs + 1
    assert sample(app, "portal_job_failures_total", job="test.broken") == failures + 1


def test_healthz_still_answers_as_before(app: Flask) -> None:
    response = app.test_client().get("/healthz", headers={"Host": "10.0.0.1"})
    assert response.json == {"status": "ok", "database": "ok"}


# --- /metrics ------------------------------------------------------------------------

def test_metrics_are_hidden_from_addresses_not_allowed(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/metrics", environ_overrides=STRANGER).status_code == 404
    assert client.get("/metrics").status_code == 200  # loopback is allowed by default
    app.config["METRICS_ALLOWED"] = "10.1.0.0/16, not-a-network"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", environ_overrides={"REMOTE_ADDR": "10.1.2.3"}
                      ).status_code == 200


def test_metrics_open_to_the_right_token_only(app: Flask) -> None:
    app.config["METRICS_TOKEN"] = "s3cret-token"
    client = app.test_client()
    wrong = client.get("/metrics", environ_overrides=STRANGER,
                       headers={"Authorization": "Bearer guessed"})
    assert wrong.status_code == 404
    right = client.get("/metrics", environ_overrides=STRANGER,
                       headers={"Authorization": "Bearer s3cret-token"})
    assert right.status_code == 200
    assert "portal_mail_queue_depth" in right.get_data(as_text=True)


def test_requests_are_counted_by_endpoint_and_site_kind(
        app: Flask, province: Tenant, caplog: pytest.LogCaptureFixture) -> None:
    client = host_client(app, "langson.localhost")
    with caplog.at_level(logging.INFO, logger="portal.access"):
        assert client.get("/").status_code == 200
    endpoint = json.loads(caplog.records[-1].getMessage())["endpoint"]
    labels = {"endpoint": endpoint, "site_kind": "province", "method": "GET",
              "status": "200"}
    before = sample(app, "portal_http_requests_total", **labels)
    for _ in range(3):
        client.get("/")
    assert sample(app, "portal_http_requests_total", **labels) == before + 3
    assert sample(app, "portal_http_request_duration_seconds_count",
                  endpoint=endpoint, site_kind="province") >= 4


def test_queue_depths_are_read_across_sites_at_scrape_time(
        app: Flask, province: Tenant) -> None:
    outbox = sample(app, "portal_search_outbox_depth", source="question")
    retrying = sample(app, "portal_mail_queue_depth", state="retrying")
    with app.app_context():
        with tenant_scope(province.id):
            for item_id in (901, 902):
                db.session.add(SearchOutbox(item_id=item_id, source="question",
                                            operation="upsert"))
            db.session.commit()
        with unscoped():
            for number in range(3):
                db.session.add(MailMessage(recipient=f"dan{number}@example.vn",
                                           subject="Biên nhận", body="…", attempts=1))
            db.session.commit()
    assert sample(app, "portal_search_outbox_depth", source="question") == outbox + 2
    assert sample(app, "portal_mail_queue_depth", state="retrying") == retrying + 3


def test_with_a_multiprocess_folder_the_counts_of_every_worker_are_added(
        app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    worker = ("from hub.core.instruments import JOB_RUNS; "
              "JOB_RUNS.labels(job='other.worker').inc(2)")
    for _ in range(2):  # two gunicorn workers, each its own process
        subprocess.run([sys.executable, "-c", worker], check=True,  # noqa: S603 - our code
                       cwd=Path(__file__).resolve().parents[2],
                       env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)})
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    assert sample(app, "portal_job_runs_total", job="other.worker") == 4
    assert sample(app, "portal_mail_queue_depth", state="pending") is not None


# --- the access log and the request id -----------------------------------------------

def test_one_json_line_per_request_without_the_query_string(
        app: Flask, province: Tenant, caplog: pytest.LogCaptureFixture) -> None:
    client = host_client(app, "langson.localhost")
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = client.get("/tim-kiem?q=Nguyen+Van+An&email=an@example.vn",
                              headers={"X-Request-ID": "lb-1234.abc"})
    [record] = [r for r in caplog.records if r.name == "portal.access"]
    line = json.loads(record.getMessage())
    assert line == {"request_id": "lb-1234.abc", "method": "GET", "path": "/tim-kiem",
                    "status": response.status_code,
                    "duration_ms": line["duration_ms"], "site": "langson",
                    "site_kind": "province", "endpoint": line["endpoint"]}
    assert line["endpoint"].startswith("search.")
    assert isinstance(line["duration_ms"], float)
    assert "Nguyen" not in record.getMessage() and "example.vn" not in record.getMessage()
    assert response.headers["X-Request-ID"] == "lb-1234.abc"


def test_a_malformed_request_id_is_replaced(app: Flask) -> None:
    response = app.test_client().get("/healthz/live", headers={
        "Host": "10.0.0.1", "X-Request-ID": "<script>alert(1)</script>"})
    assigned = response.headers["X-Request-ID"]
    assert assigned != "<script>alert(1)</script>" and len(assigned) == 32
    again = app.test_client().get("/healthz/live", headers={"Host": "10.0.0.1"})
    assert again.headers["X-Request-ID"] not in ("", assigned)


def test_the_access_log_can_be_turned_off(
        app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    app.config["ACCESS_LOG"] = "off"
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = app.test_client().get("/healthz/live", headers={"Host": "10.0.0.1"})
    assert [r for r in caplog.records if r.name == "portal.access"] == []
    assert response.headers["X-Request-ID"]  # the id is still given back


def test_the_address_is_logged_only_when_a_setting_allows(
        app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="portal.access"):
        client.get("/healthz/live", headers={"Host": "10.0.0.1"},
                   environ_overrides=STRANGER)
        app.config["ACCESS_LOG_CLIENT_IP"] = True
        client.get("/healthz/live", headers={"Host": "10.0.0.1"},
                   environ_overrides=STRANGER)
    hidden, shown = [json.loads(r.getMessage()) for r in caplog.records
                     if r.name == "portal.access"]
    assert "client_ip" not in hidden and "203.0.113.5" not in json.dumps(hidden)
    assert shown["client_ip"] == "203.0.113.5"


def test_an_unknown_host_is_counted_and_logged_without_a_site(
        app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = host_client(app, "nowhere.localhost").get("/")
    assert response.status_code == 404
    [line] = [json.loads(r.getMessage()) for r in caplog.records
              if r.name == "portal.access"]
    assert line["status"] == 404 and line["site"] is None and line["site_kind"] is None
    assert sample(app, "portal_http_requests_total", endpoint=line["endpoint"],
                  site_kind="none", status="404") >= 1
