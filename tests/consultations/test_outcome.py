"""After closing, the agency responds to each published comment (tiếp thu, tiếp thu một
phần, không tiếp thu, with the explanation) and publishes the outcome: on the draft's
page, as a Word table in the agencies' layout and as CSV; commenters who left an email
are told."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from docx import Document
from sqlalchemy import select

from hub.accounts.models import User
from hub.consultations import operations
from hub.content.models import Consultation
from hub.core.mail import MailMessage
from hub.extensions import db
from tenants.context import tenant_scope, unscoped
from tests.consultations.conftest import PROVINCE_HOST, make_draft
from tests.consultations.helpers import comments, shown, slug_of
from tests.factories import csrf_from, host_client, login

WHILE_OPEN = datetime(2025, 2, 10, 3, 0, tzinfo=UTC)
SENT = [
    {"kind": "person", "name": "Nguyễn Văn An", "organisation": "",
     "email": "an.nguyen@example.vn", "clause": "Điều 5. Phân hạng chợ",
     "body": "Đề nghị bổ sung tiêu chí phân hạng chợ miền núi."},
    {"kind": "organisation", "name": "Lê Văn Cường",
     "organisation": "Hợp tác xã Thương mại Đồng Đăng", "email": "htx@example.vn",
     "clause": "", "body": "Đề nghị kéo dài thời gian chuyển đổi mô hình quản lý chợ."},
    {"kind": "person", "name": "Trần Thị Bình", "organisation": "", "email": "",
     "clause": "Điều 1. Phạm vi điều chỉnh", "body": "Nên làm rõ chợ tạm."},
    {"kind": "person", "name": "Kẻ Quảng Cáo", "organisation": "",
     "email": "spam@example.vn", "clause": "", "body": "Mua hàng giá rẻ tại đây."},
]


def _as(app, site, email: str):  # type: ignore[no-untyped-def]
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def closed(app, province, staff):  # type: ignore[no-untyped-def]
    """A closed draft with four comments received while it was open: three published,
    one hidden."""
    draft_id = make_draft(app, province, "bientap@langson.gov.vn",
                          approver="pheduyet@langson.gov.vn", title="Dự thảo Quy định chợ",
                          opens_on="2025-01-06", closes_on="2025-03-31")
    with app.test_request_context(base_url=f"http://{PROVINCE_HOST}/"), \
            tenant_scope(province.id):
        draft = db.session.get(Consultation, draft_id)
        approver = _as(app, province, "pheduyet@langson.gov.vn")
        received = [operations.receive_comment(draft, consent=True, now=WHILE_OPEN, **values)
                    for values in SENT]
        for comment in received[:3]:
            operations.moderate(comment, "publish", approver)
        operations.moderate(received[3], "hide", approver, reason="Quảng cáo")
        db.session.commit()
        ids = [comment.id for comment in received]
    return {"draft": draft_id, "slug": slug_of(app, draft_id), "comments": ids}


def staff_client(app, email: str):  # type: ignore[no-untyped-def]
    client = host_client(app, PROVINCE_HOST)
    assert login(client, email).status_code == 302
    return client


def respond(client, closed, comment_ids, response, explanation=""):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get(f"/quan-tri/du-thao/{closed['draft']}").data)
    return client.post(f"/quan-tri/du-thao/{closed['draft']}/tiep-thu", data={
        "csrf_token": token, "comment": [str(i) for i in comment_ids],
        "response": response, "explanation": explanation})


def publish(client, closed, summary=""):  # type: ignore[no-untyped-def]
    token = csrf_from(client.get(f"/quan-tri/du-thao/{closed['draft']}").data)
    return client.post(f"/quan-tri/du-thao/{closed['draft']}/ket-qua",
                       data={"csrf_token": token, "summary": summary})


def _respond_to_all(app, closed) -> None:  # type: ignore[no-untyped-def]
    editor = staff_client(app, "bientap@langson.gov.vn")
    first, second, third, _hidden = closed["comments"]
    assert respond(editor, closed, [first], "accepted").status_code == 303
    assert respond(editor, closed, [second, third], "partly_accepted",
                   "Tiếp thu về thời gian; chợ tạm đã có quy định riêng.").status_code == 303


def test_responses_and_the_outcome_follow_the_rules(app, closed):
    editor = staff_client(app, "bientap@langson.gov.vn")
    first, second, _third, hidden = closed["comments"]
    # Not accepted needs its explanation; a hidden comment gets no response.
    assert respond(editor, closed, [first], "not_accepted").status_code == 400
    assert respond(editor, closed, [hidden], "accepted").status_code == 400
    assert respond(editor, closed, [first], "maybe").status_code == 400
    assert respond(editor, closed, [99999], "accepted").status_code == 404
    assert respond(editor, closed, [first], "accepted").status_code == 303
    # Every published comment needs its response first; editors may not publish.
    approver = staff_client(app, "pheduyet@langson.gov.vn")
    assert publish(approver, closed).status_code == 409
    assert respond(editor, closed, [second, _third], "partly_accepted",
                   "Tiếp thu một phần.").status_code == 303
    assert publish(editor, closed).status_code == 403
    assert publish(approver, closed, "Cơ quan đã tiếp thu phần lớn ý kiến.").status_code == 303
    assert publish(approver, closed).status_code == 409  # once
    assert respond(editor, closed, [first], "accepted").status_code == 409  # frozen


def test_an_open_draft_gets_no_response_yet(app, province, staff):
    draft_id = make_draft(app, province, "bientap@langson.gov.vn",
                          approver="pheduyet@langson.gov.vn", opens_on="2026-01-05",
                          closes_on="2099-12-31")
    approver = staff_client(app, "pheduyet@langson.gov.vn")
    token = csrf_from(approver.get(f"/quan-tri/du-thao/{draft_id}").data)
    assert approver.post(f"/quan-tri/du-thao/{draft_id}/ket-qua",
                         data={"csrf_token": token}).status_code == 409


def test_the_published_outcome_is_on_the_page_and_commenters_are_told(app, closed):
    public = host_client(app, PROVINCE_HOST)
    assert public.get(f"/du-thao/{closed['slug']}/tong-hop-y-kien.docx").status_code == 404
    _respond_to_all(app, closed)
    approver = staff_client(app, "pheduyet@langson.gov.vn")
    assert publish(approver, closed, "Cơ quan đã tiếp thu phần lớn ý kiến.").status_code == 303
    page = public.get(f"/du-thao/{closed['slug']}").text
    with app.app_context(), unscoped():
        published_at = db.session.scalar(select(operations.ConsultationOutcome.published_at))
    assert "Hợp tác xã Thương mại Đồng Đăng" in page and "Nên làm rõ chợ tạm." in page
    assert "Mua hàng giá rẻ" not in page and "Kẻ Quảng Cáo" not in page
    assert "@example.vn" not in page and "Lê Văn Cường" not in page
    assert shown(app, "Partly accepted") in page
    assert "tong-hop-y-kien.docx" in page
    listing = public.get("/du-thao?trang-thai=da-co-ket-qua").text
    assert "Dự thảo Quy định chợ" in listing
    assert "Dự thảo Quy định chợ" not in public.get("/du-thao?trang-thai=da-ket-thuc").text
    assert published_at is not None
    with app.app_context(), unscoped():
        mails = db.session.scalars(select(MailMessage).order_by(MailMessage.id)).all()
        recipients = sorted(m.recipient for m in mails)
        body = mails[0].body
    # Those who left an email, each once: the hidden comment's sender too.
    assert recipients == ["an.nguyen@example.vn", "htx@example.vn", "spam@example.vn"]
    assert f"/du-thao/{closed['slug']}" in body


def test_the_word_table_has_the_agencies_layout_cell_by_cell(app, closed):
    _respond_to_all(app, closed)
    assert publish(staff_client(app, "pheduyet@langson.gov.vn"), closed).status_code == 303
    answer = host_client(app, PROVINCE_HOST).get(
        f"/du-thao/{closed['slug']}/tong-hop-y-kien.docx")
    assert answer.status_code == 200
    assert answer.mimetype == ("application/vnd.openxmlformats-officedocument."
                               "wordprocessingml.document")
    assert "attachment" in answer.headers["Content-Disposition"]
    document = Document(io.BytesIO(answer.data))
    masthead, table = document.tables
    assert masthead.rows[0].cells[0].text == "SỞ CÔNG THƯƠNG"
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Dự thảo Quy định chợ" in texts
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == [shown(app, text) for text in (
        "No.", "Article or clause", "Sent by", "Comment", "Response", "Explanation")]
    explanation = "Tiếp thu về thời gian; chợ tạm đã có quy định riêng."
    assert cells[1:] == [
        ["1", "Điều 5. Phân hạng chợ", "Nguyễn Văn An", SENT[0]["body"],
         shown(app, "Accepted"), ""],
        ["2", shown(app, "The draft as a whole"), "Hợp tác xã Thương mại Đồng Đăng",
         SENT[1]["body"], shown(app, "Partly accepted"), explanation],
        ["3", "Điều 1. Phạm vi điều chỉnh", "Trần Thị Bình", SENT[2]["body"],
         shown(app, "Partly accepted"), explanation],
    ]
    assert "@" not in "".join(sum(cells, []))


def test_the_csv_table_opens_in_excel_with_its_vietnamese(app, closed):
    _respond_to_all(app, closed)
    assert publish(staff_client(app, "pheduyet@langson.gov.vn"), closed).status_code == 303
    answer = host_client(app, PROVINCE_HOST).get(
        f"/du-thao/{closed['slug']}/tong-hop-y-kien.csv")
    assert answer.status_code == 200 and answer.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert len(rows) == 4 and rows[1][:3] == ["1", "Điều 5. Phân hạng chợ", "Nguyễn Văn An"]
    assert [row[2] for row in rows[1:]] == ["Nguyễn Văn An",
                                             "Hợp tác xã Thương mại Đồng Đăng",
                                             "Trần Thị Bình"]


def test_another_sites_host_has_no_outcome_of_this_draft(app, closed, commune):
    from tests.consultations.conftest import COMMUNE_HOST
    _respond_to_all(app, closed)
    assert publish(staff_client(app, "pheduyet@langson.gov.vn"), closed).status_code == 303
    other = host_client(app, COMMUNE_HOST)
    assert other.get(f"/du-thao/{closed['slug']}/tong-hop-y-kien.docx").status_code == 404
    assert other.get(f"/du-thao/{closed['slug']}/tong-hop-y-kien.csv").status_code == 404
    assert {c.state.value for c in comments(app)} == {"published", "hidden"}
