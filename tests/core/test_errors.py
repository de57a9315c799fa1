"""Error pages are in Vietnamese on Vietnamese hosts, JSON for the API, never a stack."""

from __future__ import annotations

import pytest
from flask import Blueprint, abort

from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.factories import host_client


@pytest.fixture
def failing_app(app, province):
    """The real app with a few routes that fail on purpose."""
    bp = Blueprint("failing", __name__)

    @bp.get("/_test/forbidden")
    def forbidden():
        abort(403)

    @bp.get("/_test/bad")
    def bad():
        abort(400)

    @bp.get("/_test/boom")
    def boom():
        raise RuntimeError("a bug")

    @bp.get("/api/v1/_test/boom")
    def api_boom():
        raise RuntimeError("a bug")

    @bp.post("/_test/write-then-fail")
    def write_then_fail():
        db.session.get(Tenant, province.id).name = "half-written"
        raise RuntimeError("after a write")

    @bp.post("/_test/form")
    def form():
        return "accepted"

    from hub.extensions import csrf
    csrf.exempt(write_then_fail)
    app.register_blueprint(bp)
    return app


@pytest.mark.parametrize("path, status, vietnamese", [
    ("/_test/bad", 400, "Yêu cầu không hợp lệ"),
    ("/_test/forbidden", 403, "Không có quyền truy cập"),
    ("/khong-co-trang-nay", 404, "Không tìm thấy trang"),
    ("/_test/boom", 500, "Đã xảy ra lỗi"),
])
def test_error_pages_are_in_vietnamese(failing_app, path, status, vietnamese):
    response = host_client(failing_app, "langson.localhost").get(path)
    assert response.status_code == status
    assert vietnamese in response.text
    assert "Traceback" not in response.text and "RuntimeError" not in response.text


def test_api_errors_are_json(failing_app):
    response = host_client(failing_app, "langson.localhost").get("/api/v1/_test/boom")
    assert response.status_code == 500
    assert response.json["error"]["status"] == 500
    assert response.json["error"]["reason"]


def test_an_error_rolls_back_everything_the_request_wrote(failing_app, province):
    response = host_client(failing_app, "langson.localhost").post("/_test/write-then-fail")
    assert response.status_code == 500
    with failing_app.app_context(), unscoped():
        assert db.session.get(Tenant, province.id).name == "Tỉnh Lạng Sơn"


def test_a_post_without_csrf_token_is_refused(failing_app, province):
    response = host_client(failing_app, "langson.localhost").post("/_test/form")
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn" in response.text


def test_healthz_reports_an_unreachable_database(tmp_path):
    from hub import create_app
    from tests.conftest import base_config
    broken = create_app({**base_config(tmp_path), "SQLALCHEMY_DATABASE_URI":
                         "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"
