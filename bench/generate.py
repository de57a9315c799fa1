"""A generated province for the benchmark: sites, hosts, categories, published news.

Everything is inserted with SQLAlchemy Core in large batches inside ``unscoped()``
(one statement per 20,000 rows: ``executemany`` on SQLite, multi-row VALUES on
PostgreSQL), so 700 sites and 100,000 articles take seconds and the whole country
(3,400 sites, 1,000,000 articles) a few minutes, not the hours the ORM and the workflow
would. On SQLite the build does without syncing to disk (``synchronous = OFF``: a
benchmark database that a crash leaves half-written is built again); on PostgreSQL it
runs as the tables' owner, the sequences moved past the explicit ids at the end.
Titles and bodies are Vietnamese, assembled from realistic parts, so page sizes look
like the real portal's; every article has its photograph (an image row of its own, with
its size, description, caption and credit), so lists, the home and the article print
their responsive pictures as the real portal does. The pages only name the renditions:
their files are not made here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select, text

from hub.content.models import Article, ContentItem, ContentType
from hub.content.models.types import ArticleKind
from hub.directory.models import Category
from hub.extensions import db
from hub.files.models import Attachment
from hub.workflow.states import ContentStatus
from tenants.context import unscoped
from tenants.models import Domain, Tenant, TenantKind, TenantStatus

BASE_DOMAIN = "langson.localhost"
# Raised whenever the generated content changes: databases kept from an older generator
# are built again (``bench.portal``).
GENERATOR_VERSION = 2
BATCH = 20_000

_SUBJECTS = ["Hội nghị", "Lễ khai mạc", "Đoàn công tác", "Ủy ban nhân dân", "Hội đồng nhân dân",
             "Sở Khoa học và Công nghệ", "Ban Chỉ đạo", "Đoàn thanh niên", "Hội Nông dân",
             "Trường Tiểu học", "Trạm Y tế", "Công an xã"]
_ACTIONS = ["triển khai", "tổng kết", "kiểm tra", "hướng dẫn", "tuyên truyền về",
            "đánh giá kết quả", "phát động", "tập huấn"]
_TOPICS = ["chuyển đổi số", "cải cách hành chính", "xây dựng nông thôn mới",
           "phòng chống thiên tai", "bảo vệ rừng", "an toàn giao thông",
           "phát triển du lịch cộng đồng", "giảm nghèo bền vững", "tiêm chủng mở rộng",
           "cấp căn cước công dân", "chương trình OCOP", "dịch vụ công trực tuyến"]
_SENTENCE = ("Sáng nay, {subject} đã {action} {topic} trên địa bàn với sự tham gia của "
             "đông đảo cán bộ, công chức và nhân dân. ")
_COMMUNES = ["Thống Nhất", "Hoàng Đồng", "Mai Pha", "Quảng Lạc", "Tân Thành", "Đồng Đăng",
             "Chi Lăng", "Hữu Lũng", "Bình Gia", "Văn Quan", "Tràng Định", "Cao Lộc",
             "Lộc Bình", "Đình Lập", "Bắc Sơn", "Văn Lãng", "Na Sầm", "Hữu Kiên"]


@dataclass(frozen=True)
class Generated:
    sites: int
    items: int
    hosts: list[str]
    articles: list[tuple[str, str]]  # (host, slug) of a sample of articles


def _title(rng: random.Random) -> str:
    return (f"{rng.choice(_SUBJECTS)} {rng.choice(_ACTIONS)} {rng.choice(_TOPICS)} "
            f"năm {rng.randint(2024, 2026)}")


def _body(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        sentences = "".join(_SENTENCE.format(subject=rng.choice(_SUBJECTS),
                                             action=rng.choice(_ACTIONS),
                                             topic=rng.choice(_TOPICS))
                            for _ in range(rng.randint(2, 4)))
        paragraphs.append(f"<p>{sentences.strip()}</p>")
    return "".join(paragraphs)


def generate(sites: int, items: int, seed: int = 2026) -> Generated:
    """Fill an empty, migrated database (inside an app context); returns what to load."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with unscoped():
        session = db.session
        if session.scalar(select(func.count()).select_from(Tenant)):
            raise SystemExit("the benchmark database is not empty")
        if session.get_bind().dialect.name == "sqlite":
            session.execute(text("PRAGMA synchronous = OFF"))
            session.execute(text("PRAGMA cache_size = -262144"))  # 256 MiB while building
        session.execute(insert(Tenant), [{
            "id": 1, "slug": "langson", "name": "Tỉnh Lạng Sơn", "kind": TenantKind.PROVINCE,
            "status": TenantStatus.ACTIVE, "path": "/1/", "settings": {
                "governing_agency": "Văn phòng UBND tỉnh Lạng Sơn",
                "phone": "0205 3812 345", "email": "congthongtindientu@langson.gov.vn",
                "address": "Số 2 Hoàng Văn Thụ, TP Lạng Sơn"}}])
        tenants, domains, hosts = [], [
            {"hostname": BASE_DOMAIN, "tenant_id": 1, "locale": "vi", "is_primary": True,
             "is_redirect": False}], [BASE_DOMAIN]
        for number in range(2, sites + 1):
            kind = "department" if number <= 25 else "commune"
            prefix = "so" if kind == "department" else "xa"
            slug = f"{prefix}{number}.langson"
            name = (f"Sở số {number}" if kind == "department"
                    else f"Xã {rng.choice(_COMMUNES)} {number}")
            tenants.append({"id": number, "slug": slug, "name": name,
                            "kind": TenantKind(kind), "status": TenantStatus.ACTIVE,
                            "parent_id": 1, "path": f"/1/{number}/", "settings": {}})
            host = f"{prefix}{number}.{BASE_DOMAIN}"
            domains.append({"hostname": host, "tenant_id": number, "locale": "vi",
                            "is_primary": True, "is_redirect": False})
            hosts.append(host)
        if tenants:
            session.execute(insert(Tenant), tenants)
        session.execute(insert(Domain), domains)
        categories = [{"id": tenant_id, "tenant_id": tenant_id, "locale": "vi",
                       "name": "Tin tức - Sự kiện", "slug": "tin-tuc-su-kien",
                       "position": 0} for tenant_id in range(1, sites + 1)]
        session.execute(insert(Category), categories)

        bodies = [_body(rng) for _ in range(200)]  # reused: generation stays fast
        sample: list[tuple[str, str]] = []
        base_rows, article_rows, image_rows = [], [], []
        for item_id in range(1, items + 1):
            tenant_id = (item_id - 1) % sites + 1
            slug = f"tin-{item_id}"
            published = now - timedelta(minutes=items - item_id)
            digest = f"{rng.getrandbits(256):064x}"
            image_rows.append({
                "id": item_id, "tenant_id": tenant_id, "filename": f"anh-{item_id}.jpg",
                "content_type": "image/jpeg", "size": 412_000, "sha256": digest,
                "storage_key": f"{digest[:2]}/{digest}", "width": 1600, "height": 1067,
                "alt_text": "Quang cảnh hội nghị", "created_at": published})
            base_rows.append({
                "id": item_id, "tenant_id": tenant_id, "type": ContentType.ARTICLE, "locale": "vi",
                "title": _title(rng), "slug": slug, "summary": _title(rng),
                "body": bodies[item_id % len(bodies)], "category_id": tenant_id,
                "author_byline": "Phòng Văn hóa - Thông tin", "source": "Báo Lạng Sơn",
                "featured": item_id % 50 == 0, "status": ContentStatus.PUBLISHED, "revision": 1,
                "lead_image_id": item_id, "lead_image_alt": "Quang cảnh hội nghị",
                "lead_image_caption": "Quang cảnh hội nghị", "lead_image_credit": "Báo Lạng Sơn",
                "created_at": published, "updated_at": published,
                "published_at": published})
            article_rows.append({"id": item_id, "tenant_id": tenant_id, "kind": ArticleKind.NEWS,
                                 "event_place": ""})
            if item_id > items - sites * 3:
                sample.append((hosts[tenant_id - 1], slug))
            if len(base_rows) >= BATCH:
                _flush(base_rows, article_rows, image_rows)
        _flush(base_rows, article_rows, image_rows)
        _reset_sequences()
        session.commit()
    return Generated(sites=sites, items=items, hosts=hosts, articles=sample)


def _flush(base_rows: list[dict], article_rows: list[dict], image_rows: list[dict]) -> None:
    if base_rows:
        db.session.execute(insert(Attachment.__table__), image_rows)
        image_rows.clear()
        db.session.execute(insert(ContentItem.__table__), base_rows)
        db.session.execute(insert(Article.__table__), article_rows)
        base_rows.clear()
        article_rows.clear()


def _reset_sequences() -> None:
    """PostgreSQL: explicit ids leave the sequences behind; move them past the rows."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("tenant", "domain", "category", "attachment", "content_item"):
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"))
