"""Demo questions (Hỏi – Đáp): citizens' questions in every state on the province, a
department and a commune, brought there through the real steps of
``hub.questions.operations`` by the demo's staff.

On each of the three sites: one question just received (new), one classified whose
clock runs (one overdue, one due soon across the sites), one with a progress notice
and a promised date, one whose answer waits for approval, one answered, one answered
and published (the public texts redacted as staff would), one closed without
publishing, and one refused as out of scope. The province forwards one question to the
Department of Science and Technology, which answers and publishes it. A petition and
questions received by post and by telephone, entered by staff, complete the set.

Reception days lie in the past (``receive(received_at=...)``: the clock starts then);
every later step happens now, as when staff catch up on a backlog, so some answers are
late. The people and their questions are illustrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import Flask
from sqlalchemy import select

from hub.accounts.models import User
from hub.core.clock import aware, local_day, site_timezone, utcnow
from hub.extensions import db
from hub.intake.personal import REDACTED
from hub.questions import codes, deadlines, operations
from hub.questions.models import AnswerLevel, Channel, Question, QuestionState
from tenants.context import tenant_scope, unscoped
from tenants.models import Domain, Tenant

S = QuestionState
_MARKED_SENTENCE = re.compile(rf"[^.?!]*{re.escape(REDACTED)}[^.?!]*[.?!]?\s*")


@dataclass(frozen=True)
class Ask:
    """One citizen's question and the state the demo brings it to."""

    state: S
    days_ago: int
    name: str
    field: str
    title: str
    body: str
    email: str = ""
    phone: str = ""
    kind: str = "question"
    channel: Channel = Channel.WEB
    level: AnswerLevel = AnswerLevel.OWN
    answer: str = ""      # the answer (review and later), or the refusal's reason
    note: str = ""        # the progress notice


@dataclass(frozen=True)
class Staff:
    """Who works on a site's questions: an editor drafts, an approver signs."""

    label: str            # the site's label under the base domain ("" for the province)
    editor: str
    approver: str
    signer_name: str
    signer_title: str


@dataclass
class DemoQuestions:
    """What was seeded: tracking codes worth trying, by host."""

    count: int = 0
    tries: list[tuple[str, str, str]] = field(default_factory=list)  # host, code, what

    def lines(self, port: int | None = 8000) -> list[str]:
        if not self.count:
            return []
        lines = [f"Questions (Hỏi – Đáp): {self.count} in every state on the province, "
                 "sokhcn and xathongnhat. Try a tracking code:"]
        for host, code, what in self.tries:
            local = host.endswith(".localhost") or host == "localhost"
            url = f"http://{host}{f':{port}' if local and port else ''}/hoi-dap/tra-cuu"
            lines.append(f"  {url:<50} {code}  ({what})")
        return lines


PROVINCE = Staff("", "admin@langson.gov.vn", "admin@langson.gov.vn", "Đoàn Thu Hà",
                 "Phó Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn")
DEPARTMENT = Staff("sokhcn", "capnhat.sokhcn@langson.gov.vn",
                   "kiemduyet.sokhcn@langson.gov.vn", "Hoàng Văn Phong",
                   "Giám đốc Sở Khoa học và Công nghệ")
COMMUNE = Staff("xathongnhat", "capnhat.xathongnhat@langson.gov.vn",
                "quantri.xathongnhat@langson.gov.vn", "Lục Văn Tuấn",
                "Chủ tịch Ủy ban nhân dân xã Thống Nhất")

_CONTACT = ("Mọi thắc mắc xin liên hệ Bộ phận Một cửa qua số điện thoại 0205 3812 345 "
            "trong giờ hành chính.")

ASKS: dict[str, tuple[Ask, ...]] = {
    PROVINCE.label: (
        Ask(S.NEW, 0, "Hoàng Thị Mai", "education",
            "Chế độ miễn học phí cho con hộ nghèo",
            "Con tôi đang học lớp 10 tại trường trung học phổ thông công lập, gia đình "
            "thuộc hộ nghèo năm 2026. Xin hỏi cháu có được miễn học phí không và cần "
            "nộp những giấy tờ gì, nộp ở đâu?", email="mai.hoang@example.vn"),
        Ask(S.CLASSIFIED, 25, "Vi Văn Hùng", "construction",
            "Thời hạn cấp giấy phép xây dựng nhà ở riêng lẻ",
            "Tôi nộp hồ sơ xin giấy phép xây dựng nhà ở riêng lẻ tại phường Đông Kinh "
            "đã hơn 20 ngày mà chưa có kết quả. Xin hỏi thời hạn giải quyết theo quy "
            "định là bao nhiêu ngày?", phone="0915 222 333", channel=Channel.PHONE),
        Ask(S.PROGRESS, 6, "Công ty TNHH Thương mại Đồng Đăng", "business",
            "Ưu đãi đầu tư tại Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn",
            "Công ty dự kiến đầu tư kho ngoại quan tại Khu kinh tế cửa khẩu. Đề nghị cho "
            "biết các ưu đãi về thuế thu nhập doanh nghiệp, tiền thuê đất và thủ tục "
            "chấp thuận chủ trương đầu tư.", email="dautu@dongdang-trading.example.vn",
            level=AnswerLevel.SPECIAL,
            note="Câu hỏi cần ý kiến của Sở Tài chính và Ban Quản lý Khu kinh tế cửa khẩu; "
                 "chúng tôi sẽ trả lời trong thời hạn đã hẹn."),
        Ask(S.REVIEW, 5, "Lý Thị Hạnh", "labour",
            "Điều kiện hưởng trợ cấp thất nghiệp",
            "Tôi làm việc tại một doanh nghiệp trong khu công nghiệp được 3 năm, đóng bảo "
            "hiểm thất nghiệp đầy đủ và vừa nghỉ việc. Xin hỏi tôi có được hưởng trợ cấp "
            "thất nghiệp không, hồ sơ nộp ở đâu?", email="hanh.ly@example.vn",
            answer="<p>Theo Điều 61 Luật Việc làm, người lao động đã đóng bảo hiểm thất "
                   "nghiệp từ đủ 12 tháng trở lên trong 24 tháng trước khi chấm dứt hợp "
                   "đồng lao động được hưởng trợ cấp thất nghiệp.</p><p>Bà nộp hồ sơ tại "
                   "Trung tâm Dịch vụ việc làm tỉnh trong 03 tháng kể từ ngày chấm dứt hợp "
                   "đồng.</p>"),
        Ask(S.ANSWERED, 10, "Nông Văn Toàn", "business",
            "Đăng ký hộ kinh doanh qua mạng",
            "Tôi muốn mở cửa hàng tạp hóa. Xin hỏi có thể đăng ký hộ kinh doanh trực "
            "tuyến không và lệ phí là bao nhiêu?", email="toan.nong@example.vn",
            answer="<p>Ông có thể đăng ký hộ kinh doanh trực tuyến trên Cổng Dịch vụ công "
                   "quốc gia. Lệ phí đăng ký hộ kinh doanh do Hội đồng nhân dân tỉnh quy "
                   "định; nộp hồ sơ trực tuyến được giảm 50 % lệ phí.</p>"),
        Ask(S.PUBLISHED, 14, "Nguyễn Văn Bình", "land",
            "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất lần đầu",
            "Gia đình tôi sử dụng đất ở ổn định từ năm 1995, không có tranh chấp nhưng "
            "chưa được cấp giấy chứng nhận. Xin hỏi hồ sơ đề nghị cấp giấy chứng nhận "
            "lần đầu gồm những giấy tờ gì? Điện thoại của tôi: 0912 345 678.",
            email="binh.nguyen@example.vn", phone="0912 345 678",
            answer="<p>Theo Luật Đất đai năm 2024 và Nghị định số 101/2024/NĐ-CP, hồ sơ "
                   "gồm:</p><ul><li>Đơn đăng ký đất đai, tài sản gắn liền với đất (Mẫu số "
                   "04/ĐK);</li><li>Giấy tờ về quyền sử dụng đất (nếu có);</li><li>Chứng "
                   "từ thực hiện nghĩa vụ tài chính (nếu có).</li></ul><p>Ông nộp hồ sơ tại "
                   f"Bộ phận Một cửa của Ủy ban nhân dân xã nơi có đất. {_CONTACT}</p>"),
        Ask(S.CLOSED, 18, "Đinh Thị Lan", "other",
            "Giờ làm việc của Trung tâm Phục vụ hành chính công tỉnh",
            "Xin hỏi Trung tâm Phục vụ hành chính công tỉnh có làm việc sáng thứ Bảy "
            "không?", email="lan.dinh@example.vn",
            answer="<p>Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ từ thứ Hai "
                   "đến thứ Sáu và sáng thứ Bảy, từ 7 giờ 30 đến 11 giờ 30.</p>"),
        Ask(S.REFUSED, 3, "Hà Văn Sơn", "land",
            "Khiếu nại quyết định thu hồi đất",
            "Tôi không đồng ý với quyết định thu hồi đất và mức bồi thường đối với thửa "
            "đất của gia đình. Đề nghị tỉnh xem xét lại quyết định.",
            email="son.ha@example.vn",
            answer="Nội dung ông gửi là khiếu nại đối với quyết định hành chính, được giải "
                   "quyết theo Luật Khiếu nại, không thuộc phạm vi hỏi đáp trên Cổng thông "
                   "tin. Đề nghị ông gửi đơn khiếu nại đến Ủy ban nhân dân đã ban hành "
                   "quyết định thu hồi đất hoặc Ban Tiếp công dân tỉnh, số 2 đường Hoàng "
                   "Văn Thụ."),
    ),
    DEPARTMENT.label: (
        Ask(S.NEW, 1, "Chu Văn Đức", "science",
            "Kiểm định cân điện tử tại chợ",
            "Tôi kinh doanh tại chợ Đông Kinh, dùng cân điện tử. Xin hỏi cân có phải kiểm "
            "định định kỳ không, bao lâu một lần và chi phí thế nào?"),
        Ask(S.CLASSIFIED, 4, "Trường Cao đẳng Nghề Lạng Sơn", "science",
            "Đăng ký kết quả nhiệm vụ khoa học và công nghệ cấp cơ sở",
            "Nhà trường vừa nghiệm thu hai đề tài cấp cơ sở sử dụng ngân sách nhà nước. "
            "Đề nghị hướng dẫn thủ tục đăng ký kết quả và thời hạn phải đăng ký.",
            email="phongkhoahoc@cdn-langson.example.vn"),
        Ask(S.PROGRESS, 5, "Hợp tác xã Chè Tân Tiến", "agriculture",
            "Hỗ trợ chuyển đổi số cho hợp tác xã",
            "Hợp tác xã muốn xây dựng hệ thống truy xuất nguồn gốc sản phẩm chè. Xin hỏi "
            "có chương trình nào hỗ trợ kinh phí và điều kiện tham gia?",
            email="htxchetantien@example.vn", level=AnswerLevel.INTERAGENCY,
            note="Sở đang phối hợp với Sở Nông nghiệp và Môi trường để rà soát các chương "
                 "trình hỗ trợ năm 2026."),
        Ask(S.REVIEW, 7, "Phòng khám đa khoa Hữu Nghị", "health",
            "Giấy phép tiến hành công việc bức xạ cho máy X-quang",
            "Phòng khám mới lắp đặt máy X-quang chẩn đoán. Xin hỏi hồ sơ cấp giấy phép "
            "tiến hành công việc bức xạ nộp ở đâu, thời hạn giải quyết bao lâu?",
            email="phongkham.huunghi@example.vn",
            answer="<p>Hồ sơ cấp giấy phép sử dụng thiết bị X-quang chẩn đoán trong y tế "
                   "nộp tại Sở Khoa học và Công nghệ theo Nghị định số 142/2020/NĐ-CP. "
                   "Thời hạn giải quyết là 15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp "
                   "lệ.</p>"),
        Ask(S.ANSWERED, 9, "Công ty Cổ phần Thực phẩm Xứ Lạng", "science",
            "Công bố hợp chuẩn sản phẩm",
            "Công ty sản xuất bánh khảo, muốn công bố hợp chuẩn để đưa vào siêu thị. Xin "
            "hướng dẫn trình tự thực hiện.", email="info@thucphamxulang.example.vn",
            answer="<p>Doanh nghiệp đánh giá sự phù hợp với tiêu chuẩn (tự đánh giá hoặc "
                   "qua tổ chức chứng nhận), rồi đăng ký bản công bố hợp chuẩn tại Sở Khoa "
                   "học và Công nghệ theo Thông tư số 28/2012/TT-BKHCN.</p>"),
        Ask(S.PUBLISHED, 12, "Lương Thị Thu", "science",
            "Hỗ trợ kinh phí đăng ký bảo hộ sáng chế",
            "Tôi là giáo viên, có một giải pháp hữu ích về dụng cụ dạy học. Xin hỏi tỉnh "
            "có hỗ trợ kinh phí đăng ký bảo hộ không? Email của tôi thu.luong@example.vn.",
            email="thu.luong@example.vn",
            answer="<p>Tỉnh hỗ trợ kinh phí đăng ký bảo hộ sáng chế, giải pháp hữu ích "
                   "theo Chương trình phát triển tài sản trí tuệ. Hồ sơ gồm đơn đề nghị hỗ "
                   "trợ và văn bản chấp nhận đơn hợp lệ của Cục Sở hữu trí tuệ.</p>"),
        Ask(S.CLOSED, 20, "Mã Văn Quý", "science",
            "Địa chỉ tiếp nhận hồ sơ của Sở",
            "Xin hỏi Sở Khoa học và Công nghệ tiếp nhận hồ sơ tại địa chỉ nào?",
            channel=Channel.POST,
            answer="<p>Sở tiếp nhận hồ sơ tại Trung tâm Phục vụ hành chính công tỉnh và "
                   "trực tuyến trên Cổng Dịch vụ công quốc gia.</p>"),
        Ask(S.REFUSED, 2, "Triệu Văn Lâm", "land",
            "Tranh chấp ranh giới đất với nhà bên cạnh",
            "Nhà bên cạnh xây tường lấn sang đất của tôi khoảng nửa mét. Đề nghị Sở giải "
            "quyết.", email="lam.trieu@example.vn",
            answer="Tranh chấp đất đai không thuộc thẩm quyền của Sở Khoa học và Công nghệ. "
                   "Theo Luật Đất đai, ông gửi đơn đề nghị hòa giải đến Ủy ban nhân dân xã, "
                   "phường nơi có đất."),
        Ask(S.CLASSIFIED, 15, "Tổ dân phố 3, phường Tam Thanh", "information",
            "Kiến nghị về kiểm tra chất lượng xăng dầu tại các cửa hàng",
            "Nhiều người dân phản ánh xăng bán tại một số cửa hàng trên đường Bà Triệu có "
            "dấu hiệu kém chất lượng. Kiến nghị Sở kiểm tra đo lường, chất lượng.",
            kind="petition", channel=Channel.POST),
    ),
    COMMUNE.label: (
        Ask(S.NEW, 2, "Dương Thị Nga", "justice",
            "Đăng ký khai sinh quá hạn",
            "Con tôi sinh năm 2019 nhưng chưa làm giấy khai sinh. Xin hỏi bây giờ đăng ký "
            "khai sinh cần giấy tờ gì?", phone="0978 456 123", channel=Channel.PHONE),
        Ask(S.CLASSIFIED, 22, "Hoàng Văn Khánh", "construction",
            "Hỗ trợ làm nhà cho hộ nghèo",
            "Nhà tôi là nhà tạm, đã xuống cấp. Gia đình thuộc hộ nghèo. Xin hỏi có được hỗ "
            "trợ làm nhà theo chương trình xóa nhà tạm không?", email="khanh.hv@example.vn"),
        Ask(S.PROGRESS, 4, "Lăng Văn Thành", "land",
            "Đính chính tên trên giấy chứng nhận quyền sử dụng đất",
            "Giấy chứng nhận của gia đình tôi ghi sai tên đệm của vợ tôi. Xin hỏi thủ tục "
            "đính chính thế nào?", email="thanh.lang@example.vn",
            note="Hồ sơ cần xác minh với Văn phòng đăng ký đất đai; xã sẽ trả lời trong "
                 "thời hạn đã hẹn."),
        Ask(S.REVIEW, 3, "Vy Thị Hoa", "health",
            "Lịch tiêm chủng mở rộng tại Trạm Y tế xã",
            "Xin hỏi Trạm Y tế xã tiêm chủng mở rộng cho trẻ vào những ngày nào trong "
            "tháng?", email="hoa.vy@example.vn",
            answer="<p>Trạm Y tế xã tổ chức tiêm chủng mở rộng vào ngày 15 và 25 hằng "
                   "tháng; nếu trùng ngày nghỉ, lịch được thông báo trên loa truyền thanh "
                   "của xã.</p>"),
        Ask(S.ANSWERED, 8, "Nông Thị Bích", "justice",
            "Chứng thực bản sao từ bản chính",
            "Xin hỏi chứng thực bản sao giấy tờ tại xã mất bao nhiêu tiền một trang?",
            email="bich.nong@example.vn",
            answer="<p>Lệ phí chứng thực bản sao từ bản chính là 2.000 đồng/trang; từ "
                   "trang thứ ba trở đi 1.000 đồng/trang (Thông tư số 226/2016/TT-BTC).</p>"),
        Ask(S.PUBLISHED, 11, "Hà Thị Minh", "education",
            "Hồ sơ nhập học lớp 1 năm học 2026-2027",
            "Con tôi năm nay vào lớp 1. Xin hỏi hồ sơ nhập học gồm những gì và nộp khi "
            "nào?", email="minh.ha@example.vn",
            answer="<p>Hồ sơ gồm đơn xin nhập học và bản sao giấy khai sinh. Nhà trường "
                   "tiếp nhận hồ sơ từ ngày 01/7 đến ngày 15/7; phụ huynh có thể đăng ký "
                   "tuyển sinh trực tuyến.</p>"),
        Ask(S.CLOSED, 16, "Lộc Văn Hải", "environment",
            "Lịch thu gom rác thải ở thôn Bản Pò",
            "Xin hỏi xe thu gom rác đến thôn Bản Pò vào những ngày nào?",
            email="hai.loc@example.vn",
            answer="<p>Xe thu gom rác thải đến thôn Bản Pò vào sáng thứ Ba và thứ Sáu hằng "
                   "tuần.</p>"),
        Ask(S.REFUSED, 1, "Người dân thôn Nà Lầm", "other",
            "Tố cáo cán bộ thôn",
            "Tôi tố cáo trưởng thôn thu tiền của người dân không đúng quy định.",
            answer="Nội dung tố cáo được giải quyết theo Luật Tố cáo, không thuộc phạm vi "
                   "hỏi đáp. Đề nghị ông, bà gửi đơn tố cáo có ghi rõ họ tên, địa chỉ đến "
                   "Ủy ban nhân dân xã hoặc gặp trực tiếp tại buổi tiếp công dân."),
        Ask(S.CLASSIFIED, 6, "Nhân dân thôn Khòn Pát", "transport",
            "Kiến nghị sửa chữa đường liên thôn bị sạt lở",
            "Sau mưa lớn, đoạn đường liên thôn Khòn Pát - Nà Lầm bị sạt lở khoảng 30 mét, "
            "xe máy đi lại nguy hiểm. Kiến nghị xã sớm khắc phục.",
            email="thonkhonpat@example.vn", kind="petition"),
    ),
}

# Asked on the province, forwarded to the department, answered and published there.
FORWARDED = Ask(
    S.PUBLISHED, 9, "Trần Quốc Việt", "science",
    "Hỗ trợ doanh nghiệp khởi nghiệp đổi mới sáng tạo",
    "Tôi đang thành lập doanh nghiệp khởi nghiệp về nông nghiệp công nghệ cao. Xin hỏi "
    "tỉnh có chính sách hỗ trợ ươm tạo, tư vấn sở hữu trí tuệ cho doanh nghiệp khởi "
    "nghiệp không?", email="viet.tran@example.vn", level=AnswerLevel.INTERAGENCY,
    answer="<p>Theo Đề án hỗ trợ hệ sinh thái khởi nghiệp đổi mới sáng tạo của tỉnh, doanh "
           "nghiệp khởi nghiệp được hỗ trợ ươm tạo, tư vấn sở hữu trí tuệ và kết nối đầu "
           "tư. Ông liên hệ Trung tâm Ứng dụng và Thống kê khoa học, Sở Khoa học và Công "
           "nghệ, số điện thoại 0205 3870 123.</p>")
FORWARD_NOTE = ("Chuyển Sở Khoa học và Công nghệ trả lời theo chức năng quản lý nhà nước "
                "về khởi nghiệp đổi mới sáng tạo.")


def _received_at(days_ago: int) -> datetime:
    """09:30 (Viet Nam) ``days_ago`` days before today, never in the future."""
    day = local_day(utcnow()) - timedelta(days=days_ago)
    moment = datetime.combine(day, time(9, 30), tzinfo=site_timezone())
    return min(moment, utcnow() - timedelta(minutes=10))


def _promised_on(question: Question) -> date:
    """The latest day the law allows (15 working days from the clock's start)."""
    return max(local_day(deadlines.legal_maximum(aware(question.clock_starts_at))),
               local_day(utcnow()))


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _receive(ask: Ask, staff: Staff) -> Question:
    entered_by = _user(staff.editor) if ask.channel is not Channel.WEB else None
    return operations.receive(
        name=ask.name, email=ask.email, phone=ask.phone, field=ask.field, title=ask.title,
        body=ask.body, kind=ask.kind, channel=ask.channel,
        received_at=_received_at(ask.days_ago), entered_by=entered_by)


def _answer(question: Question, ask: Ask, staff: Staff) -> Question:
    """From the unit's reception to ``ask.state``, each step by whom it belongs to."""
    editor, approver = _user(staff.editor), _user(staff.approver)
    if ask.state is S.NEW:
        return question
    if ask.state is S.REFUSED:
        return operations.refuse(question, reason=ask.answer, actor=editor)
    operations.classify(question, field=ask.field, level=ask.level, actor=editor)
    if ask.state is S.CLASSIFIED:
        return question
    if ask.state is S.PROGRESS:
        return operations.progress_notice(question, promised_on=_promised_on(question),
                                          note=ask.note, actor=editor)
    operations.save_draft(question, answer=ask.answer, signer_name=staff.signer_name,
                          signer_title=staff.signer_title, actor=editor, submit=True)
    if ask.state is S.REVIEW:
        return question
    operations.send_answer(question, actor=approver)
    if ask.state is S.PUBLISHED:
        operations.publish(question, **_redacted(operations.public_preview(question)),
                           actor=approver)
    elif ask.state is S.CLOSED:
        operations.close(question, actor=approver)
    return question


def _redacted(preview: dict[str, str]) -> dict[str, str]:
    """The preview as staff finish it: a sentence left with only a redaction mark
    ("Điện thoại của tôi: [***].") says nothing to readers and goes."""
    return {key: _MARKED_SENTENCE.sub("", text).strip() if key == "public_body" else text
            for key, text in preview.items()}


def _site(host: str) -> Tenant | None:
    with unscoped():
        return db.session.scalar(select(Tenant).join(Domain).where(Domain.hostname == host))


def seed_demo_questions(app: Flask, base_domain: str) -> DemoQuestions:
    """Receive and work the demo questions on an already seeded demo province.

    Does nothing when the province already has questions. Commits site by site."""
    out = DemoQuestions()
    province = _site(base_domain)
    if province is None:
        return out
    with unscoped():
        if db.session.scalar(select(Question.id).where(
                Question.tenant_id == province.id).limit(1)) is not None:
            return out
    for staff in (PROVINCE, DEPARTMENT, COMMUNE):
        host = f"{staff.label}.{base_domain}" if staff.label else base_domain
        site = _site(host)
        if site is None:
            continue
        with app.test_request_context("/", base_url=f"http://{host}/"), \
                tenant_scope(site.id):
            for ask in ASKS[staff.label]:
                question = _answer(_receive(ask, staff), ask, staff)
                out.count += 1
                if staff is PROVINCE and ask.state is S.PUBLISHED:
                    out.tries.append((host, codes.display(question.code or ""),
                                      "answered and published"))
            db.session.commit()
    department = _site(f"{DEPARTMENT.label}.{base_domain}")
    if department is not None:
        out.tries.append(_forwarded(app, base_domain, province, department))
        out.count += 1
    return out


def _forwarded(app: Flask, base_domain: str, province: Tenant,
               department: Tenant) -> tuple[str, str, str]:
    """The province forwards a question; the department answers and publishes it."""
    with app.test_request_context("/", base_url=f"http://{base_domain}/"), \
            tenant_scope(province.id):
        asked = _receive(FORWARDED, PROVINCE)
        received = operations.forward(asked, to_tenant_id=department.id,
                                      actor=_user(PROVINCE.editor), note=FORWARD_NOTE)
        code, received_id = codes.display(asked.code or ""), received.id
        db.session.commit()
    host = f"{DEPARTMENT.label}.{base_domain}"
    with app.test_request_context("/", base_url=f"http://{host}/"), \
            tenant_scope(department.id):
        _answer(db.session.get(Question, received_id), FORWARDED, DEPARTMENT)
        db.session.commit()
    return base_domain, code, "forwarded to Sở KH&CN, answered there"
