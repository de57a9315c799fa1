"""The demo's problem reports: every state on the province and on a commune, sent and
handled through the real services, seeded once."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from hub.content.models import ContentItem
from hub.demo.content import seed_demo_content
from hub.demo.problems import seed_demo_problems
from hub.demo.seed import seed_demo
from hub.extensions import db
from hub.problems.models import ProblemReport, ProblemState
from hub.workflow.states import ContentStatus
from tenants.context import unscoped
from tenants.models import Tenant

BASE = "langson.localhost"


def test_every_state_on_the_province_and_a_commune(app):  # type: ignore[no-untyped-def]
    with app.app_context():
        seed_demo(BASE)
        db.session.commit()
        seed_demo_content(app, BASE)
        assert seed_demo_problems(app, BASE) == 10
        assert seed_demo_problems(app, BASE) == 0  # once
    with app.app_context(), unscoped():
        rows = db.session.execute(select(Tenant.slug, ProblemReport.state, ProblemReport.item_id)
                                  .join(Tenant, Tenant.id == ProblemReport.tenant_id)).all()
        states = Counter((slug, state) for slug, state, _item in rows)
        for slug in ("langson", "xathongnhat.langson"):
            assert states[(slug, ProblemState.OPEN)] == 2
            for state in (ProblemState.FIXED, ProblemState.NOT_A_PROBLEM,
                          ProblemState.TAKEN_DOWN):
                assert states[(slug, state)] == 1, (slug, state)
        taken = [item for _slug, state, item in rows if state is ProblemState.TAKEN_DOWN]
        assert all(db.session.get(ContentItem, item).status is ContentStatus.TAKEN_DOWN
                   for item in taken)
