"""Two people edit the same item: the later save is not allowed to silently overwrite
the earlier one. Every save is a revision; any two can be compared and an old one
restored as a new revision."""

from __future__ import annotations

from tests.admin.helpers import (
    email_of,
    make_item,
    make_staff,
    post,
    read_item,
    staff_client,
)


def test_a_stale_save_shows_both_versions_and_overwrites_nothing(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor", "approver"))
    item_id = make_item(app, site, email_of("editor", site),
                        title="Kế hoạch chuyển đổi số năm 2027",
                        body="<p>Đoạn một.</p><p>Đoạn hai.</p>")
    lan = staff_client(app, site, "editor")
    minh = staff_client(app, site, "approver")
    # Both open the form at revision 1.
    assert 'name="revision" value="1"' in lan.get(f"/quan-tri/noi-dung/{item_id}/sua").text
    assert 'name="revision" value="1"' in minh.get(f"/quan-tri/noi-dung/{item_id}/sua").text

    first = post(lan, f"/quan-tri/noi-dung/{item_id}/sua", {
        "title": "Kế hoạch chuyển đổi số năm 2027", "revision": "1",
        "body": "<p>Đoạn một.</p><p>Đoạn hai, đã bổ sung số liệu của Lan.</p>"})
    assert first.status_code == 302

    second = post(minh, f"/quan-tri/noi-dung/{item_id}/sua", {
        "title": "Kế hoạch chuyển đổi số (bản của Minh)", "revision": "1",
        "body": "<p>Đoạn một.</p><p>Văn bản Minh viết lại.</p>"})
    assert second.status_code == 409
    page = second.text
    assert 'class="conflict"' in page and 'role="alert"' in page
    # What Lan changed meanwhile is shown...
    assert "Đoạn hai, đã bổ sung số liệu của Lan." in page
    assert 'class="diff-added"' in page
    # ...and Minh's unsaved text is still in the form, now based on revision 2.
    assert "Văn bản Minh viết lại." in page
    assert 'value="Kế hoạch chuyển đổi số (bản của Minh)"' in page
    assert 'name="revision" value="2"' in page

    item = read_item(app, site, item_id)
    assert item["revision"] == 2
    assert item["title"] == "Kế hoạch chuyển đổi số năm 2027"
    assert "số liệu của Lan" in item["body"] and "Minh" not in item["body"]

    # Having read the differences, Minh saves again on top of revision 2.
    again = post(minh, f"/quan-tri/noi-dung/{item_id}/sua", {
        "title": "Kế hoạch chuyển đổi số (bản của Minh)", "revision": "2",
        "body": "<p>Đoạn một.</p><p>Văn bản Minh viết lại.</p>"})
    assert again.status_code == 302
    assert read_item(app, site, item_id)["revision"] == 3


def test_any_two_revisions_are_compared_and_an_old_one_restored(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    item_id = make_item(app, site, email_of("editor", site), title="Tiêu đề ban đầu",
                        body="<p>Nội dung đầu tiên.</p>")
    editor = staff_client(app, site, "editor")
    post(editor, f"/quan-tri/noi-dung/{item_id}/sua",
         {"title": "Tiêu đề thứ hai", "revision": "1", "body": "<p>Nội dung mới.</p>"})

    listing = editor.get(f"/quan-tri/noi-dung/{item_id}/phien-ban").text
    assert 'data-revision="1"' in listing and 'data-revision="2"' in listing

    diff = editor.get(f"/quan-tri/noi-dung/{item_id}/phien-ban/so-sanh?a=1&b=2")
    assert diff.status_code == 200
    assert 'data-field="title"' in diff.text
    assert "Tiêu đề ban đầu" in diff.text and "Tiêu đề thứ hai" in diff.text
    assert "Nội dung đầu tiên." in diff.text and "Nội dung mới." in diff.text

    restored = post(editor, f"/quan-tri/noi-dung/{item_id}/phien-ban/1/khoi-phuc",
                    {"revision": "2"})
    assert restored.status_code == 302
    item = read_item(app, site, item_id)
    assert (item["revision"], item["title"]) == (3, "Tiêu đề ban đầu")  # a new revision

    stale = post(editor, f"/quan-tri/noi-dung/{item_id}/phien-ban/2/khoi-phuc",
                 {"revision": "2"})
    assert stale.status_code == 409
    assert read_item(app, site, item_id)["revision"] == 3


def test_bad_revision_numbers_get_a_clear_answer(app, two_sites):
    site, _other = two_sites
    make_staff(app, site, ("editor",))
    item_id = make_item(app, site, email_of("editor", site))
    editor = staff_client(app, site, "editor")
    base = f"/quan-tri/noi-dung/{item_id}/phien-ban/so-sanh"
    assert editor.get(f"{base}?a=một&b=1").status_code == 400
    assert editor.get(f"{base}?a=0&b=1").status_code == 400
    assert editor.get(f"{base}?b=1").status_code == 400
    assert editor.get(f"{base}?a=1&b=9").status_code == 404
    missing = post(editor, f"/quan-tri/noi-dung/{item_id}/phien-ban/9/khoi-phuc",
                   {"revision": "1"})
    assert missing.status_code == 404
