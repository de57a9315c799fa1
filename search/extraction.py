"""The text of an attached file — a PDF's text layer, a Word document's paragraphs —
for search to find what is only in the file (the text of a decision is mostly there).

A file is hostile until read: a stream that inflates to gigabytes, ten thousand pages,
a ZIP that unpacks to terabytes, a parser caught in a loop. So each file is read in a
child process (``extract``) that is killed when it runs past ``Limits.timeout`` and
whose address space is capped, under a size limit checked before it starts, reading at
most ``Limits.max_pages`` pages and keeping at most ``Limits.max_chars`` characters. A
Word file's ZIP is judged by its declared sizes and entries before anything is
unpacked; a PDF encrypted with a password (one that an empty password does not open)
is refused as ``encrypted``. The text kept is NFC with whitespace collapsed.

pypdf reads the PDFs: pure Python (no native code to crash the worker), kept up by
its project, with its own caps on what a stream may inflate to.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from config import PROJECT_ROOT
from search import analysis

OK = "ok"
NO_TEXT = "no_text"          # nothing to read: a scan without a text layer
ENCRYPTED = "encrypted"
TOO_LARGE = "too_large"
TIMEOUT = "timeout"
FAILED = "failed"
STATUSES = (OK, NO_TEXT, ENCRYPTED, TOO_LARGE, TIMEOUT, FAILED)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTRACTABLE = (PDF, DOCX)

# A Word file's ZIP: refused before unpacking past these (a letter's .docx has ~20
# entries and inflates a few times over; a bomb declares thousands of times).
ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_RATIO = 200
ZIP_MAX_UNPACKED = 200 * 1024 * 1024
CHILD_MEMORY = 1024 * 1024 * 1024  # the child's address space, over the interpreter's


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_chars: int = 200_000
    timeout: float = 30.0  # seconds of wall clock per file

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        return cls(max_bytes=int(config.get("EXTRACT_MAX_BYTES") or cls.max_bytes),
                   max_pages=int(config.get("EXTRACT_MAX_PAGES") or cls.max_pages),
                   max_chars=int(config.get("EXTRACT_MAX_CHARS") or cls.max_chars),
                   timeout=float(config.get("EXTRACT_TIMEOUT") or cls.timeout))


@dataclass(frozen=True)
class Extracted:
    status: str
    text: str = ""
    pages: int = 0        # pages read (a PDF's)
    detail: str = ""      # why, when not ``ok``, for the staff's list and the log


def extract(data: bytes, content_type: str, limits: Limits) -> Extracted:
    """The text of ``data`` read in a child process killed past ``limits.timeout``."""
    if len(data) > limits.max_bytes:
        return Extracted(TOO_LARGE, detail=f"{len(data)} bytes")
    if content_type not in EXTRACTABLE:
        return Extracted(FAILED, detail=f"no text is read from {content_type}")
    command = [sys.executable, "-m", "search.extraction", content_type,
               str(limits.max_pages), str(limits.max_chars)]
    try:
        # The command is this interpreter and this module; only the file is untrusted,
        # and the process reading it is given none of the portal's secrets.
        done = subprocess.run(command, input=data, capture_output=True,  # noqa: S603
                              cwd=PROJECT_ROOT, env={"PATH": os.environ.get("PATH", "")},
                              timeout=limits.timeout, check=False)
    except subprocess.TimeoutExpired:  # ``run`` has killed the child
        return Extracted(TIMEOUT, detail=f"over {limits.timeout:g} s")
    try:
        return Extracted(**json.loads(done.stdout))
    except (ValueError, TypeError):
        error = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return Extracted(FAILED, detail=(error[-1] if error else
                                         f"exit status {done.returncode}")[:500])


def extract_here(data: bytes, content_type: str, max_pages: int, max_chars: int
                 ) -> Extracted:
    """What the child process does; never call it on a file not yet trusted outside
    that process (nothing here bounds its time)."""
    try:
        if content_type == PDF:
            return _pdf(data, max_pages, max_chars)
        return _docx(data, max_chars)
    except MemoryError:
        return Extracted(TOO_LARGE, detail="over the memory allowed")
    except Exception as exc:  # noqa: BLE001 - any parser failure is this file's
        return Extracted(FAILED, detail=f"{type(exc).__name__}: {exc}"[:500])


def _kept(parts: list[str], max_chars: int, pages: int = 0) -> Extracted:
    text = analysis.normalise(" ".join(parts))[:max_chars]
    return Extracted(OK if text else NO_TEXT, text=text, pages=pages)


def _pdf(data: bytes, max_pages: int, max_chars: int) -> Extracted:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import LimitReachedError

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        return Extracted(ENCRYPTED, detail="a password is needed to open it")
    parts: list[str] = []
    size = 0
    read = 0
    try:
        for page in reader.pages:
            if read >= max_pages or size >= max_chars:
                break
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            read += 1
    except LimitReachedError as exc:
        return Extracted(TOO_LARGE, detail=str(exc)[:500])
    return _kept(parts, max_chars, read)


def _docx(data: bytes, max_chars: int) -> Extracted:
    refused = zip_refusal(data)
    if refused:
        return Extracted(TOO_LARGE, detail=refused)
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(io.BytesIO(data)).element.body
    parts: list[str] = []
    size = 0
    for paragraph in body.iter(qn("w:p")):  # tables and text boxes hold paragraphs too
        text = "".join(node.text or "" for node in paragraph.iter(qn("w:t")))
        parts.append(text)
        size += len(text)
        if size >= max_chars:
            break
    return _kept(parts, max_chars)


def zip_refusal(data: bytes) -> str:
    """Why a ZIP may not be unpacked (its declared entries and sizes), or ""."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
    if len(entries) > ZIP_MAX_ENTRIES:
        return f"{len(entries)} entries in the archive"
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > ZIP_MAX_UNPACKED:
        return f"unpacks to {unpacked} bytes"
    for entry in entries:
        ratio = entry.file_size // max(entry.compress_size, 1)
        if ratio > ZIP_MAX_RATIO and entry.file_size > 1024 * 1024:
            return f"{entry.filename} inflates {ratio} times"
    return ""


def _child(arguments: list[str]) -> None:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))
    except (ImportError, ValueError, OSError):
        pass  # no cap where the system has none; the timeout still holds
    content_type, max_pages, max_chars = arguments[0], int(arguments[1]), int(arguments[2])
    result = extract_here(sys.stdin.buffer.read(), content_type, max_pages, max_chars)
    sys.stdout.buffer.write(json.dumps(asdict(result)).encode("ascii"))


if __name__ == "__main__":
    _child(sys.argv[1:])
