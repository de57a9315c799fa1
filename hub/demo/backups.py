"""Demo of the backups: one made and verified once the demo province is in place, so
``/quan-tri/tinh/sao-luu`` and ``flask backup list`` show a real backup and its runs."""

from __future__ import annotations

from flask import Flask

from hub.backups.models import RunOutcome
from hub.backups.operations import create_backup, verify_backup
from hub.extensions import db


def seed_demo_backup(app: Flask) -> list[str]:
    """Returns the lines ``flask demo seed`` prints about it."""
    with app.app_context():
        made, backup = create_backup("demo")
        if backup is None:
            reason = made.reason
            db.session.commit()
            return [f"Backups: the demo's backup failed ({reason})."]
        ok = verify_backup(backup, "demo").outcome is RunOutcome.OK
        db.session.commit()
    state = "verified" if ok else "NOT verified"
    return [f"Backups: {backup.name} made and {state} (/quan-tri/tinh/sao-luu, "
            "flask backup list)."]
