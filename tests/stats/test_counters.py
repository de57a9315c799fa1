

def test_an_article_page_counts_for_the_item_and_the_home_shows_the_block(app, two_sites):
    """Real public pages: the article's views are counted (also when the page comes
    from the cache) and the home page carries the "thống kê truy cập" block."""
    from sqlalchemy import select

    from hub.accounts.models import User
    from hub.content.operations import create_item, transition
    from hub.extensions import db
    from hub.stats.models import PageViewCount
    from hub.stats.operations import flush_views
    from tenants.context import tenant_scope
    from tests.factories import create_user, host_client
    site = two_sites[0]
    create_user(app, "approver@sokhcn.gov.vn", roles={site: ["editor", "approver"]})
    with app.app_context(), tenant_scope(site.id):
        user = db.session.scalar(select(User).filter_by(email="approver@sokhcn.gov.vn"))
        item = create_item("article", {"title": "Hội nghị tổng kết năm 2026",
                                       "summary": "Tóm tắt", "body": "<p>Nội dung</p>"}, user)
        transition(item, "submit", user)
        transition(item, "approve", user)
        db.session.commit()
        item_id, slug = item.id, item.slug
    client = host_client(app, "sokhcn.langson.localhost")
    for _ in range(3):
        assert client.get(f"/tin-tuc/{slug}").status_code == 200
    home = client.get("/")
    assert 'class="visit-stats"' in home.text
    with app.app_context(), tenant_scope(site.id):
        flush_views()
        db.session.commit()
        views = db.session.scalar(select(PageViewCount.views).filter_by(item_id=item_id))
    assert views == 3
