"""Bad input gets a clear message at its field and nothing is half-saved: dates of a
legal document that contradict each other, a number already used on the site, a link
that is not a web address, rich text carrying scripts, images without alt text."""

from __future__ import annotations

import unicodedata
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from hub.accounts.models import User
from hub.content.models import ContentItem, LegalDocument, Procedure
from hub.content.operations import create_item, save_item
from hub.directory.models import Category
from hub.extensions import db
from hub.files.models import Attachment
from hub.workflow.errors import ContentValidationError
from tests.factories import create_user
from tests.workflow.conftest import ARTICLE, LEGAL_DOCUMENT, acting, new_item

PROCEDURE = {
    "title": "Cấp giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
    "code": "1.004475.000.00.00.H34",
    "agency": "Sở Khoa học và Công nghệ",
    "national_portal_url": "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh"
                          "-chi-tiet.html?ma_thu_tuc=1.004475",
}


def _refused(content_type: str, data: dict, user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ContentValidationError) as invalid:
        create_item(content_type, data, user)
    assert invalid.value.http_status == 422
    return invalid.value.errors


def _count(model=ContentItem) -> int:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(func.count(model.id)))


def test_a_legal_document_takes_effect_on_or_after_its_issue_date(app, site, staff):
    with acting(app, site):
        errors = _refused("legal_document", {**LEGAL_DOCUMENT, "issued_on": "2024-10-15",
                                             "effective_on": "14/10/2024"}, staff["editor"])
        assert errors == {"effective_on": "Ngày có hiệu lực không được trước ngày ban hành."}
        errors = _refused("legal_document", {**LEGAL_DOCUMENT, "expires_on": "2024-10-25"},
                          staff["editor"])
        assert set(errors) == {"expires_on"}
        assert _count() == 0
        # The same day is fine: many documents take effect on signing.
        create_item("legal_document", {**LEGAL_DOCUMENT, "effective_on": "15/10/2024"},
                    staff["editor"])
        # A save that would break the rule is refused as well, and changes nothing.
        document = db.session.scalars(select(LegalDocument)).one()
        with pytest.raises(ContentValidationError):
            save_item(document, {"issued_on": "2024-10-20"}, staff["editor"], 1)
        assert document.revision == 1 and str(document.issued_on) == "2024-10-15"


def test_missing_and_malformed_fields_are_named_one_by_one(app, site, staff):
    with acting(app, site):
        errors = _refused("legal_document", {"title": "Chỉ thị", "document_type": "sac_lenh",
                                             "issued_on": "31/02/2024", "number": "abc"},
                          staff["editor"])
        assert set(errors) == {"document_type", "issued_on", "issuer", "number"}
        errors = _refused("legal_document", {**LEGAL_DOCUMENT, "number": "Quyết định"},
                          staff["editor"])
        assert set(errors) == {"number"}
        errors = _refused("article", {**ARTICLE, "title": "   "}, staff["editor"])
        assert errors == {"title": "Trường này là bắt buộc."}
        errors = _refused("article", {**ARTICLE, "kind": "event"}, staff["editor"])
        assert set(errors) == {"event_starts_at"}   # 8 working hours from the event
        errors = _refused("schedule_entry", {"title": "Họp giao ban", "day": "hôm nay"},
                          staff["editor"])
        assert set(errors) == {"leader", "day"}
        assert _count() == 0


def test_a_document_number_is_unique_in_its_site_however_it_is_typed(app, site,
                                                                      other_site, staff):
    with acting(app, site):
        first = create_item("legal_document", dict(LEGAL_DOCUMENT), staff["editor"])
        assert first.natural_key == "40/2024/qd-ubnd"
        for typed in ("40/2024/QĐ-UBND", "Số: 40 / 2024 / QĐ – UBND", "40/2024/qđ-ubnd"):
            errors = _refused("legal_document", {**LEGAL_DOCUMENT, "number": typed},
                              staff["editor"])
            assert errors == {"number": "Văn bản có số, ký hiệu 40/2024/QĐ-UBND "
                                        "đã có trên trang này."}
        other = create_item("legal_document", {**LEGAL_DOCUMENT, "number": "41/2024/QĐ-UBND"},
                            staff["editor"])
        with pytest.raises(ContentValidationError):
            save_item(other, {"number": "40/2024/QD-UBND"}, staff["editor"], 1)
        # Its English translation carries the same number.
        create_item("legal_document", {**LEGAL_DOCUMENT, "locale": "en",
                                       "translation_of_id": first.id}, staff["editor"])
        db.session.commit()
    # Another site publishes the same province decision under the same number.
    create_user(app, "editor@xathongnhat.gov.vn", {other_site: "editor"})
    with acting(app, other_site):
        user = db.session.scalars(select(User).filter_by(
            email="editor@xathongnhat.gov.vn")).one()
        document = create_item("legal_document", dict(LEGAL_DOCUMENT), user)
        assert document.number == "40/2024/QĐ-UBND"


def test_a_procedure_code_is_unique_and_its_portal_link_is_a_web_address(app, site, staff):
    with acting(app, site):
        create_item("procedure", dict(PROCEDURE), staff["editor"])
        errors = _refused("procedure", {**PROCEDURE, "title": "Thủ tục trùng mã"},
                          staff["editor"])
        assert set(errors) == {"code"}
        for link in ("javascript:alert(1)", "dichvucong.gov.vn", "ftp://dichvucong.gov.vn",
                     "https://", "https://dich vu cong.gov.vn"):
            errors = _refused("procedure", {**PROCEDURE, "code": "2.000001",
                                            "national_portal_url": link}, staff["editor"])
            assert set(errors) == {"national_portal_url"}, link
        assert _count(Procedure) == 1


def test_a_category_of_another_site_is_refused(app, site, other_site, staff):
    with acting(app, other_site):
        foreign = Category(name="Tin xã", slug="tin-xa")
        db.session.add(foreign)
        db.session.commit()
        foreign_id = foreign.id
    with acting(app, site):
        errors = _refused("article", {**ARTICLE, "category_id": foreign_id},
                          staff["editor"])
        assert errors == {"category_id": "Chọn một chuyên mục của trang này."}


def test_images_need_alternative_text(app, site, staff):
    """WCAG 1.1.1: alt text is required for images, in the text and as attachments."""
    with acting(app, site):
        photo = Attachment(filename="hoi-nghi.jpg", content_type="image/jpeg", size=1000,
                           sha256="a" * 64, storage_key="a/hoi-nghi.jpg", alt_text="")
        db.session.add(photo)
        db.session.flush()
        errors = _refused("article", {**ARTICLE, "body": '<p><img src="/tep/1/a.jpg"></p>'},
                          staff["editor"])
        assert set(errors) == {"body"}
        errors = _refused("article", {**ARTICLE, "attachments": [
            {"attachment_id": photo.id, "role": "image"}]}, staff["editor"])
        assert set(errors) == {"attachments"}
        photo.alt_text = "Quang cảnh hội nghị"
        item = create_item("article", {**ARTICLE, "attachments": [
            {"attachment_id": photo.id, "role": "image"}]}, staff["editor"])
        assert [(a.attachment_id, a.role) for a in item.attachments] == [(photo.id, "image")]


def test_text_is_stored_in_nfc_and_titles_stay_plain_text(app, site, staff):
    with acting(app, site):
        typed = unicodedata.normalize("NFD", "Lạng Sơn")   # a decomposing input method
        item = new_item(staff["editor"], title=typed + " <script>x</script>")
        assert item.title == "Lạng Sơn <script>x</script>"   # escaped when shown
        assert unicodedata.is_normalized("NFC", item.title)
        assert item.slug == "lang-son-script-x-script"


# --- rich text: scripts and event handlers never survive ----------------------------

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror=alert(1) alt="x">',
    '<img src="javascript:alert(1)" alt="x">',
    '<a href="javascript:alert(1)">bấm vào đây</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "<body onload=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="alert(1)">x</div>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
    '<form action="https://evil.example"><input name=q></form>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "<details open ontoggle=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<p>ok</p><!--<img src=x onerror=alert(1)>-->",
    '<p title="&quot; onmouseover=alert(1) x=&quot;">x</p>',
]

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "style", "form",
                  "input", "base", "meta", "details", "body", "link"}


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            cleaned = "".join((value or "").split()).lower()
            if name in ("href", "src") and cleaned.startswith(("javascript:", "data:")):
                self.problems.append(f"{tag}[{name}={value}]")

    handle_startendtag = handle_starttag


def _problems(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_rich_text_is_sanitised_against_known_xss_payloads(app, site, staff):
    unsafe: dict[str, list[str]] = {}
    with acting(app, site):
        for number, payload in enumerate(XSS_PAYLOADS):
            body = f"<p>Đoạn {number}</p>{payload}"
            article = create_item("article", {**ARTICLE, "title": f"Bài {number}",
                                              "body": body}, staff["editor"])
            procedure = create_item("procedure", {**PROCEDURE, "code": f"9.{number}",
                                                  "steps": payload, "dossier": payload},
                                    staff["editor"])
            assert article.body.startswith(f"<p>Đoạn {number}</p>")  # the text is kept
            created = article.body
            saved = save_item(article, {"summary": "x", "body": payload + body},
                              staff["editor"], 1)
            for html in (created, procedure.steps, procedure.dossier, saved.body):
                if _problems(html):
                    unsafe[payload] = _problems(html)
    assert unsafe == {}
