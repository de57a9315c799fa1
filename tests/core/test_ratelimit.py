"""What can be posted from outside is rate-limited per client and site."""

from __future__ import annotations

from tests.factories import csrf_from, host_client


def test_password_reset_requests_are_limited_per_client(app, two_sites):
    client = host_client(app, "sokhcn.langson.localhost")
    token = csrf_from(client.get("/dang-nhap/quen-mat-khau").text)
    statuses = [client.post("/dang-nhap/quen-mat-khau",
                            data={"email": f"x{i}@example.vn", "csrf_token": token}).status_code
                for i in range(6)]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    refused = client.post("/dang-nhap/quen-mat-khau",
                          data={"email": "y@example.vn", "csrf_token": token})
    assert refused.headers["Retry-After"] == "900"
    assert "Bạn đã gửi quá nhiều yêu cầu" in refused.text


def test_the_limit_is_counted_per_site(app, two_sites):
    first = host_client(app, "sokhcn.langson.localhost")
    token = csrf_from(first.get("/dang-nhap/quen-mat-khau").text)
    for i in range(6):
        first.post("/dang-nhap/quen-mat-khau", data={"email": f"x{i}@e.vn", "csrf_token": token})
    other = host_client(app, "xathongnhat.langson.localhost")
    token = csrf_from(other.get("/dang-nhap/quen-mat-khau").text)
    response = other.post("/dang-nhap/quen-mat-khau", data={"email": "a@e.vn", "csrf_token": token})
    assert response.status_code == 200

