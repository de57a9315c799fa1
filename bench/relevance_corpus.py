"""The judged corpus: items of the province, a department and a commune, each named by
its title, which ``bench/judged_queries.json`` refers to. The search tests create them
through the real workflow (``tests/search/corpus.py``); the benchmark scores the judged
queries over them without a database (``bench.search_relevance``). Plain data, so the
benchmark runs from the environment ``make run`` installs.

``ACROSS_SITES`` are the benchmark's alone (the behaviour suite's corpus has three sites
and no attached files): a decision reposted on many sites, one procedure published
under the same title by several sites, a decision found only by its file's text, and
an article for a misspelt word."""

from __future__ import annotations

from typing import Any

# (site key, type, data, publish?)
ITEMS: list[tuple[str, str, dict[str, Any], bool]] = [
    ("province", "legal_document", {
        "title": "Quyết định ban hành Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh",
        "number": "40/2024/QĐ-UBND", "document_type": "quyet_dinh",
        "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn", "issued_on": "2024-10-15",
        "field": "Thông tin và truyền thông",
        "summary": "Quy chế quản lý, vận hành Cổng thông tin điện tử tỉnh Lạng Sơn."}, True),
    ("province", "legal_document", {
        "title": "Quyết định quy định bảng giá đất giai đoạn 2025-2029 trên địa bàn tỉnh",
        "number": "15/2025/QĐ-UBND", "document_type": "quyet_dinh",
        "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn", "issued_on": "2025-01-10",
        "field": "Đất đai", "summary": "Bảng giá đất áp dụng từ ngày 01/01/2025."}, True),
    ("province", "legal_document", {
        "title": "Nghị quyết về phát triển kinh tế cửa khẩu năm 2024",
        "number": "41/2024/NQ-HĐND", "document_type": "nghi_quyet",
        "issuer": "Hội đồng nhân dân tỉnh Lạng Sơn", "issued_on": "2024-07-12",
        "field": "Kinh tế", "summary": "Phát triển kinh tế cửa khẩu Hữu Nghị, Tân Thanh."},
     True),
    ("province", "procedure", {
        "title": "Thủ tục đăng ký đất đai lần đầu",
        "code": "1.003003", "field": "Đất đai",
        "summary": "Thủ tục hành chính về đăng ký đất đai, tài sản gắn liền với đất.",
        "steps": "<p>Nộp hồ sơ tại Bộ phận một cửa.</p>"}, True),
    ("province", "procedure", {
        "title": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "code": "1.009994", "field": "Xây dựng",
        "summary": "Thủ tục hành chính cấp giấy phép xây dựng cho hộ gia đình."}, True),
    ("province", "article", {
        "title": "Công bố danh mục thủ tục hành chính mới trong lĩnh vực đất đai",
        "kind": "news", "summary": "Ủy ban nhân dân tỉnh công bố thủ tục hành chính mới.",
        "body": "<p>Danh mục gồm 12 thủ tục hành chính thuộc lĩnh vực đất đai.</p>"}, True),
    ("province", "article", {
        "title": "Khởi công Đường cao tốc Đồng Đăng - Trà Lĩnh",
        "kind": "news", "summary": "Tuyến đường dài 93 km nối Lạng Sơn với Cao Bằng.",
        "body": "<p>Dự án đường cao tốc có tổng vốn đầu tư hơn 14.000 tỷ đồng.</p>"}, True),
    ("province", "article", {
        "title": "Tăng cường phòng chống cháy rừng mùa khô",
        "kind": "news", "summary": "Các huyện chủ động phương án phòng cháy rừng.",
        "body": "<p>Kiểm lâm phối hợp với xã tuần tra bảo vệ rừng.</p>"}, True),
    ("province", "article", {
        "title": "Hội nghị xúc tiến đầu tư vào khu kinh tế cửa khẩu Đồng Đăng",
        "kind": "news", "summary": "Thu hút nhà đầu tư vào khu kinh tế cửa khẩu.",
        "body": "<p>Hội nghị có sự tham gia của 200 doanh nghiệp.</p>"}, True),
    ("province", "article", {
        "title": "Lạng Sơn attracts investment to the Dong Dang border economic zone",
        "kind": "news", "locale": "en",
        "summary": "Investors visit the border gate economic zone.",
        "body": "<p>Two hundred companies attended the investment conference.</p>"}, True),
    ("province", "article", {
        "title": "Dự thảo kế hoạch chưa công bố về thu tuc noi bo",
        "kind": "news", "summary": "Bản nháp không được công khai.",
        "body": "<p>Bí mật dự thảo.</p>"}, False),
    ("dept", "article", {
        "title": "Hội nghị triển khai nhiệm vụ khoa học và công nghệ năm 2027",
        "kind": "news", "summary": "Sở Khoa học và Công nghệ tổ chức hội nghị.",
        "body": "<p>Hội nghị đánh giá kết quả năm 2026, đề ra nhiệm vụ năm 2027.</p>"}, True),
    ("dept", "article", {
        "title": "Chuyển đổi số trong cơ quan nhà nước",
        "kind": "news", "summary": "Đẩy mạnh chuyển đổi số, dịch vụ công trực tuyến.",
        "body": "<p>Ứng dụng công nghệ thông tin trong giải quyết thủ tục.</p>"}, True),
    ("dept", "legal_document", {
        "title": "Kế hoạch ứng dụng công nghệ thông tin năm 2025",
        "number": "120/KH-SKHCN", "document_type": "ke_hoach",
        "issuer": "Sở Khoa học và Công nghệ", "issued_on": "2025-02-20",
        "field": "Khoa học công nghệ", "summary": "Kế hoạch chuyển đổi số của Sở."}, True),
    ("dept", "article", {
        "title": "Bản nháp sở chưa duyệt: sáng kiến bí mật cấp sở",
        "kind": "news", "summary": "Chưa duyệt.", "body": "<p>Sáng kiến bí mật.</p>"},
     False),
    ("commune", "article", {
        "title": "Xã Thống Nhất ra quân làm đường giao thông nông thôn",
        "kind": "news", "summary": "Nhân dân hiến đất làm đường liên thôn.",
        "body": "<p>Đường bê tông dài 2 km hoàn thành trong tháng.</p>"}, True),
    ("commune", "article", {
        "title": "Thu hoạch na Chi Lăng vụ mùa",
        "kind": "news", "summary": "Na Chi Lăng được mùa, được giá.",
        "body": "<p>Bà con phấn khởi thu hoạch na.</p>"}, True),
    ("commune", "article", {
        "title": "Tuyên truyền pháp luật về đất đai cho nhân dân",
        "kind": "news", "summary": "Phổ biến Luật Đất đai năm 2024.",
        "body": "<p>Hội nghị tuyên truyền thu hút 150 người dân.</p>"}, True),
    ("commune", "article", {
        "title": "Lịch tiếp công dân của Chủ tịch Ủy ban nhân dân xã",
        "kind": "news", "summary": "Tiếp công dân định kỳ ngày 15 hằng tháng.",
        "body": "<p>Địa điểm: trụ sở Ủy ban nhân dân xã.</p>"}, True),
    ("commune", "article", {
        "title": "Dương Văn A được khen thưởng",
        "kind": "news", "summary": "Khen thưởng gương người tốt việc tốt.",
        "body": "<p>Ông Dương Văn A nhặt được của rơi trả lại người mất.</p>"}, True),
    ("commune", "article", {
        "title": "Tin nội bộ chưa công bố của xã về nông thôn mới",
        "kind": "news", "summary": "Chưa công bố.", "body": "<p>Không công khai.</p>"},
     False),
]

# (site keys, type, data, attached files). The benchmark places "province", "dept",
# "district" and "commune" (a commune of that district) and, for a copied document,
# ``reposts`` more sites; copies share the number, issuer, text and file.
ACROSS_SITES: list[tuple[tuple[str, ...], str, dict[str, Any], tuple[tuple[str, str], ...]]] = [
    (("province", "district", "commune"), "legal_document", {
        "title": "Quyết định công bố danh mục thủ tục hành chính lĩnh vực hộ tịch",
        "number": "1852/QĐ-UBND", "document_type": "quyet_dinh",
        "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn", "issued_on": "2025-09-18",
        "field": "Tư pháp", "reposts": 37,
        "summary": "Danh mục thủ tục hành chính lĩnh vực hộ tịch thuộc thẩm quyền giải "
                   "quyết của Ủy ban nhân dân cấp xã."},
     (("1852-qd-ubnd.pdf", "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục "
       "hành chính lĩnh vực hộ tịch: đăng ký khai sinh, đăng ký kết hôn, đăng ký khai "
       "tử. Điều 2. Quyết định có hiệu lực kể từ ngày ký."),)),
    (("province", "district", "commune"), "procedure", {
        "title": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "field": "Chứng thực",
        "summary": "Thủ tục chứng thực bản sao từ bản chính do cơ quan có thẩm quyền cấp.",
        "steps": "<p>Người yêu cầu chứng thực xuất trình bản chính và bản sao.</p>"}, ()),
    (("province",), "legal_document", {
        "title": "Quyết định công nhận sản phẩm đạt chuẩn OCOP năm 2025",
        "number": "2210/QĐ-UBND", "document_type": "quyet_dinh",
        "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn", "issued_on": "2025-11-03",
        "field": "Nông nghiệp",
        "summary": "Công nhận các sản phẩm đạt chuẩn OCOP ba sao và bốn sao."},
     (("danh-sach-san-pham.pdf", "Danh sách sản phẩm: Tinh dầu hồi Văn Quan, bốn sao; "
       "Quýt vàng Bắc Sơn, ba sao; Miến dong Bình Gia, ba sao; Chè Thái Bình Gia."),)),
    (("dept",), "article", {
        "title": "Tập huấn khuyến nông cho hộ nghèo",
        "kind": "news", "summary": "Lớp tập huấn kỹ thuật trồng hồi, chăm sóc cây hồi.",
        "body": "<p>Năm mươi hộ nghèo tham gia lớp tập huấn.</p>"}, ()),
]
