"""Exchange with outside translators (XLIFF 2.0) and machine suggestions, over HTTP.

An exported file, translated outside and imported back, fills the translation; a file
with unknown units, a changed source, for another request, or not XML at all is refused
with the reason and nothing is applied. Machine suggestions are shown when a
LibreTranslate-compatible service is configured and the work goes on when it is down.
"""

from __future__ import annotations

import io

from lxml import etree

from hub.translation.models import TranslationState
from hub.translation.xliff import NS
from tests.translation.helpers import (
    OFFICE_HOST,
    SITE_HOST,
    ask,
    client_for,
    post,
    published_article,
    read_request,
    request_id_of,
)
from tests.translation.test_machine import received, service  # noqa: F401 - fixtures
from tests.translation.test_staleness import edit_source


def _requested(app, world) -> int:  # type: ignore[no-untyped-def]
    item_id = published_article(app, world.site)
    assert ask(app, world, item_id).status_code == 302
    return request_id_of(app, world.site, item_id)


def _translated(xliff: bytes, targets: dict[str, str]) -> bytes:
    """What an outside CAT tool sends back: targets filled in."""
    root = etree.fromstring(xliff)
    root.set("trgLang", root.get("trgLang") or "en")
    for unit in root.iter(f"{{{NS}}}unit"):
        if unit.get("id") in targets:
            segment = unit.find(f"{{{NS}}}segment")
            target = segment.find(f"{{{NS}}}target")
            if target is None:
                target = etree.SubElement(segment, f"{{{NS}}}target")
            target.text = targets[unit.get("id")]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _import(client, request_id: int, data: bytes, version: int):  # type: ignore[no-untyped-def]
    return post(client, f"/quan-tri/ban-dich/{request_id}/xliff",
                {"file": (io.BytesIO(data), "ban-dich.xlf"), "version": str(version)},
                content_type="multipart/form-data")


ENGLISH = {"title": "Digital transformation workshop",
           "summary": "The department held a workshop.",
           "body": "<p>This morning the <strong>department</strong> held a workshop.</p>"}


def test_an_exported_file_translated_outside_comes_back_into_the_request(app, world):
    request_id = _requested(app, world)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    exported = translator.get(f"/quan-tri/ban-dich/{request_id}/xliff")
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("application/xliff+xml")
    assert "attachment" in exported.headers["Content-Disposition"]
    assert "Hội thảo chuyển đổi số tỉnh Lạng Sơn".encode() in exported.data

    response = _import(translator, request_id, _translated(exported.data, ENGLISH), 1)
    assert response.status_code == 302
    req = read_request(app, world.site, request_id)
    assert req.translation == ENGLISH
    assert req.state is TranslationState.IN_PROGRESS
    assert [e.action for e in req.events][-1] == "import"


def _refused(app, world, request_id: int, data: bytes, reason: str) -> None:  # type: ignore[no-untyped-def]
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    before = read_request(app, world.site, request_id)
    response = _import(translator, request_id, data, before.version)
    assert response.status_code == 422, response.status_code
    assert reason in response.text
    after = read_request(app, world.site, request_id)
    assert after.translation == before.translation and after.version == before.version
    assert len(after.events) == len(before.events)


def test_a_file_with_an_unknown_unit_is_refused(app, world):
    request_id = _requested(app, world)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    data = translator.get(f"/quan-tri/ban-dich/{request_id}/xliff").data
    root = etree.fromstring(_translated(data, ENGLISH))
    unit = next(root.iter(f"{{{NS}}}unit"))
    unit.set("id", "signature")
    _refused(app, world, request_id, etree.tostring(root), "signature")


def test_a_file_whose_source_text_changed_is_refused(app, world):
    request_id = _requested(app, world)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    data = _translated(translator.get(f"/quan-tri/ban-dich/{request_id}/xliff").data, ENGLISH)
    data = data.replace("Hội thảo chuyển đổi số tỉnh Lạng Sơn".encode(),
                        "Hội thảo khác hẳn".encode())
    _refused(app, world, request_id, data, "Văn bản gốc của “title” đã thay đổi")


def test_a_file_exported_before_the_original_changed_is_refused(app, world):
    request_id = _requested(app, world)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    data = _translated(translator.get(f"/quan-tri/ban-dich/{request_id}/xliff").data, ENGLISH)
    req = read_request(app, world.site, request_id)
    edit_source(app, world, req.source_item_id, summary="Tóm tắt đã sửa")
    # The file names revision 1; the original is at revision 2 now.
    _refused(app, world, request_id, data, f"translation-request-{request_id}-r1")


def test_a_file_of_another_request_is_refused(app, world):
    first = _requested(app, world)
    second_item = published_article(app, world.site, title="Thông báo tuyển dụng")
    ask(app, world, second_item)
    second = request_id_of(app, world.site, second_item)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    data = _translated(translator.get(f"/quan-tri/ban-dich/{first}/xliff").data, ENGLISH)
    _refused(app, world, second, data, f"translation-request-{first}")


def test_a_file_that_is_not_xml_is_refused(app, world):
    request_id = _requested(app, world)
    _refused(app, world, request_id, b"<xliff><file>", "không phải XML hợp lệ")
    _refused(app, world, request_id, "Bản dịch".encode(), "không phải XML hợp lệ")


def test_only_the_translator_imports(app, world):
    request_id = _requested(app, world)
    reviewer = client_for(app, SITE_HOST, "approver@sokhcn.gov.vn")
    data = reviewer.get(f"/quan-tri/ban-dich/{request_id}/xliff").data  # may read
    assert _import(reviewer, request_id, _translated(data, ENGLISH), 1).status_code == 403


def test_machine_suggestions_are_shown_beside_the_fields(app, world, service, received):  # noqa: F811
    app.config["MACHINE_TRANSLATION_URL"] = service.url("ok")
    request_id = _requested(app, world)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    page = translator.get(f"/quan-tri/ban-dich/{request_id}").text
    assert "/goi-y" in page
    response = post(translator, f"/quan-tri/ban-dich/{request_id}/goi-y",
                    {"version": "1", "source_revision": "1"})
    assert response.status_code == 200
    assert 'data-suggestion-for="title"' in response.text
    assert "Lang Son province" in response.text  # the fake service's dictionary
    assert received and received[0][1]["source"] == "vi"
    # Nothing was saved by asking.
    assert read_request(app, world.site, request_id).translation == {}


def test_translating_goes_on_when_the_suggestion_service_is_down(app, world, service):  # noqa: F811
    app.config["MACHINE_TRANSLATION_URL"] = service.url("status/500")
    request_id = _requested(app, world)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    response = post(translator, f"/quan-tri/ban-dich/{request_id}/goi-y",
                    {"version": "1", "source_revision": "1"})
    assert response.status_code == 503
    assert 'name="field-title"' in response.text  # the work page, still usable
    saved = post(translator, f"/quan-tri/ban-dich/{request_id}/luu",
                 {"field-title": "Workshop", "version": "1", "source_revision": "1"})
    assert saved.status_code == 302


def test_without_a_service_no_suggestion_is_offered(app, world):
    request_id = _requested(app, world)
    translator = client_for(app, OFFICE_HOST, "bien-dich-1@songoaivu.gov.vn")
    assert "/goi-y" not in translator.get(f"/quan-tri/ban-dich/{request_id}").text
