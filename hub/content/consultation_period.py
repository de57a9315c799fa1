"""How long a draft stays open for comment, and when the agency's response is due.

Both periods are counted in working days on the state's calendar
(``hub.deadlines.calendar``: weekends, public holidays, the office's swapped days), from
the office's defaults (``PORTAL_CONSULTATION_MIN_WORKING_DAYS``,
``PORTAL_CONSULTATION_OUTCOME_WORKING_DAYS``) unless the site set its own
(``consultation_min_working_days``, ``consultation_outcome_working_days``).

The comment period: at least N working days after the opening day, the opening day
itself not counted (as every period of the calendar), the closing day included.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app

from hub.deadlines import calendar
from hub.extensions import db
from tenants.models import Tenant

MIN_SETTING = "consultation_min_working_days"
OUTCOME_SETTING = "consultation_outcome_working_days"
# A site's value outside these bounds is a typing error: the office's default applies.
MAX_DAYS = 250


def _days(tenant_id: int | None, setting: str, config_key: str, fallback: int) -> int:
    tenant = db.session.get(Tenant, tenant_id) if tenant_id is not None else None
    value = tenant.setting(setting) if tenant is not None else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_DAYS:
        return value
    return int(current_app.config.get(config_key, fallback))


def minimum_working_days(tenant_id: int | None) -> int:
    """The shortest comment period on the site, in working days."""
    return _days(tenant_id, MIN_SETTING, "CONSULTATION_MIN_WORKING_DAYS", 20)


def outcome_working_days(tenant_id: int | None) -> int:
    """Working days after closing by which the response is due on the site."""
    return _days(tenant_id, OUTCOME_SETTING, "CONSULTATION_OUTCOME_WORKING_DAYS", 30)


def earliest_close(opens_on: date, tenant_id: int | None) -> date:
    """The first day the comments may close on, for a draft opened on ``opens_on``."""
    return calendar.add_working_days(opens_on, minimum_working_days(tenant_id)).date()


def outcome_due(closes_on: date, tenant_id: int | None) -> datetime:
    """When the agency's response to the comments is due (aware, Viet Nam)."""
    return calendar.add_working_days(closes_on, outcome_working_days(tenant_id))
