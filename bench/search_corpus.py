"""Synthetic Vietnamese government content for the search benchmark.

Items read like a provincial portal's: news, legal documents with real-looking numbers
(``40/2024/QĐ-UBND``), administrative procedures, schedules and disclosures, spread
over a province -> departments / districts -> communes tree of 700+ sites. Word
frequencies follow real administrative text: a few syllables (``của``, ``và``,
``các``, ``xã``, ``tỉnh``, ``người``, ``năm``) occur in most items, phrases are drawn
with Zipf weights, so common queries hit hundreds of thousands of items — the case that
decides latency. Deterministic for a seed: the same run builds the same corpus.

Documents are ``search.types.SearchDocument``: the benchmark loads them straight into
the backend, without the database (1M items through the ORM would take hours).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from search.analysis import number_key
from search.types import SearchDocument

PROVINCE = "Lạng Sơn"
DISTRICTS = ("Cao Lộc", "Đình Lập", "Lộc Bình", "Văn Lãng", "Tràng Định", "Bình Gia",
             "Bắc Sơn", "Hữu Lũng", "Chi Lăng", "Văn Quan", "Đồng Đăng")
DEPARTMENTS = ("Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo",
               "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Nội vụ",
               "Sở Tư pháp", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch",
               "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh", "Ban Quản lý Khu kinh tế cửa khẩu",
               "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Văn phòng UBND tỉnh")
# Commune name syllables: combined into ~900 distinct names.
NAME_A = ("Tân", "Hòa", "Bình", "Thống", "Song", "Hồng", "Đồng", "Quang", "Minh", "Hữu",
          "Xuân", "Yên", "Gia", "Thạch", "Tri", "Khánh", "Chiến", "Đại", "Vân", "Nhất",
          "Bắc", "Nam", "Phú", "Trùng", "Hoàng", "Kim", "Mai", "Ngọc", "Tú", "Cường")
NAME_B = ("Thắng", "Giáp", "Nhất", "Phong", "Lộc", "Thịnh", "Tiến", "Sơn", "Lập", "Đạo",
          "An", "Hưng", "Khê", "Mỹ", "Lợi", "Liên", "Thành", "Trung", "Việt", "Đức",
          "Quán", "Xá", "Hà", "Long", "Lâm", "Đông", "Tây", "Bằng", "Sinh", "Vinh")

# Phrases by rank (most common first); drawn with Zipf weights.
PHRASES = (
    "của", "và", "các", "xã", "tỉnh", "người", "năm", "được", "trong", "theo", "cho", "với",
    "về", "là", "có", "những", "đã", "này", "để", "tại", "từ", "đến", "trên", "một", "số",
    "ngày", "nhân dân", "Ủy ban nhân dân", "huyện", "thực hiện", "kế hoạch", "triển khai",
    "cán bộ", "công chức", "tổ chức", "kinh tế - xã hội", "hộ gia đình", "nhiệm vụ",
    "đồng chí", "Chủ tịch", "hội nghị", "kết quả", "báo cáo", "đầu tư", "dự án",
    "công trình", "thủ tục hành chính", "đất đai", "bồi thường", "giải phóng mặt bằng",
    "xây dựng nông thôn mới", "cải cách hành chính", "chuyển đổi số", "dịch vụ công trực tuyến",
    "an toàn giao thông", "phòng chống thiên tai", "giảm nghèo bền vững", "đường giao thông",
    "bảo hiểm xã hội", "giáo dục", "y tế", "du lịch", "biên giới", "cửa khẩu", "nông nghiệp",
    "trồng rừng", "văn hóa", "thể thao", "Đảng bộ", "đoàn thanh niên", "hội nông dân",
    "Mặt trận Tổ quốc", "kiểm tra", "giám sát", "tuyên truyền", "hướng dẫn", "chỉ đạo",
    "giải pháp", "ngân sách", "doanh nghiệp", "Phó Chủ tịch", "Bí thư", "viên chức",
    "quy hoạch", "tái định cư", "hỗ trợ", "chính sách", "người có công", "đồng bào dân tộc",
    "thiểu số", "vùng sâu", "vùng xa", "nước sạch", "điện lưới", "trường học", "trạm y tế",
    "phòng cháy chữa cháy", "môi trường", "khoáng sản", "lâm nghiệp", "chăn nuôi",
    "hồ sơ", "giấy chứng nhận", "quyền sử dụng đất", "đăng ký", "cấp phép", "lệ phí",
    "một cửa", "liên thông", "tiếp công dân", "khiếu nại", "tố cáo", "phổ biến pháp luật",
    "hòa giải", "hộ tịch", "khai sinh", "kết hôn", "chứng thực", "thanh tra", "quản lý",
)
TITLE_HEADS = ("Hội nghị", "Triển khai", "Kế hoạch", "Tăng cường", "Kiểm tra", "Tổng kết",
               "Hướng dẫn", "Thông báo", "Đẩy mạnh", "Phát động", "Tuyên truyền", "Sơ kết")
DOC_TYPES = (("quyet_dinh", "QĐ"), ("nghi_quyet", "NQ"), ("chi_thi", "CT"),
             ("ke_hoach", "KH"), ("thong_bao", "TB"), ("cong_van", "CV"))
FIELDS = ("Đất đai", "Xây dựng", "Giao thông", "Giáo dục", "Y tế", "Tư pháp", "Nội vụ",
          "Tài chính", "Nông nghiệp", "Văn hóa", "Du lịch", "Môi trường", "Hộ tịch")
TYPES = (("article", 50), ("legal_document", 15), ("procedure", 15), ("disclosure", 10),
         ("schedule", 5), ("page", 5))
ENGLISH = ("the", "province", "people", "of", "and", "investment", "tourism", "border",
           "gate", "trade", "development", "plan", "committee", "district", "commune",
           "culture", "agriculture", "forest", "road", "project", "meeting", "report")
_WEIGHTS = list(itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(PHRASES))))


@dataclass(frozen=True)
class Site:
    tenant_id: int
    name: str
    slug: str
    kind: str
    path: str            # "/1/12/140/"
    unit: str            # "UBND xã Tân Thắng": the issuer of its documents

    @property
    def host(self) -> str:
        return f"{self.slug}.langson.localhost" if self.slug else "langson.localhost"


def _slug(name: str) -> str:
    from hub.core.text import fold_vietnamese
    return "".join(ch for ch in fold_vietnamese(name) if ch.isalnum())


def build_sites(count: int = 720) -> list[Site]:
    """The province, its departments and districts, then communes until ``count``."""
    sites = [Site(1, f"Cổng thông tin điện tử tỉnh {PROVINCE}", "", "province", "/1/",
                  f"UBND tỉnh {PROVINCE}")]
    for name in DEPARTMENTS:
        sites.append(Site(len(sites) + 1, name, _slug(name), "department",
                          f"/1/{len(sites) + 1}/", name))
    districts = []
    for name in DISTRICTS:
        site = Site(len(sites) + 1, f"Huyện {name}", _slug(name), "district",
                    f"/1/{len(sites) + 1}/", f"UBND huyện {name}")
        sites.append(site)
        districts.append(site)
    names = [f"{a} {b}" for a, b in itertools.product(NAME_A, NAME_B) if a != b]
    for i, name in enumerate(names):
        if len(sites) >= count:
            break
        parent = districts[i % len(districts)]
        tid = len(sites) + 1
        sites.append(Site(tid, f"Xã {name}", f"xa{_slug(name)}.{parent.slug}", "commune",
                          f"{parent.path}{tid}/", f"UBND xã {name}"))
    return sites


class Corpus:
    """An endless, seeded stream of items; ``documents(n)`` takes the first ``n``."""

    def __init__(self, sites: list[Site], seed: int = 20261123) -> None:
        self.sites = sites
        self.rng = random.Random(seed)
        # Bigger sites publish more: the province and departments ~10x a commune.
        self.site_weights = list(itertools.accumulate(
            10 if s.kind in ("province", "department") else 4 if s.kind == "district" else 1
            for s in sites))
        self.type_weights = list(itertools.accumulate(w for _, w in TYPES))
        self.start = datetime(2019, 1, 1, tzinfo=UTC)

    def words(self, n: int) -> str:
        return " ".join(self.rng.choices(PHRASES, cum_weights=_WEIGHTS, k=n))

    def sentence(self, site: Site) -> str:
        rng = self.rng
        commune = rng.choice(NAME_A) + " " + rng.choice(NAME_B)
        return (f"{self.words(rng.randint(4, 9))} của xã {commune}, tỉnh {PROVINCE} "
                f"{self.words(rng.randint(3, 8))} năm {rng.randint(2019, 2026)}; "
                f"{self.words(rng.randint(3, 7))} {site.unit}.")

    def item(self, item_id: int) -> SearchDocument:
        rng = self.rng
        site = rng.choices(self.sites, cum_weights=self.site_weights)[0]
        kind = rng.choices(TYPES, cum_weights=self.type_weights)[0][0]
        published = self.start + timedelta(minutes=rng.randint(0, 8 * 365 * 24 * 60))
        english = rng.random() < 0.03 and site.kind == "province"
        number = document_type = issuer = field = ""
        if english:
            title = " ".join(rng.choices(ENGLISH, k=rng.randint(5, 9))).capitalize()
            summary = " ".join(rng.choices(ENGLISH, k=20))
            body = " ".join(rng.choices(ENGLISH, k=90))
        else:
            title = f"{rng.choice(TITLE_HEADS)} {self.words(rng.randint(4, 9))}"
            summary = self.sentence(site)
            body = " ".join(self.sentence(site) for _ in range(rng.randint(3, 7)))
        if kind == "legal_document":
            document_type, code = rng.choice(DOC_TYPES)
            agency = "HĐND" if code == "NQ" else "UBND"
            number = f"{rng.randint(1, 250)}/{published.year}/{code}-{agency}"
            issuer, field = site.unit, rng.choice(FIELDS)
            title = f"{number} {title}" if rng.random() < 0.2 else title
        elif kind == "procedure":
            number, field = f"1.{rng.randint(1000, 13999):06d}", rng.choice(FIELDS)
        return SearchDocument(
            item_id=item_id, tenant_id=site.tenant_id, tenant_path=site.path,
            site_name=site.name, site_host=site.host,
            url=f"http://{site.host}/bai-viet/{item_id}", type=kind,
            locale="en" if english else "vi", title=title, summary=summary, body_text=body,
            published_at=published, category=rng.choice(FIELDS), document_type=document_type,
            issuer=issuer, field=field, document_number=number,
            number_key=number_key(number) if number else "")

    def documents(self, count: int, first_id: int = 1) -> Iterator[SearchDocument]:
        for item_id in range(first_id, first_id + count):
            yield self.item(item_id)

    def query_words(self, max_words: int = 4) -> str:
        """A 1-4 word query drawn like citizens type: common phrases most often."""
        text = self.words(self.rng.randint(1, max_words))
        return " ".join(text.split()[:max_words])
