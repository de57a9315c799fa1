"""What each kind of demo site publishes: the province's decisions and its chairman's
schedule, a department's own decisions, plans and science news, a commune's notices
and local news.

Titles are written as Vietnamese editors write them: sentence case, proper nouns
capitalised. Every site's documents carry its own numbers and issuer, so a search over
the demo finds each document once; the one exception is deliberate: the department
reposts the province's decision on its portal (same number and issuer, the issuer
written "UBND tỉnh Lạng Sơn"), as departments do with the rules they carry out. Each site has one document with a PDF file
(``hub.demo.pdfs``). The data is illustrative.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenants.models import TenantKind


@dataclass(frozen=True)
class Profile:
    articles: tuple[dict[str, str], ...]     # news; the first is featured
    notice: dict[str, str]                   # the article of the "Thông báo" category
    documents: tuple[dict[str, str], ...]    # the first gets the PDF file
    procedure: dict[str, str]
    schedule: tuple[tuple[int, str, str], ...]   # (weekday, leader, title)
    people: tuple[tuple[str, str, bool], ...]    # (name, title, is leader)
    unit: str                                # the people's unit in the directory
    disclosure: str
    introduction: str
    author: str
    source: str


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


# The province's regulation of its portal: normative (its number has the year).
PROVINCE_DECISION = {
    "title": "Quyết định ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử "
             "tỉnh Lạng Sơn",
    "summary": "Ban hành Quy chế quản lý, vận hành và cung cấp thông tin trên Cổng thông "
               "tin điện tử tỉnh Lạng Sơn.",
    "number": "40/2024/QĐ-UBND", "document_type": "quyet_dinh",
    "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn", "signer": "Hồ Tiến Thiệu",
    "issued_on": "2024-10-15", "effective_on": "2024-10-25",
    "field": "Thông tin và truyền thông"}


def province(name: str) -> Profile:
    issuer = f"Ủy ban nhân dân {name}"
    return Profile(
        articles=(
            {"title": "Lạng Sơn triển khai kế hoạch chuyển đổi số năm 2026",
             "summary": "Tỉnh đặt mục tiêu 100% hồ sơ thủ tục hành chính được tiếp nhận "
                        "trực tuyến.",
             "body": "<p>Ủy ban nhân dân tỉnh Lạng Sơn ban hành Kế hoạch chuyển đổi số "
                     "năm 2026.</p><h2>Mục tiêu</h2><p>Hoàn thiện hạ tầng số.</p>"
                     "<ul><li>Chính quyền số</li><li>Kinh tế số</li></ul>"},
            {"title": "Hội nghị tổng kết công tác năm 2026 của Ủy ban nhân dân tỉnh",
             "summary": "Sáng 20/11, Ủy ban nhân dân tỉnh tổ chức hội nghị đánh giá kết "
                        "quả thực hiện nhiệm vụ năm 2026.",
             "body": "<p>Hội nghị đánh giá kết quả năm 2026.</p><h2>Nhiệm vụ năm 2027"
                     "</h2><p>Đề ra nhiệm vụ năm 2027.</p>"},
            {"title": "Chủ tịch Ủy ban nhân dân tỉnh làm việc tại Khu kinh tế cửa khẩu "
                      "Đồng Đăng – Lạng Sơn",
             "summary": "Kiểm tra tiến độ các dự án hạ tầng cửa khẩu.",
             "body": "<p>Đoàn công tác kiểm tra tiến độ các dự án hạ tầng.</p>"},
        ),
        notice={"title": "Thông báo lịch tiếp công dân tháng 12 năm 2026 của Chủ tịch "
                         "Ủy ban nhân dân tỉnh",
                "body": "<p>Lịch tiếp công dân định kỳ tại Trụ sở tiếp công dân tỉnh.</p>"},
        documents=(
            PROVINCE_DECISION,
            {"title": "Nghị quyết quy định mức chi hỗ trợ chuyển đổi số trên địa bàn "
                      "tỉnh Lạng Sơn",
             "number": "12/2025/NQ-HĐND", "document_type": "nghi_quyet",
             "issuer": "Hội đồng nhân dân tỉnh Lạng Sơn", "signer": "Đoàn Thị Hậu",
             "issued_on": "2025-07-10", "effective_on": "2025-07-20",
             "field": "Tài chính"},
            {"title": "Kế hoạch chuyển đổi số tỉnh Lạng Sơn năm 2026",
             "number": "125/KH-UBND", "document_type": "ke_hoach", "issuer": issuer,
             "signer": "Đoàn Thu Hà", "issued_on": "2026-01-15",
             "field": "Thông tin và truyền thông"},
            {"title": "Quyết định công nhận xã Thống Nhất đạt chuẩn nông thôn mới năm 2026",
             "number": "1234/QĐ-UBND", "document_type": "quyet_dinh", "issuer": issuer,
             "signer": "Hồ Tiến Thiệu", "issued_on": "2026-06-05",
             "field": "Nông nghiệp"},
            {"title": "Công văn về việc tăng cường công tác phòng, chống rét cho cây trồng, "
                      "vật nuôi",
             "number": "3456/UBND-KT", "document_type": "cong_van", "issuer": issuer,
             "signer": "Đoàn Thu Hà", "issued_on": "2026-11-20", "field": "Nông nghiệp"},
        ),
        procedure={"title": "Cấp Quyết định chủ trương đầu tư dự án", "code": "1.009645",
                   "field": "Đầu tư tại Việt Nam", "agency": "Sở Tài chính tỉnh Lạng Sơn",
                   "legal_basis": "<p>Luật Đầu tư năm 2020.</p>"},
        schedule=((0, "Chủ tịch UBND tỉnh Hồ Tiến Thiệu",
                   "Họp Ủy ban nhân dân tỉnh thường kỳ tháng 12"),
                  (2, "Phó Chủ tịch UBND tỉnh Đoàn Thu Hà",
                   "Kiểm tra tiến độ dự án đường cao tốc Đồng Đăng – Trà Lĩnh")),
        people=(("Hồ Tiến Thiệu", "Chủ tịch Ủy ban nhân dân tỉnh", True),
                ("Đoàn Thu Hà", "Phó Chủ tịch Ủy ban nhân dân tỉnh", True),
                ("Lương Văn Minh", "Chánh Văn phòng Ủy ban nhân dân tỉnh", False)),
        unit=issuer, disclosure="Công khai dự toán ngân sách tỉnh Lạng Sơn năm 2026",
        introduction="<p>Lạng Sơn là tỉnh miền núi biên giới phía Đông Bắc của Tổ quốc.</p>",
        author="Nguyễn Thị Hoa", source="Văn phòng Ủy ban nhân dân tỉnh")


def department(name: str) -> Profile:
    return Profile(
        articles=(
            {"title": "Sở Khoa học và Công nghệ tổ chức hội thảo ứng dụng trí tuệ nhân tạo "
                      "trong quản lý nhà nước",
             "summary": "Hơn 100 đại biểu các sở, ngành tham dự hội thảo.",
             "body": "<p>Hội thảo giới thiệu các ứng dụng trí tuệ nhân tạo.</p>"},
            {"title": "Lạng Sơn có thêm 12 sản phẩm được cấp văn bằng bảo hộ sở hữu trí tuệ",
             "summary": "Các nhãn hiệu chứng nhận hồi, na, thạch đen được bảo hộ.",
             "body": "<p>Cục Sở hữu trí tuệ cấp văn bằng bảo hộ cho 12 sản phẩm.</p>"},
            {"title": "Nghiệm thu đề tài nghiên cứu nhân giống cây hồi Lạng Sơn",
             "summary": "Hội đồng khoa học đánh giá đề tài đạt loại khá.",
             "body": "<p>Đề tài do Trung tâm Ứng dụng khoa học và công nghệ thực hiện.</p>"},
        ),
        notice={"title": "Thông báo tuyển chọn tổ chức, cá nhân chủ trì nhiệm vụ khoa học "
                         "và công nghệ năm 2027",
                "body": "<p>Hồ sơ nộp tại Phòng Quản lý khoa học trước ngày 31/12.</p>"},
        documents=(
            {"title": "Quyết định ban hành Kế hoạch kiểm tra đo lường, chất lượng sản phẩm, "
                      "hàng hóa năm 2026",
             "number": "58/QĐ-SKHCN", "document_type": "quyet_dinh", "issuer": name,
             "signer": "Hoàng Văn Nam", "issued_on": "2026-02-10",
             "field": "Tiêu chuẩn đo lường chất lượng"},
            {"title": "Kế hoạch tổ chức Ngày hội khởi nghiệp đổi mới sáng tạo tỉnh Lạng Sơn "
                      "năm 2026",
             "number": "12/KH-SKHCN", "document_type": "ke_hoach", "issuer": name,
             "signer": "Nông Thị Lan", "issued_on": "2026-03-02",
             "field": "Khoa học và công nghệ"},
            # Reposted on purpose: the department publishes the province's rule it
            # carries out, under the province's number, the issuer written short as
            # departments type it (one document all the same: ``collapse.issuer_key``).
            {**PROVINCE_DECISION, "issuer": "UBND tỉnh Lạng Sơn"},
        ),
        procedure={"title": "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
                   "code": "1.003548", "field": "Hoạt động khoa học và công nghệ",
                   "agency": name,
                   "legal_basis": "<p>Luật Khoa học và Công nghệ năm 2013.</p>"},
        schedule=((0, "Giám đốc Sở Hoàng Văn Nam", "Giao ban công tác tuần của Sở"),
                  (3, "Phó Giám đốc Sở Nông Thị Lan",
                   "Làm việc với Trung tâm Ứng dụng khoa học và công nghệ")),
        people=(("Hoàng Văn Nam", "Giám đốc Sở", True),
                ("Nông Thị Lan", "Phó Giám đốc Sở", True),
                ("Chu Văn Tuấn", "Chánh Văn phòng Sở", False)),
        unit=name, disclosure=f"Công khai dự toán ngân sách năm 2026 của {name}",
        introduction=f"<p>{name} là cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh Lạng "
                     "Sơn.</p>",
        author="Lê Minh Đức", source="Văn phòng Sở")


def commune(name: str) -> Profile:
    issuer, title_name = f"Ủy ban nhân dân {name}", _capitalised(name)
    return Profile(
        articles=(
            {"title": f"{title_name} ra quân làm đường giao thông nông thôn",
             "summary": "Người dân góp công, góp đất làm 2 km đường bê tông.",
             "body": "<p>Các thôn đồng loạt ra quân làm đường.</p>"},
            {"title": f"Hội nghị tổng kết công tác năm 2026 của {issuer}",
             "summary": "Hội nghị đánh giá kết quả phát triển kinh tế – xã hội năm 2026.",
             "body": "<p>Hội nghị đánh giá kết quả năm 2026.</p>"},
            {"title": f"Nông dân {name} thu hoạch na đạt năng suất cao",
             "summary": "Giá na năm nay ổn định, người trồng có lãi.",
             "body": "<p>Diện tích na toàn xã đạt 150 ha.</p>"},
        ),
        notice={"title": f"Thông báo lịch tiếp công dân tháng 12 năm 2026 của {issuer}",
                "body": "<p>Chủ tịch Ủy ban nhân dân xã tiếp công dân vào thứ Năm hằng "
                        "tuần.</p>"},
        documents=(
            {"title": f"Thông báo lịch tiếp công dân của Chủ tịch {issuer} tháng 12 năm 2026",
             "number": "45/TB-UBND", "document_type": "thong_bao", "issuer": issuer,
             "signer": "Lý Văn Hải", "issued_on": "2026-11-25", "field": "Tiếp công dân"},
            {"title": "Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026",
             "number": "102/KH-UBND", "document_type": "ke_hoach", "issuer": issuer,
             "signer": "Hoàng Thị Mai", "issued_on": "2026-03-15",
             "field": "Phòng, chống thiên tai"},
        ),
        procedure={"title": "Đăng ký khai sinh", "code": "1.001193", "field": "Hộ tịch",
                   "agency": issuer, "legal_basis": "<p>Luật Hộ tịch năm 2014.</p>"},
        schedule=((0, "Chủ tịch UBND xã Lý Văn Hải", "Giao ban Ủy ban nhân dân xã"),
                  (3, "Phó Chủ tịch UBND xã Hoàng Thị Mai",
                   "Kiểm tra công trình đường giao thông thôn Nà Phước")),
        people=(("Lý Văn Hải", "Chủ tịch Ủy ban nhân dân xã", True),
                ("Hoàng Thị Mai", "Phó Chủ tịch Ủy ban nhân dân xã", True),
                ("Vi Thị Hồng", "Công chức Văn phòng – Thống kê", False)),
        unit=issuer, disclosure=f"Công khai dự toán ngân sách {name} năm 2026",
        introduction=f"<p>{title_name} thuộc tỉnh Lạng Sơn.</p>",
        author="Vi Thị Hồng", source=f"Ủy ban nhân dân {name}")


PROFILES = {TenantKind.PROVINCE: province, TenantKind.DEPARTMENT: department,
            TenantKind.COMMUNE: commune}


def profile_for(kind: Any, name: str) -> Profile:
    """The content of a demo site of ``kind`` named ``name`` ("xã Thống Nhất")."""
    return PROFILES.get(kind, commune)(name)
