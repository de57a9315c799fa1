"""The backups' world: a site with a published article and its attached file, on a
database of the test's own for the restore drill (PostgreSQL: a database created and
dropped by the test, never the session's shared one)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, inspect, text

from hub import create_app
from hub.extensions import db
from tenants.models import Tenant
from tests.conftest import PG_ADMIN_URL, PostgresDatabase, _make_app, base_config
from tests.content.factories import make_attachment, make_item, pdf_bytes, png_bytes
from tests.factories import create_site


@pytest.fixture
def drill_app(backend: str, request: pytest.FixtureRequest,
              tmp_path: Path) -> Iterator[Flask]:
    """The app on a database the test may destroy."""
    if backend == "sqlite":
        yield from _make_app("sqlite", request, tmp_path)
        return
    assert PG_ADMIN_URL
    database = PostgresDatabase(PG_ADMIN_URL, tmp_path / "pg")
    database.create()
    application = create_app({**base_config(tmp_path),
                              "SQLALCHEMY_DATABASE_URI": database.app_url,
                              "MIGRATION_DATABASE_URL": database.owner_url})
    try:
        yield application
    finally:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
        database.drop()


def publish(app: Flask) -> Tenant:
    """A province and a department with an article that has a PDF and an image."""
    province = create_site(app, "langson", "Tỉnh Lạng Sơn", "province",
                           hosts=("langson.localhost",))
    site = create_site(app, "sokhcn.langson", "Sở Khoa học và Công nghệ", "department",
                       parent=province, hosts=("sokhcn.langson.localhost",))
    pdf = make_attachment(app, site, pdf_bytes("Quyết định số 40"))
    make_item(app, site, title="Quyết định công bố thủ tục", attachment_id=pdf)
    image = make_attachment(app, site, png_bytes(3, 3), filename="anh.png",
                            alt_text="Toàn cảnh hội nghị")
    make_item(app, site, title="Hội nghị tổng kết", attachment_id=image)
    return site


def owner_engine(app: Flask):  # type: ignore[no-untyped-def]
    return create_engine(app.config["MIGRATION_DATABASE_URL"])


def every_row(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as the owner reads them (no row-level security)."""
    engine = owner_engine(app)
    try:
        with engine.connect() as conn:
            return {table: sorted((tuple(row) for row in conn.execute(
                        text(f'SELECT * FROM "{table}"'))), key=repr)
                    for table in sorted(inspect(conn).get_table_names())}
    finally:
        engine.dispose()


def every_file(app: Flask) -> dict[str, bytes]:
    folder = Path(app.config["UPLOAD_DIR"])
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def backup(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    """``flask backup ...`` on ``app``."""
    return app.test_cli_runner().invoke(args=["backup", *args])


def head_revision(app: Flask) -> str:
    """The code's schema revision, which a new backup's manifest records."""
    from hub.backups.operations import migration_script
    with app.app_context():
        return str(migration_script().get_current_head())
