"""Does the password-reset form tell by its timing whether an account exists?
``python -m bench.reset_timing [--requests 200] [--database postgresql://...]``.

In-process (Flask's test client, no network), on a temporary migrated database
(SQLite by default; with ``--database``, a new database on that PostgreSQL server,
reached as a role that does not own the tables, dropped afterwards). One site and one
account on it; then ``--requests`` POSTs of the form with the account's address and as
many with an address no account has, interleaved so that a slow moment of the machine
falls on both. Mail is queued as in production (``MAIL_SEND_AFTER_COMMIT`` off); the
rate limits are off (every request comes from one address). Prints the median, mean
and 90th percentile of each series, in milliseconds, and their differences.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from flask import Flask

from hub import create_app
from hub.extensions import db

EXISTING = "lan@sokhcn.gov.vn"
UNKNOWN = "nobody@sokhcn.gov.vn"
HOST = "sokhcn.langson.localhost"


def _config(folder: Path) -> dict:
    return {"TESTING": False, "SECRET_KEY": "bench", "MAIL_SERVER": None,
            "MAIL_SEND_AFTER_COMMIT": False, "INPROCESS_JOBS": False,
            "RATE_LIMITS_ENABLED": False, "REDIS_URL": None, "PAGE_CACHE": False,
            "HOST_CACHE_FILE": str(folder / "hosts.version"),
            "MAIL_OUTBOX_DIR": str(folder / "outbox"), "UPLOAD_DIR": str(folder / "uploads"),
            "BASE_DOMAIN": "langson.localhost",
            "ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}


def _seed(app: Flask) -> None:
    from hub.accounts.models import Membership, SiteRole, User
    from tenants.context import unscoped
    from tenants.models import Domain, Tenant, TenantKind
    with app.app_context(), unscoped():
        site = Tenant(slug="sokhcn.langson", name="Sở Khoa học và Công nghệ",
                      kind=TenantKind("department"), settings={})
        db.session.add(site)
        db.session.flush()
        site.path = f"/{site.id}/"
        db.session.add(Domain(hostname=HOST, tenant=site, locale="vi", is_primary=True))
        user = User(email=EXISTING, display_name="Trần Thị Lan", password_hash=None)
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, tenant_id=site.id, role=SiteRole.EDITOR))
        db.session.commit()


def _measure(app: Flask, requests: int) -> dict[str, list[float]]:
    import re
    client = app.test_client()
    base = f"http://{HOST}/"
    page = client.get("/dang-nhap/quen-mat-khau", base_url=base)
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page.data).group(1).decode()
    times: dict[str, list[float]] = {EXISTING: [], UNKNOWN: []}
    for index in range(requests * 2 + 20):
        address = (EXISTING, UNKNOWN)[index % 2]
        started = time.perf_counter()
        response = client.post("/dang-nhap/quen-mat-khau", base_url=base,
                               data={"email": address, "csrf_token": token})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        if index >= 20:  # the first ones warm the caches
            times[address].append(elapsed)
    return times


def _report(times: dict[str, list[float]]) -> None:
    def figures(values: list[float]) -> tuple[float, float, float]:
        ordered = sorted(values)
        return (statistics.median(ordered), statistics.fmean(ordered),
                ordered[int(len(ordered) * 0.9)])
    rows = {"with an account": figures(times[EXISTING]),
            "without an account": figures(times[UNKNOWN])}
    print(f"{'':20} {'median':>8} {'mean':>8} {'p90':>8}  (ms, {len(times[EXISTING])} each)")
    for name, (median, mean, p90) in rows.items():
        print(f"{name:20} {median:8.2f} {mean:8.2f} {p90:8.2f}")
    a, b = rows["with an account"], rows["without an account"]
    print(f"{'difference':20} {a[0] - b[0]:8.2f} {a[1] - b[1]:8.2f} {a[2] - b[2]:8.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database", default=None, help="a PostgreSQL admin URL")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        config = _config(folder)
        database = None
        if options.database:
            from tests.conftest import PostgresDatabase  # its app role, as in production
            database = PostgresDatabase(options.database, folder)
            database.create()
            config.update(SQLALCHEMY_DATABASE_URI=database.app_url,
                          MIGRATION_DATABASE_URL=database.owner_url)
        else:
            from flask_migrate import upgrade
            config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder / 'portal.sqlite3'}"
            migrating = create_app(config)
            with migrating.app_context():
                upgrade()
                db.engine.dispose()
        try:
            app = create_app(config)
            _seed(app)
            _report(_measure(app, options.requests))
            with app.app_context():
                db.engine.dispose()
        finally:
            if database is not None:
                database.drop()


if __name__ == "__main__":
    main()
