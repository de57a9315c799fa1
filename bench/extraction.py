"""Extraction benchmark: how fast search reads attached files, and how long the worst
hostile file holds the worker.

    .venv/bin/python -m bench.extraction

Reads, through ``search.extraction.extract`` (the child process the job uses, with the
default ``PORTAL_EXTRACT_*`` limits), text PDFs of 1 to 500 pages, a long Word
document, and the hostile files of the tests (a stream inflating to a gigabyte, ten
thousand pages, a ZIP bomb, a password, a scan). Prints one row per file — status,
pages, characters kept, seconds, pages per second — then the pages per second over
the text PDFs and the worst file's time, which the timeout bounds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bench import files
from search.extraction import DOCX, PDF, Limits, extract

TEXT_PDFS = ("text PDF, 1 page", "text PDF, 20 pages", "text PDF, 200 pages",
             "text PDF, 500 pages")

LINE = ("Dieu {n}. Uy ban nhan dan tinh quy dinh ve boi thuong, ho tro va tai dinh cu "
        "khi Nha nuoc thu hoi dat tren dia ban tinh; trach nhiem cua cac so, nganh. ")


def _text_pdf(pages: int) -> Callable[[], bytes]:
    return lambda: files.pdf_with_text(*((LINE.format(n=n) * 12) for n in range(pages)))


CASES: list[tuple[str, str, Callable[[], bytes]]] = [
    ("text PDF, 1 page", PDF, _text_pdf(1)),
    ("text PDF, 20 pages", PDF, _text_pdf(20)),
    ("text PDF, 200 pages", PDF, _text_pdf(200)),
    ("text PDF, 500 pages", PDF, _text_pdf(500)),
    ("Word, 2,000 paragraphs", DOCX,
     lambda: files.docx_with(*(LINE.format(n=n) for n in range(2_000)))),
    ("scan (image only)", PDF, files.pdf_of_an_image),
    ("encrypted PDF", PDF, lambda: files.encrypted_pdf("bi mat")),
    ("10,000 pages", PDF, lambda: files.pdf_of_many_pages(10_000)),
    ("stream inflating to 1 GB", PDF, files.pdf_bomb),
    ("Word ZIP bomb (1 GB)", DOCX, files.docx_bomb),
]


def text_pdf_throughput() -> tuple[int, float]:
    """(pages, seconds) reading the text PDFs of ``CASES``: the search benchmark's
    extraction figure, without the hostile files."""
    limits = Limits()
    pages, seconds = 0, 0.0
    for name, content_type, make in CASES:
        if name in TEXT_PDFS:
            data = make()
            started = time.perf_counter()
            pages += extract(data, content_type, limits).pages
            seconds += time.perf_counter() - started
    return pages, seconds


def main() -> None:
    limits = Limits()
    print(f"limits: {limits}")
    print(f"{'file':<26} {'status':<10} {'pages':>6} {'chars':>8} {'seconds':>8} {'pages/s':>8}")
    text_pages = 0
    text_seconds = 0.0
    worst = ("", 0.0)
    for name, content_type, make in CASES:
        data = make()
        started = time.perf_counter()
        result = extract(data, content_type, limits)
        seconds = time.perf_counter() - started
        rate = result.pages / seconds if result.pages else 0.0
        print(f"{name:<26} {result.status:<10} {result.pages:>6} {len(result.text):>8} "
              f"{seconds:>8.2f} {rate:>8.0f}")
        if name in TEXT_PDFS:
            text_pages += result.pages
            text_seconds += seconds
        if seconds > worst[1]:
            worst = (name, seconds)
    print(f"\ntext PDFs: {text_pages / text_seconds:.0f} pages/s "
          f"({text_pages} pages in {text_seconds:.1f} s, a process started per file)")
    print(f"worst file: {worst[0]}, {worst[1]:.1f} s (timeout {limits.timeout:g} s)")


if __name__ == "__main__":
    main()
