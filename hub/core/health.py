"""``/healthz``: answers on any host, so a load balancer can check a node by address."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify
from sqlalchemy import text

from hub.extensions import db
from tenants.isolation import database_accepts_proofs

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    try:
        db.session.execute(text("SELECT 1"))
        accepted = database_accepts_proofs(db.session.connection())
    except Exception as exc:  # noqa: BLE001 - any database failure is "unhealthy"
        db.session.rollback()
        return jsonify(status="error", database="unreachable",
                       reason=type(exc).__name__), 503
    finally:
        db.session.rollback()  # the check's settings end with its transaction
    if not accepted:
        return jsonify(status="error", database="key-mismatch",
                       reason="the database does not hold this app's key: run "
                              "`flask db upgrade` with this PORTAL_SECRET_KEY"), 503
    return jsonify(status="ok", database="ok")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
