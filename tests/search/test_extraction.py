"""Reading the text of attached files: what a PDF's text layer and a Word document say,
and what a hostile file gets — refused or cut short, never a stalled worker."""

from __future__ import annotations

import time
import unicodedata

import pytest

from bench.files import (
    docx_bomb,
    docx_with,
    encrypted_pdf,
    pdf_bomb,
    pdf_of_an_image,
    pdf_of_many_pages,
    pdf_with_text,
)
from search.extraction import (
    DOCX,
    ENCRYPTED,
    NO_TEXT,
    OK,
    PDF,
    TIMEOUT,
    TOO_LARGE,
    Limits,
    extract,
)

LIMITS = Limits(timeout=60)


def test_a_pdf_gives_the_text_of_its_pages_whitespace_collapsed() -> None:
    result = extract(pdf_with_text("Quyet dinh   ve viec", "ban hanh    quy che"), PDF, LIMITS)
    assert result.status == OK
    assert result.text == "Quyet dinh ve viec ban hanh quy che"
    assert result.pages == 2


def test_a_word_document_gives_its_paragraphs_and_tables_in_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Quyết định số 12")
    result = extract(docx_with(decomposed, "về việc  ban hành", table=("Điều 1", "Điều 2")),
                     DOCX, LIMITS)
    assert result.status == OK
    assert result.text == "Quyết định số 12 về việc ban hành Điều 1 Điều 2"
    assert unicodedata.is_normalized("NFC", result.text)


def test_a_scan_without_a_text_layer_has_no_text() -> None:
    assert extract(pdf_of_an_image(), PDF, LIMITS).status == NO_TEXT


def test_an_encrypted_pdf_is_refused_as_encrypted() -> None:
    result = extract(encrypted_pdf("bi mat"), PDF, LIMITS)
    assert result.status == ENCRYPTED
    assert result.text == ""


def test_characters_kept_are_capped() -> None:
    result = extract(pdf_with_text("a" * 50, "b" * 50), PDF, Limits(max_chars=60))
    assert result.status == OK
    assert len(result.text) == 60


def test_a_file_over_the_size_limit_is_not_read() -> None:
    result = extract(pdf_with_text("text"), PDF, Limits(max_bytes=100))
    assert result.status == TOO_LARGE


def test_a_file_that_takes_too_long_is_killed() -> None:
    started = time.monotonic()
    result = extract(pdf_of_many_pages(2_000), PDF, Limits(timeout=0.2))
    assert result.status == TIMEOUT
    assert time.monotonic() - started < 5


@pytest.mark.slow
def test_ten_thousand_pages_are_read_only_up_to_the_page_limit_in_bounded_time() -> None:
    data = pdf_of_many_pages(10_000, "trang")
    started = time.monotonic()
    result = extract(data, PDF, Limits(max_pages=20, timeout=60))
    assert result.status == OK
    assert result.pages == 20
    assert result.text.split() == ["trang"] * 20
    assert time.monotonic() - started < 30


@pytest.mark.slow
def test_a_pdf_stream_inflating_to_a_gigabyte_is_refused() -> None:
    started = time.monotonic()
    result = extract(pdf_bomb(), PDF, LIMITS)
    assert result.status == TOO_LARGE
    assert time.monotonic() - started < 40


@pytest.mark.slow
def test_a_word_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    data = docx_bomb()
    started = time.monotonic()
    result = extract(data, DOCX, LIMITS)
    assert result.status == TOO_LARGE
    assert "unpacks" in result.detail
    assert time.monotonic() - started < 5
