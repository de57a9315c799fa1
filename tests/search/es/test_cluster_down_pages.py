"""With the Elasticsearch backend and no cluster answering, citizens get a clear
"search is temporarily unavailable" — on the page and in the API — never a 500, and
staff keep publishing (the outbox keeps the change for later)."""

from __future__ import annotations

from search.backends.elasticsearch import ElasticsearchBackend
from search.service import set_backend
from tests.factories import host_client
from tests.search.es.fake_cluster import closed_port


def test_search_page_and_api_say_unavailable_when_the_cluster_is_down(app, province):
    url = f"http://127.0.0.1:{closed_port()}"
    app.config.update(SEARCH_BACKEND="elasticsearch", ELASTICSEARCH_URL=url)
    set_backend(app, ElasticsearchBackend(url, request_timeout=2, max_retries=0))
    try:
        client = host_client(app, "langson.localhost")
        page = client.get("/tim-kiem?q=đường")
        assert page.status_code == 503  # the search page, saying so; not an error page
        assert "<mark>" not in page.get_data(as_text=True)
        assert 'name="q"' in page.get_data(as_text=True)
        api = client.get("/api/v1/search?q=đường")
        assert api.status_code == 503
        assert api.is_json and "error" in api.get_json()
        suggest = client.get("/api/v1/search/suggest?q=đườ")
        assert suggest.status_code == 503 and suggest.is_json
    finally:
        set_backend(app, None)


def test_publishing_goes_on_and_the_outbox_keeps_the_change(app, province):
    from sqlalchemy import select

    from hub.accounts.models import User
    from hub.content import operations
    from hub.extensions import db
    from search import indexer
    from search.models import SearchOutbox
    from tenants.context import tenant_scope, unscoped
    from tests.factories import create_user

    url = f"http://127.0.0.1:{closed_port()}"
    down = ElasticsearchBackend(url, request_timeout=2, max_retries=0)
    set_backend(app, down)
    try:
        admin = create_user(app, "admin@langson.gov.vn", {province: "site_admin"}).id
        with app.app_context(), tenant_scope(province.id):
            user = db.session.get(User, admin)
            item = operations.create_item("article", {
                "title": "Khởi công đường giao thông", "kind": "news",
                "summary": "Tuyến đường mới.", "body": "<p>Đường dài 2 km.</p>"}, user)
            operations.transition(item, "submit", user)
            operations.transition(item, "approve", user)
            db.session.commit()
            item_id = item.id
        with app.app_context():
            indexer.drain(down)
            with unscoped():
                rows = db.session.scalars(
                    select(SearchOutbox).where(SearchOutbox.item_id == item_id)).all()
                assert rows and all(r.processed_at is None for r in rows)  # kept for later
                assert all(r.attempts >= 1 and "cannot be reached" in (r.last_error or "")
                           for r in rows)
            db.session.remove()
    finally:
        set_backend(app, None)
