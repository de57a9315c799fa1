"""The demo's consultations: on the province and a commune, one draft open with
comments in every moderation state and one closed with its published outcome; seeded
once."""

from __future__ import annotations

from sqlalchemy import select

from hub.consultations.models import Comment, ConsultationOutcome
from hub.content.models import Consultation
from hub.demo.consultations import seed_demo_consultations
from hub.demo.seed import seed_demo
from hub.extensions import db
from tenants.context import unscoped
from tenants.models import Tenant
from tests.factories import host_client

BASE = "langson.localhost"


def test_the_demo_has_open_and_closed_consultations_on_the_province_and_a_commune(app):
    with app.app_context():
        seed_demo()
        db.session.commit()
        seeded = seed_demo_consultations(app, BASE)
    assert seeded.count == 4
    with app.app_context(), unscoped():
        drafts = db.session.execute(select(Tenant.slug, Consultation).join(
            Tenant, Tenant.id == Consultation.tenant_id)).all()
        by_site: dict[str, list[Consultation]] = {}
        for slug, draft in drafts:
            by_site.setdefault(slug, []).append(draft)
        assert set(by_site) == {"langson", "xathongnhat.langson"}
        for slug, site_drafts in by_site.items():
            states = {}
            for draft in site_drafts:
                states[draft.title] = (
                    {c.state.value for c in db.session.scalars(select(Comment).where(
                        Comment.consultation_id == draft.id))},
                    db.session.scalar(select(ConsultationOutcome.published_at).where(
                        ConsultationOutcome.consultation_id == draft.id)) is not None)
            assert sorted(states.values(), key=str) == sorted([
                ({"pending", "published", "hidden"}, False),
                ({"published", "hidden"}, True)], key=str), slug
    with app.app_context():
        assert seed_demo_consultations(app, BASE).count == 0  # once
    client = host_client(app, "xathongnhat.langson.localhost")
    listing = client.get("/du-thao")
    assert listing.status_code == 200 and "Quy ước thôn Bản Pát" in listing.text
    outcome = client.get("/du-thao?trang-thai=da-co-ket-qua").text
    assert "chỉnh trang đường làng" in outcome
    with app.app_context(), unscoped():
        slug = db.session.scalar(select(Consultation.slug).where(
            Consultation.title.contains("chỉnh trang")))
    page = client.get(f"/du-thao/{slug}")
    assert "Hiệp hội Doanh nghiệp tỉnh" in page.text and "Tài khoản rác" not in page.text
    assert client.get(f"/du-thao/{slug}/tong-hop-y-kien.docx").status_code == 200
