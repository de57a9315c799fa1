"""The restore drill (003 Article 13.1.c–d): content published with its files, backed
up, the database and the uploads destroyed, restored — and every row of every table and
every file byte for byte as they were. On SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask
from sqlalchemy import make_url, text

from hub.backups import archive
from hub.content.models import Article
from hub.extensions import db
from tenants.context import tenant_scope
from tests.backups.conftest import (
    backup,
    every_file,
    every_row,
    head_revision,
    owner_engine,
    publish,
)


def destroy(app: Flask) -> None:
    """The database's tables and the upload folder gone."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    url = make_url(app.config["MIGRATION_DATABASE_URL"])
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{url.database}{suffix}").unlink(missing_ok=True)
    else:
        engine = owner_engine(app)
        with engine.begin() as conn:
            tables = [row[0] for row in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]
            conn.execute(text("DROP TABLE " + ", ".join(f'"{t}"' for t in tables)
                              + " CASCADE"))
        engine.dispose()
    shutil.rmtree(app.config["UPLOAD_DIR"])


def test_a_backup_restores_every_row_and_every_file(drill_app: Flask) -> None:
    app = drill_app
    site = publish(app)
    rows, files = every_row(app), every_file(app)
    assert rows["article"] and rows["attachment"] and len(files) >= 2

    made = backup(app, "create")
    assert made.exit_code == 0, made.output
    assert "Verified" in made.output
    destroy(app)
    assert not Path(app.config["UPLOAD_DIR"]).exists()

    restored = backup(app, "restore", "--yes")
    assert restored.exit_code == 0, restored.output
    after = every_row(app)
    # The restore itself is audited after the fact (and the runs recorded after the
    # backup was taken are not in it): every other row is exactly as before.
    assert [r for r in after["audit_entry"] if "backup.restore" not in r] \
        == [r for r in rows["audit_entry"]]
    assert {t: r for t, r in after.items() if t != "audit_entry"} \
        == {t: r for t, r in rows.items() if t != "audit_entry"}
    assert every_file(app) == files
    # The app's own role reads the restored rows again, through the site's scope
    # (grants and row-level security came back with the tables).
    with app.app_context(), tenant_scope(site.id):
        assert db.session.query(Article).count() == 2


def test_the_manifest_describes_the_backup(app: Flask) -> None:
    publish(app)
    made = backup(app, "create", "--no-verify")
    assert made.exit_code == 0, made.output
    with app.app_context():
        found = archive.backups(Path(app.config["BACKUP_DIR"]))
    assert len(found) == 1
    manifest = found[0].manifest
    assert manifest["schema_revision"] == head_revision(app)
    assert manifest["app_version"]
    assert manifest["tables"]["article"] == 2 and manifest["tables"]["attachment"] == 2
    # A PDF, an image, and the image's renditions (WebP and PNG: it is smaller than
    # every width, so each format is one file).
    assert len(manifest["files"]) == 4
    assert found[0].path.stat().st_mode & 0o077 == 0  # the portal's user only
    for name, part in manifest["parts"].items():
        path = found[0].path / name
        assert part["size"] == path.stat().st_size
        assert part["sha256"] == archive.sha256_of(path)
    listed = backup(app, "list")
    assert found[0].name in listed.output and "not verified" in listed.output
