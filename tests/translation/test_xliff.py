"""XLIFF exchange: what leaves the portal comes back translated, or is refused whole.

The outside translator's CAT tool is played by lxml editing the exported file, as a
tool would: it adds ``<target>`` elements and saves. Every refusal names its problem.
"""

from __future__ import annotations

import os
import threading
import time
import unicodedata
from pathlib import Path

import pytest
from flask import g
from lxml import etree

from hub.translation.xliff import (
    MAX_FILE_BYTES,
    NS,
    Unit,
    XliffError,
    export_xliff,
    import_xliff,
)

KEY = "translation-request-12-r5"
BODY = ("<p>Thủ tục <strong>cấp giấy phép</strong> xây dựng &amp; lệ phí</p>\n"
        "<p>Nộp hồ sơ tại Bộ phận Một cửa, tầng 1.</p>")
UNITS = [
    Unit("title", "Cấp giấy phép xây dựng", note="Title"),
    Unit("summary", "Hướng dẫn thủ tục cấp phép cho nhà ở riêng lẻ.", note="Summary"),
    Unit("body", BODY, note="Body (HTML: keep the tags)"),
]
EXPECTED = {unit.id: unit.source for unit in UNITS}
X = f"{{{NS}}}"


@pytest.fixture
def backend() -> str:
    """Pure functions: one app (for gettext) is enough, the database is never touched."""
    return "sqlite"


@pytest.fixture(autouse=True)
def english_request(app):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        g.locale = "en"
        yield


def exported(units: list[Unit] = UNITS, key: str = KEY) -> bytes:
    return export_xliff(request_key=key, source_locale="vi", target_locale="en",
                        units=units, original="Cấp giấy phép xây dựng")


def imported(data: bytes, key: str = KEY, expected: dict[str, str] = EXPECTED,
             target_locale: str = "en") -> dict[str, str]:
    return import_xliff(data, request_key=key, source_locale="vi",
                        target_locale=target_locale, expected=expected)


def translate(data: bytes, targets: dict[str, str]) -> bytes:
    """What a CAT tool does: add a target to the named units' segments and save."""
    root = etree.fromstring(data)
    for unit in root.iter(f"{X}unit"):
        if unit.get("id") in targets:
            segment = unit.find(f"{X}segment")
            target = segment.find(f"{X}target")
            if target is None:
                target = etree.SubElement(segment, f"{X}target")
            target.text = targets[unit.get("id")]
            segment.set("state", "translated")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def refusal(data: bytes, **kwargs: object) -> XliffError:
    with pytest.raises(XliffError) as caught:
        imported(data, **kwargs)  # type: ignore[arg-type]
    assert caught.value.reason == str(caught.value)
    return caught.value


# --- the round trip -------------------------------------------------------------------

def test_a_translated_file_comes_back_as_the_translations_of_its_units():
    english_body = ("<p>Procedure for <strong>building permits</strong> &amp; fees</p>\n"
                    "<p>Submit the dossier at the one-stop desk, 1st floor.</p>")
    returned = translate(exported(), {"title": "Building permits", "body": english_body})

    assert imported(returned) == {"title": "Building permits", "body": english_body}


def test_an_untranslated_unit_is_simply_absent():
    returned = translate(exported(), {"title": "Building permits", "summary": "  \n"})

    assert imported(returned) == {"title": "Building permits"}


def test_html_and_vietnamese_diacritics_round_trip_byte_exact():
    assert unicodedata.is_normalized("NFC", BODY)
    data = exported()

    # The markup travels as text a translator sees, not as XLIFF elements.
    assert "&lt;strong&gt;cấp giấy phép&lt;/strong&gt;".encode() in data
    assert b"&amp;amp;" in data
    source = etree.fromstring(data).find(f".//{X}unit[@id='body']/{X}segment/{X}source")
    assert source.text == BODY and len(source) == 0
    # A translator who keeps the body as it is gets back exactly the same bytes.
    back = imported(translate(data, {"body": BODY}))["body"]
    assert back.encode("utf-8") == BODY.encode("utf-8")


def test_characters_xml_cannot_carry_travel_as_code_points():
    text = "Dòng một\x0bdòng hai\r\nhết"  # a vertical tab pasted from Word, a CRLF
    data = exported([Unit("body", text)])

    assert b'<cp hex="000B"/>' in data
    assert imported(translate(data, {"body": "x"}), expected={"body": text}) == {"body": "x"}


def test_the_export_is_xliff_2_core_with_the_request_key_on_the_file():
    units = [Unit("title", "Tiêu đề", target="Title", note="Title"),
             Unit("body", "<p>Nội dung</p>")]
    root = etree.fromstring(exported(units))

    assert root.tag == f"{X}xliff" and root.get("version") == "2.0"
    assert (root.get("srcLang"), root.get("trgLang")) == ("vi", "en")
    file = root.find(f"{X}file")
    assert file.get("id") == KEY and file.get("original") == "Cấp giấy phép xây dựng"
    assert file.get("canResegment") == "no"
    title, body = file.findall(f"{X}unit")
    # Notes belong to the unit, before its segment; a segment holds source and target only.
    assert [child.tag for child in title] == [f"{X}notes", f"{X}segment"]
    assert title.findtext(f"{X}notes/{X}note") == "Title"
    segment = title.find(f"{X}segment")
    assert [child.tag for child in segment] == [f"{X}source", f"{X}target"]
    assert segment.get("state") == "translated" and segment.findtext(f"{X}target") == "Title"
    assert body.find(f"{X}segment/{X}target") is None


def test_an_existing_translation_that_is_sent_back_unchanged_is_returned():
    units = [Unit("title", "Tiêu đề", target="Title")]
    assert imported(exported(units), expected={"title": "Tiêu đề"}) == {"title": "Title"}


def test_source_text_is_compared_after_nfc_and_trimming_the_ends():
    decomposed = unicodedata.normalize("NFD", UNITS[0].source)
    assert decomposed != UNITS[0].source
    root = etree.fromstring(translate(exported(), {"title": "Building permits"}))
    root.find(f".//{X}unit[@id='title']/{X}segment/{X}source").text = f"\n  {decomposed}  "

    assert imported(etree.tostring(root)) == {"title": "Building permits"}


def test_a_tool_that_splits_a_field_into_sentences_gets_it_joined_again():
    data = translate(exported(), {"summary": "x"})
    root = etree.fromstring(data)
    unit = root.find(f".//{X}unit[@id='summary']")
    unit.remove(unit.find(f"{X}segment"))
    for source, target in (("Hướng dẫn thủ tục cấp phép", "Guidance on permits"),
                           (" ", None),
                           ("cho nhà ở riêng lẻ.", "for private houses.")):
        part = etree.SubElement(unit, f"{X}segment" if target else f"{X}ignorable")
        etree.SubElement(part, f"{X}source").text = source
        if target:
            etree.SubElement(part, f"{X}target").text = target

    assert imported(etree.tostring(root)) == {
        "summary": "Guidance on permits for private houses."}


# --- refusals -------------------------------------------------------------------------

def test_malformed_xml_is_refused_with_its_line():
    data = exported().replace(b"</source>", b"</sourc>", 1)
    error = refusal(data)

    assert "not well-formed XML" in error.reason
    assert error.line == data[:data.index(b"</sourc>")].count(b"\n") + 1
    assert f"line {error.line}" in error.reason


def test_a_file_that_is_not_xliff_is_refused():
    assert "not an XLIFF document" in refusal(b"<html><body>Hello</body></html>").reason
    assert "not well-formed" in refusal(b"").reason


def test_an_xliff_version_the_portal_does_not_read_is_refused():
    old = (b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
           b'<file original="x" source-language="vi" datatype="plaintext"><body/></file>'
           b"</xliff>")
    assert "XLIFF 1.2" in refusal(old).reason
    assert "XLIFF 3.0" in refusal(exported().replace(b'version="2.0"', b'version="3.0"')).reason


def test_a_file_exported_for_another_request_is_refused():
    other = translate(exported(key="translation-request-7-r2"), {"title": "Building permits"})
    error = refusal(other)

    assert "translation-request-7-r2" in error.reason and KEY in error.reason


def test_a_file_exported_from_an_earlier_revision_is_refused():
    assert "earlier version" in refusal(exported(key="translation-request-12-r4")).reason


def test_a_file_for_another_language_pair_is_refused():
    assert "vi → en" in refusal(exported(), target_locale="fr").reason
    french = exported().replace(b'trgLang="en"', b'trgLang="fr"')
    assert "vi → fr" in refusal(french).reason


def test_a_regional_variant_of_the_target_language_is_accepted():
    data = translate(exported(), {"title": "Building permits"})
    assert imported(data.replace(b'trgLang="en"', b'trgLang="en-GB"')) == {
        "title": "Building permits"}


def test_an_unknown_unit_is_refused_by_name():
    error = refusal(exported([*UNITS, Unit("fees", "Lệ phí 500.000 đồng")]))

    assert "“fees”" in error.reason and error.line is not None


def test_a_changed_source_is_refused_naming_the_field():
    error = refusal(translate(exported(), {"title": "Building permits"}),
                    expected={**EXPECTED, "body": BODY.replace("tầng 1", "tầng 2")})

    assert "“body”" in error.reason and "changed" in error.reason


def test_a_file_without_units_is_refused():
    assert "no translation units" in refusal(exported([])).reason


def test_a_file_over_the_size_limit_is_refused_before_parsing():
    padding = b"<!--" + b"x" * MAX_FILE_BYTES + b"-->"
    assert "larger than 5 MiB" in refusal(exported() + padding).reason


def test_a_partly_translated_split_unit_is_refused():
    root = etree.fromstring(translate(exported(), {"title": "Building"}))
    unit = root.find(f".//{X}unit[@id='title']")
    etree.SubElement(etree.SubElement(unit, f"{X}segment"), f"{X}source").text = ""

    assert "incomplete" in refusal(etree.tostring(root)).reason


def test_placeholder_codes_the_portal_did_not_send_are_refused():
    root = etree.fromstring(translate(exported(), {"title": "Building "}))
    target = root.find(f".//{X}unit[@id='title']/{X}segment/{X}target")
    etree.SubElement(target, f"{X}ph", id="1").tail = " permits"

    assert "<ph>" in refusal(etree.tostring(root)).reason


# --- hostile files ----------------------------------------------------------------------

def hostile(doctype: str, target: str) -> bytes:
    """A file of this request with a DTD in front, as an attacker would upload it."""
    return (f'<?xml version="1.0"?>\n{doctype}\n'
            f'<xliff xmlns="{NS}" version="2.0" srcLang="vi" trgLang="en">'
            f'<file id="{KEY}"><unit id="title"><segment>'
            f"<source>{UNITS[0].source}</source><target>{target}</target>"
            f"</segment></unit></file></xliff>").encode()


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE xliff [<!ENTITY leak SYSTEM "{uri}">]>',
    '<!DOCTYPE xliff [<!ENTITY % dtd SYSTEM "{uri}"> %dtd;]>',
    '<!DOCTYPE xliff SYSTEM "{uri}">',
])
def test_an_external_entity_cannot_read_a_local_file(tmp_path: Path, doctype: str):
    secret = tmp_path / "secret.txt"
    secret.write_text("DB_PASSWORD=hunter2")
    data = hostile(doctype.format(uri=secret.as_uri()), "&leak;")

    error = refusal(data)
    assert "DTD" in error.reason and "hunter2" not in error.reason


def test_a_dtd_is_refused_before_any_file_it_names_is_opened(tmp_path: Path):
    # libxml2 opens the files a DTD names even with DTD loading off. The DTD here is a
    # FIFO, and a writer serves whoever opens it for reading: the parse never blocks,
    # and the writer knows whether anything opened the file at all.
    probe = tmp_path / "probe.dtd"
    os.mkfifo(probe)
    opened, done = threading.Event(), threading.Event()

    def serve() -> None:
        while not done.is_set():
            try:
                pipe = os.open(probe, os.O_WRONLY | os.O_NONBLOCK)  # only with a reader
            except OSError:
                time.sleep(0.001)
                continue
            opened.set()
            os.write(pipe, b'<!ENTITY leak "x">')
            os.close(pipe)

    writer = threading.Thread(target=serve, daemon=True)
    writer.start()
    try:
        for doctype in (f'<!DOCTYPE xliff SYSTEM "{probe.as_uri()}">',
                        f'<!DOCTYPE xliff [<!ENTITY % p SYSTEM "{probe.as_uri()}"> %p;]>'):
            assert "DTD" in refusal(hostile(doctype, "&leak;")).reason
    finally:
        done.set()
        writer.join(timeout=5)
    assert not opened.is_set()


def test_an_entity_expansion_bomb_is_refused_at_once():
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    bomb = hostile(f'<!DOCTYPE xliff [<!ENTITY l0 "lol">{lol}]>', "&l9;")
    # Refused for its DTD, before any parser could expand a single entity.
    error = refusal(bomb)
    assert "DTD" in error.reason and "lol" not in error.reason


def test_ids_that_xliff_cannot_carry_are_a_programming_error():
    with pytest.raises(ValueError, match="not a valid XLIFF identifier"):
        exported(key="request 12")
    with pytest.raises(ValueError, match="duplicate unit id"):
        exported([Unit("title", "a"), Unit("title", "b")])
