"""Request handlers of the backups' page: load the runs and the backups -> check the
host and the reader -> show them. Nothing here changes state."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import gettext as _

from hub.accounts.permissions import require
from hub.backups import archive, operations
from hub.core.clock import aware, utcnow
from hub.core.http import fail
from tenants.context import current_site


def index():  # type: ignore[no-untyped-def]
    if current_site().kind != "province":
        fail(404, _("The page you are looking for does not exist or has been moved."))
    require("console.view")
    verified = operations.verified_names()
    last = operations.last_verified()
    age_days = None
    if last is not None:
        age_days = (utcnow() - aware(last.started_at)).days  # type: ignore[operator]
    return render_template(
        "backups/index.html", runs=operations.recent_runs(),
        backups=archive.backups(operations.settings().root), verified=verified,
        last=last, age_days=age_days,
        alert_days=int(current_app.config.get("BACKUP_ALERT_DAYS", 3)))
