"""Synthetic Vietnamese government content for the search benchmark.

Items read like a provincial portal's: news, legal documents with real-looking numbers
(``40/2024/QĐ-UBND``), administrative procedures, schedules and disclosures, spread
over a province -> departments / districts -> communes tree of 700+ sites. Word
frequencies follow real administrative text: a few syllables (``của``, ``và``,
``các``, ``xã``, ``tỉnh``, ``người``, ``năm``) occur in most items, phrases are drawn
with Zipf weights, so common queries hit hundreds of thousands of items — the case that
decides latency. Deterministic for a seed: the same run builds the same corpus.

As in a real province, a share of the legal documents are copies: a province or
department document reposted on 5–300 sites (the same number, issuer, text and file,
one ``copy_key``), generated together and marked group by group
(``search.collapse.marked``), so the stream never holds more than one group. A fifth of
the other items carry attached files' text (``files``), one to three pages.

Documents are ``search.types.SearchDocument``: the benchmark loads them straight into
the backend, without the database (1M items through the ORM would take hours).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from search.analysis import number_key
from search.collapse import copy_key_of, marked
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
# Copies: a group starts at this chance per step and holds round(5 * 60 ** (u ** 2))
# copies (5–300, 44 on average, most groups small): about 3,000 groups and 13 % of the
# items at 1,000,000. Their numbers (251–999) never meet a single document's (1–250).
GROUP_CHANCE = 0.0035
COPIES_MIN, COPIES_SPREAD = 5, 60
# Attached files: a fifth of the single items, and every copied document (its decision).
FILE_SHARE = 0.20
PAGE_CHARS = 2_500  # a page of an administrative PDF, as extracted text
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


@dataclass
class Tally:
    """What a corpus has generated so far, for the report."""
    items: int = 0
    groups: int = 0
    copies: int = 0
    with_files: int = 0
    file_chars: int = 0
    # (number, issuer's tenant id, copies) of the first copied documents, for queries.
    copied: list[tuple[str, int, int]] = field(default_factory=list)

    def count(self, doc: SearchDocument) -> None:
        self.items += 1
        if doc.files:
            self.with_files += 1
            self.file_chars += sum(len(text) for _name, text in doc.files)


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
        # Documents are copied from the province (most often) and its departments.
        self.issuers = [s for s in sites if s.kind in ("province", "department")]
        self.issuer_weights = list(itertools.accumulate(
            len(self.issuers) if s.kind == "province" else 1 for s in self.issuers))
        self.tally = Tally()

    def words(self, n: int) -> str:
        return " ".join(self.rng.choices(PHRASES, cum_weights=_WEIGHTS, k=n))

    def sentence(self, site: Site) -> str:
        rng = self.rng
        commune = rng.choice(NAME_A) + " " + rng.choice(NAME_B)
        return (f"{self.words(rng.randint(4, 9))} của xã {commune}, tỉnh {PROVINCE} "
                f"{self.words(rng.randint(3, 8))} năm {rng.randint(2019, 2026)}; "
                f"{self.words(rng.randint(3, 7))} {site.unit}.")

    def page(self, site: Site) -> str:
        """About ``PAGE_CHARS`` characters of an attached document's text."""
        sentences: list[str] = []
        length = 0
        while length < PAGE_CHARS:
            sentences.append(self.sentence(site))
            length += len(sentences[-1]) + 1
        return " ".join(sentences)

    def attachments(self, site: Site, stem: str) -> tuple[tuple[str, str], ...]:
        """One or two files holding one to three pages of text in all."""
        rng = self.rng
        pages = rng.randint(1, 3)
        first = rng.randint(1, pages) if pages > 1 and rng.random() < 0.3 else pages
        split = [first, pages - first] if first < pages else [pages]
        return tuple((f"{stem}-{n}.pdf" if n else f"{stem}.pdf",
                      "\n".join(self.page(site) for _ in range(count)))
                     for n, count in enumerate(split))

    def item(self, item_id: int, site: Site | None = None, kind: str = "",
             numbers: tuple[int, int] = (1, 250)) -> SearchDocument:
        rng = self.rng
        site = site or rng.choices(self.sites, cum_weights=self.site_weights)[0]
        kind = kind or rng.choices(TYPES, cum_weights=self.type_weights)[0][0]
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
            number = f"{rng.randint(*numbers)}/{published.year}/{code}-{agency}"
            issuer, field = site.unit, rng.choice(FIELDS)
            title = f"{number} {title}" if rng.random() < 0.2 else title
        elif kind == "procedure":
            number, field = f"1.{rng.randint(1000, 13999):06d}", rng.choice(FIELDS)
        files = self.attachments(site, f"tai-lieu-{item_id}") \
            if rng.random() < FILE_SHARE else ()
        return SearchDocument(
            item_id=item_id, tenant_id=site.tenant_id, tenant_path=site.path,
            site_name=site.name, site_host=site.host,
            url=f"http://{site.host}/bai-viet/{item_id}", type=kind,
            locale="en" if english else "vi", title=title, summary=summary, body_text=body,
            published_at=published, category=rng.choice(FIELDS), document_type=document_type,
            issuer=issuer, field=field, document_number=number,
            number_key=number_key(number) if number else "", files=files)

    def copies(self, first_id: int, room: int) -> list[SearchDocument]:
        """A province or department document and its reposts on other sites (at most
        ``room`` in all): the same number, issuer, text and file, one ``copy_key``, the
        reposts published up to a month after the original."""
        rng = self.rng
        issuer = rng.choices(self.issuers, cum_weights=self.issuer_weights)[0]
        wanted = round(COPIES_MIN * COPIES_SPREAD ** (rng.random() ** 2))
        count = min(room, wanted)
        original = self.item(first_id, site=issuer, kind="legal_document",
                             numbers=(251, 999))
        number = original.document_number
        original = replace(
            original, files=original.files or self.attachments(issuer, number_key(number)),
            copy_key=copy_key_of("legal_document", original.locale, number,
                                 original.issuer))
        reposters = rng.sample([s for s in self.sites if s is not issuer], count - 1)
        group = [original]
        for n, site in enumerate(reposters, start=1):
            item_id = first_id + n
            group.append(replace(
                original, item_id=item_id, tenant_id=site.tenant_id,
                tenant_path=site.path, site_name=site.name, site_host=site.host,
                url=f"http://{site.host}/bai-viet/{item_id}",
                published_at=original.published_at
                + timedelta(minutes=rng.randint(60, 30 * 24 * 60))))
        self.tally.groups += 1
        self.tally.copies += count
        if len(self.tally.copied) < 1_000:
            self.tally.copied.append((number, issuer.tenant_id, count))
        return group

    def documents(self, count: int, first_id: int = 1) -> Iterator[SearchDocument]:
        """``count`` items, ids from ``first_id``, copies and their ``heads`` marked."""
        item_id, end = first_id, first_id + count
        while item_id < end:
            if self.rng.random() < GROUP_CHANCE:
                group = self.copies(item_id, end - item_id)
            else:
                group = [self.item(item_id)]
            for doc in marked(group):
                self.tally.count(doc)
                yield doc
            item_id += len(group)

    def query_words(self, max_words: int = 4) -> str:
        """A 1-4 word query drawn like citizens type: common phrases most often."""
        text = self.words(self.rng.randint(1, max_words))
        return " ".join(text.split()[:max_words])
