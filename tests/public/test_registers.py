"""The two registers of documents (003 Article 6.2.a and i): legal normative documents
(văn bản quy phạm pháp luật) and directive and administrative documents (văn bản chỉ
đạo, điều hành), each with its page, filters and feed; the former single register's
address leads to the one its filter meant."""

from __future__ import annotations

import pytest

from hub.content.models import LegalDocumentType, Register, register_of
from tests.public.conftest import A_HOST, client_for, publish, slug_of

NORMATIVE = "/van-ban-quy-pham-phap-luat"
DIRECTIVE = "/van-ban-chi-dao-dieu-hanh"

# (type, number, register): a decision or a resolution is normative when its number
# carries the year (Law on Promulgation of Legal Documents), individual otherwise.
CASES = [
    ("quyet_dinh", "40/2024/QĐ-UBND", Register.NORMATIVE),
    ("quyet_dinh", "1234/QĐ-UBND", Register.DIRECTIVE),
    ("nghi_quyet", "12/2025/NQ-HĐND", Register.NORMATIVE),
    ("nghi_quyet", "45/NQ-HĐND", Register.DIRECTIVE),
    ("luat", "80/2015/QH13", Register.NORMATIVE),
    ("thong_tu", "22/2023/TT-BTTTT", Register.NORMATIVE),
    ("chi_thi", "05/CT-UBND", Register.DIRECTIVE),
    ("cong_van", "3456/UBND-KT", Register.DIRECTIVE),
    ("thong_bao", "45/TB-UBND", Register.DIRECTIVE),
    ("ke_hoach", "125/KH-UBND", Register.DIRECTIVE),
    ("bao_cao", "300/BC-UBND", Register.DIRECTIVE),
]


@pytest.mark.parametrize("kind, number, register", CASES)
def test_the_register_follows_the_type_and_for_decisions_the_number(kind, number, register):
    assert register_of(LegalDocumentType(kind), number) is register


def _publish_all(app, sites) -> None:  # type: ignore[no-untyped-def]
    for index, (kind, number, _register) in enumerate(CASES):
        publish(app, sites["a"], "legal_document", document_type=kind, number=number,
                title=f"Văn bản mẫu số {index}")


def test_each_register_lists_its_own_documents_as_the_rule_says(app, sites):
    # The database applies the same rule as ``register_of`` (SQLite and PostgreSQL).
    _publish_all(app, sites)
    client = client_for(app, A_HOST)
    for path, register in ((NORMATIVE, Register.NORMATIVE), (DIRECTIVE, Register.DIRECTIVE)):
        page = client.get(path)
        assert page.status_code == 200
        for _kind, number, expected in CASES:
            assert (f">{number}</a>" in page.text) == (expected is register), (path, number)


def test_each_register_has_its_heading_filters_and_feed(app, sites):
    _publish_all(app, sites)
    client = client_for(app, A_HOST)
    normative, directive = client.get(NORMATIVE).text, client.get(DIRECTIVE).text
    assert normative.count("<h1>") == 1 and directive.count("<h1>") == 1
    assert normative.split("<h1>")[1].split("</h1>")[0] != \
        directive.split("<h1>")[1].split("</h1>")[0]
    assert 'name="hieu-luc"' in normative and 'name="hieu-luc"' not in directive
    assert f'action="{NORMATIVE}"' in normative and f'action="{DIRECTIVE}"' in directive
    # Announced in the head, linked from the list.
    for path, html in ((NORMATIVE, normative), (DIRECTIVE, directive)):
        assert ('<link rel="alternate" type="application/rss+xml"' in html
                and f'href="{path}/rss.xml"' in html)
        assert f'<a href="{path}/rss.xml" type="application/rss+xml">' in html
    # A type the register does not hold is refused, not silently empty.
    assert client.get(f"{DIRECTIVE}?loai=luat").status_code == 400
    assert client.get(f"{NORMATIVE}?loai=cong_van").status_code == 400
    # Decisions are in both: filtered by type, each register keeps its own.
    decisions = client.get(f"{DIRECTIVE}?loai=quyet_dinh").text
    assert "1234/QĐ-UBND" in decisions and "40/2024/QĐ-UBND" not in decisions


def test_each_register_has_a_feed_of_its_documents(app, sites):
    _publish_all(app, sites)
    client = client_for(app, A_HOST)
    normative = client.get(f"{NORMATIVE}/rss.xml")
    assert normative.status_code == 200
    assert normative.mimetype == "application/rss+xml"
    assert "Văn bản mẫu số 0" in normative.text and "Văn bản mẫu số 1<" not in normative.text
    directive = client.get(f"{DIRECTIVE}/rss.xml").text
    assert "Văn bản mẫu số 1<" in directive and "Văn bản mẫu số 0<" not in directive


@pytest.mark.parametrize("query, target", [
    ("", NORMATIVE),
    ("?nam=2024", f"{NORMATIVE}?nam=2024"),
    ("?loai=quyet_dinh&nam=2024", f"{NORMATIVE}?loai=quyet_dinh&nam=2024"),
    ("?loai=cong_van", f"{DIRECTIVE}?loai=cong_van"),
    ("?loai=thong_bao&co-quan=UBND", f"{DIRECTIVE}?loai=thong_bao&co-quan=UBND"),
])
def test_the_former_register_address_leads_to_the_register_meant(app, sites, query, target):
    response = client_for(app, A_HOST).get(f"/van-ban{query}")
    assert response.status_code == 301
    assert response.location == target


def test_a_document_page_is_where_it_was(app, sites):
    item_id = publish(app, sites["a"], "legal_document")
    slug = slug_of(app, sites["a"], item_id)
    assert client_for(app, A_HOST).get(f"/van-ban/{slug}").status_code == 200
