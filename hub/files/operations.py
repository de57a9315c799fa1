"""Receiving files from staff: what may be uploaded, checked from the bytes, and where it
is kept.

A file is accepted only when its *content* is one of the allowed types (sniffed from the
bytes with ``filetype``, ZIP-based office formats opened to see which they are) and its
name's extension agrees with that content: a PNG named ``.pdf``, an HTML page named
``.jpg`` or a program named ``.docx`` is refused as disguised. Images need an
alternative text (WCAG 1.1.1), and their pixels are checked by the image handler
(``hub.images`` registers it with ``handle_images``): a broken image or a decompression
bomb is refused, a good one gets its size and its renditions.

Files are kept once per site in the configured store (``hub.files.storage``: a folder
or an S3 bucket) under ``<tenant_id>/<sha256[:2]>/<sha256>``. The same bytes uploaded
twice on one site share one file, and the same file under the same name and description
is the same ``Attachment``. Two sites never share a file, so serving through one site's
host can only ever reach that site's files.

The file is written, whole, before any row: when the store fails (unreachable, full) the
upload is refused with a clear reason (``UploadRejected``, 503 or 507) and no row is
written, so the request's answer rolls its transaction back with nothing half-done.
Should the request roll back after the write, the file is left without a row — harmless
(content-addressed, never served) and collectable.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import filetype
from flask import current_app, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, or_, select
from werkzeug.datastructures import FileStorage

from hub.audit.operations import record
from hub.core.sanitize import clean_line
from hub.core.text import fold_vietnamese
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.storage import StorageError, get_storage, key_for
from tenants import context

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ALT_TEXT_MAX = 500          # the width of Attachment.alt_text
FILENAME_MAX = 200          # leaves room under the 255 of the column


@dataclass(frozen=True)
class FileKind:
    """A type of file the portal accepts: its MIME type and the names it may carry."""
    content_type: str
    extensions: frozenset[str]
    label: str  # shown in messages ("PDF", "Word")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def _kind(content_type: str, label: str, *extensions: str) -> FileKind:
    return FileKind(content_type, frozenset(extensions), label)


KINDS: dict[str, FileKind] = {
    "pdf": _kind("application/pdf", "PDF", "pdf"),
    "doc": _kind("application/msword", "Word 97-2003", "doc"),
    "docx": _kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  "Word", "docx"),
    "xls": _kind("application/vnd.ms-excel", "Excel 97-2003", "xls"),
    "xlsx": _kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "Excel", "xlsx"),
    "odt": _kind("application/vnd.oasis.opendocument.text", "OpenDocument Text", "odt"),
    "ods": _kind("application/vnd.oasis.opendocument.spreadsheet",
                 "OpenDocument Spreadsheet", "ods"),
    "zip": _kind("application/zip", "ZIP", "zip"),
    "jpg": _kind("image/jpeg", "JPEG", "jpg", "jpeg"),
    "png": _kind("image/png", "PNG", "png"),
    "gif": _kind("image/gif", "GIF", "gif"),
    "webp": _kind("image/webp", "WebP", "webp"),
    # Text is accepted only when the bytes are UTF-8 (TCVN 6909 is Unicode).
    "txt": _kind("text/plain", "UTF-8 text", "txt"),
    "csv": _kind("text/csv", "CSV (UTF-8)", "csv"),
}
ALLOWED_EXTENSIONS: frozenset[str] = frozenset(
    ext for kind in KINDS.values() for ext in kind.extensions)
# What filetype calls some of our kinds.
_FILETYPE_ALIASES = {"apng": "png", "jpeg": "jpg"}
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # Office 97-2003 container
_ZIP_MAGIC = b"PK\x03\x04"
_ODF_TYPES = {"application/vnd.oasis.opendocument.text": "odt",
              "application/vnd.oasis.opendocument.spreadsheet": "ods"}
_MARKUP_START = re.compile(rb"^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe)",
                           re.IGNORECASE)
_UNSAFE_NAME_CHARACTERS = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_STORAGE_KEY = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{64}$")


class UploadRejected(Exception):
    """The upload was refused; ``reason`` is translated and shown to the uploader.

    ``status`` is the HTTP answer that fits: 413 for a file over the size limit, else 400.
    """

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are: one of ``KINDS`` (``key``), or something else (``key`` None)."""
    key: str | None
    description: str  # the detected MIME type, for the "disguised" message

    @property
    def kind(self) -> FileKind | None:
        return KINDS.get(self.key) if self.key else None


# --- recognising the content ----------------------------------------------------------

def _zip_kind(data: bytes) -> str | None:
    """Office Open XML and OpenDocument files are ZIPs: look at what is inside."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                # OpenDocument stores its type, uncompressed, as the first entry.
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return _ODF_TYPES.get(declared, "other-opendocument")
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return "docx"
                if "xl/workbook.xml" in names:
                    return "xlsx"
                return "other-ooxml"  # PowerPoint and friends: not accepted
            return "zip"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
        return None


def _is_utf8_text(data: bytes) -> bool:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text)


def _is_markup(data: bytes) -> bool:
    # A web page or SVG saved as .txt or .jpg: served as text it would be harmless, but
    # it is not what it claims, and a browser fed it by mistake would run its scripts.
    return bool(_MARKUP_START.match(data[:1024].lstrip(b"\xef\xbb\xbf")))


def sniff(data: bytes, extension: str = "") -> Sniffed:
    """Recognise ``data`` from its bytes. ``extension`` only picks between kinds the
    bytes cannot tell apart (a generic Office 97-2003 container: .doc or .xls; UTF-8
    text: .txt or .csv) — it never makes bytes of one type pass as another."""
    if data.startswith(_ZIP_MAGIC):
        key = _zip_kind(data)
        described = KINDS[key].content_type if key in KINDS else "application/zip"
        return Sniffed(key if key in KINDS else None, described)
    guess = filetype.guess(data[:8192])
    if guess is not None:
        key = _FILETYPE_ALIASES.get(guess.extension, guess.extension)
        if key in KINDS:
            return Sniffed(key, guess.mime)
        if not data.startswith(_CFB_MAGIC):
            return Sniffed(None, guess.mime)
    if data.startswith(_CFB_MAGIC):
        # Word and Excel 97-2003 share one container; which one is not always visible
        # in its first sector, and the container runs no code in a browser.
        if extension in ("doc", "xls"):
            return Sniffed(extension, KINDS[extension].content_type)
        return Sniffed(None, "application/x-ole-storage")
    if _is_markup(data):
        return Sniffed(None, "text/html")
    if _is_utf8_text(data):
        key = "csv" if extension == "csv" else "txt"
        return Sniffed(key, KINDS[key].content_type)
    return Sniffed(None, "application/octet-stream")


# --- names -------------------------------------------------------------------------------

def safe_filename(name: str | None) -> str:
    """The name a file is shown and downloaded under: NFC, no folders, no characters
    that file systems or headers choke on, at most ``FILENAME_MAX`` characters with its
    extension kept."""
    name = clean_line(name)
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE_NAME_CHARACTERS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > FILENAME_MAX:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[:FILENAME_MAX - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            name = name[:FILENAME_MAX].rstrip(" .")
    return name


def extension_of(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    return ext.lower() if dot and stem else ""


# --- storage -----------------------------------------------------------------------------

def max_upload_bytes() -> int:
    return int(current_app.config.get("UPLOAD_MAX_BYTES") or DEFAULT_MAX_BYTES)


def attachment_key(attachment: Attachment) -> str:
    """The key of an attachment's bytes in the store: always under its own site."""
    if not _STORAGE_KEY.match(attachment.storage_key or ""):
        raise ValueError(f"attachment {attachment.id} has a malformed storage key")
    return key_for(attachment.tenant_id, attachment.storage_key)


def store_failed(error: StorageError) -> UploadRejected:
    """The refusal an uploader reads when the store fails; the cause goes to the log."""
    current_app.logger.error("the file store failed: %s", error.detail)
    if error.full:
        return UploadRejected(_("The file could not be saved: the file store is full. "
                                "Nothing was saved. Please tell the portal's "
                                "administrator."), status=507)
    return UploadRejected(_("The file could not be saved: the file store cannot be "
                            "reached. Nothing was saved. Please try again in a few "
                            "minutes."), status=503)


def _megabytes(size: int) -> str:
    return format_decimal(round(size / (1024 * 1024), 1))


def _read_limited(file: FileStorage, limit: int) -> bytes:
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(
            _("The file is larger than the limit of %(limit)s MB. Please send a smaller "
              "file (for example, a scan at a lower resolution).", limit=_megabytes(limit)),
            status=413)
    return data


def check_upload(filename: str, data: bytes, *, alt_text: str = "",
                 images_only: bool = False) -> tuple[FileKind, str]:
    """Refuse what may not be stored (raises ``UploadRejected``); return the kind of
    file and the cleaned alternative text."""
    if not data:
        raise UploadRejected(_("The file is empty. Please choose the file again."))
    extension = extension_of(filename)
    if not extension:
        raise UploadRejected(_("The file name must end with its type, such as .pdf or "
                               ".docx."))
    if extension not in ALLOWED_EXTENSIONS:
        raise UploadRejected(_(
            "Files of type .%(extension)s cannot be uploaded. Allowed types: %(allowed)s.",
            extension=extension, allowed=", ".join(sorted(ALLOWED_EXTENSIONS))))
    sniffed = sniff(data, extension)
    kind = sniffed.kind
    if kind is None or extension not in kind.extensions:
        raise UploadRejected(_(
            "The file is named .%(extension)s but its content is of another type "
            "(%(detected)s). Files whose name does not match their content are refused; "
            "please upload the original file.",
            extension=extension, detected=kind.label if kind else sniffed.description))
    if images_only and not kind.is_image:
        raise UploadRejected(_("Please choose an image (JPEG, PNG, GIF or WebP)."))
    alt = clean_line(alt_text)[:ALT_TEXT_MAX]
    if kind.is_image and not alt:
        raise UploadRejected(_("Please describe the image in its alternative text, for "
                               "readers who cannot see it."))
    return kind, alt


def store_upload(file: FileStorage, *, alt_text: str = "", by: Any,
                 images_only: bool = False) -> Attachment:
    """Check and keep an uploaded file for the current site; returns its ``Attachment``.

    Raises ``UploadRejected`` (nothing stored) when the file is missing, empty, too
    large, of a type not allowed, disguised, or an image without alternative text — or
    when the store fails (503, or 507 when it is full).
    """
    tenant_id = context.current_tenant_id()
    if tenant_id is None:
        raise RuntimeError("an upload belongs to a site: act inside its tenant scope")
    filename = safe_filename(getattr(file, "filename", None))
    if file is None or not filename:
        raise UploadRejected(_("Please choose a file to upload."))
    data = _read_limited(file, max_upload_bytes())
    kind, alt = check_upload(filename, data, alt_text=alt_text, images_only=images_only)
    pixels = _IMAGE_HANDLER["inspect"](data) if kind.is_image and _IMAGE_HANDLER else None

    digest = hashlib.sha256(data).hexdigest()
    storage_key = f"{digest[:2]}/{digest}"
    try:  # before any row: a store that fails leaves nothing to roll back but the answer
        get_storage().put(key_for(tenant_id, storage_key), data)
    except StorageError as error:
        raise store_failed(error) from error

    existing = db.session.scalar(
        select(Attachment).where(Attachment.sha256 == digest,
                                 Attachment.filename == filename,
                                 Attachment.alt_text == alt).limit(1))
    if existing is not None:
        return existing
    attachment = Attachment(filename=filename, content_type=kind.content_type,
                            size=len(data), sha256=digest, storage_key=storage_key,
                            alt_text=alt, uploaded_by_id=getattr(by, "id", None))
    if pixels is not None:
        attachment.width, attachment.height = pixels
    db.session.add(attachment)
    db.session.flush()
    record("attachment.uploaded", actor=by, obj=attachment, filename=filename,
           content_type=kind.content_type, size=len(data), sha256=digest)
    if pixels is not None:
        _IMAGE_HANDLER["stored"](attachment, data)
    return attachment


def copy_to_site(attachment: Attachment, *, by: Any = None) -> Attachment:
    """A copy of another site's ``attachment`` for the current site (its own row and
    its own files: a site never reads another's). Read ``attachment`` before entering
    the current site's scope; call inside it. Raises ``UploadRejected`` (503/507) when
    the store fails, before any row is written."""
    tenant_id = context.current_tenant_id()
    if tenant_id is None:
        raise RuntimeError("a copy belongs to a site: act inside its tenant scope")
    try:
        get_storage().copy(attachment_key(attachment),
                           key_for(tenant_id, attachment.storage_key))
    except StorageError as error:
        raise store_failed(error) from error
    copy = Attachment(filename=attachment.filename, content_type=attachment.content_type,
                      size=attachment.size, sha256=attachment.sha256,
                      storage_key=attachment.storage_key, alt_text=attachment.alt_text,
                      width=attachment.width, height=attachment.height,
                      focal_x=attachment.focal_x, focal_y=attachment.focal_y,
                      uploaded_by_id=getattr(by, "id", None))
    db.session.add(copy)
    db.session.flush()
    return copy


# --- images ------------------------------------------------------------------------------

# ``inspect(data)`` checks an image's bytes and returns its (width, height) or raises
# ``UploadRejected``; ``stored(attachment, data)`` runs once its row is written;
# ``shown(attachment)`` is how rich text shows it (its address, width and height), and
# ``marker(attachment)`` what every such address holds.
_IMAGE_HANDLER: dict[str, Callable[..., Any]] = {}


def handle_images(*, inspect: Callable[[bytes], tuple[int, int]],
                  stored: Callable[[Attachment, bytes], None],
                  shown: Callable[[Attachment], dict[str, Any]],
                  marker: Callable[[Attachment], str]) -> None:
    """Register what checks uploaded images, what follows their storing, and how the
    editor inserts them."""
    _IMAGE_HANDLER.update(inspect=inspect, stored=stored, shown=shown, marker=marker)


def shown_in_text(attachment: Attachment) -> dict[str, Any] | None:
    """How the editor inserts an image (None: not an image, or not read with Pillow)."""
    if not attachment.is_image or attachment.width is None or not _IMAGE_HANDLER:
        return None
    return _IMAGE_HANDLER["shown"](attachment)


# --- addresses, and what makes a file public ---------------------------------------------

def attachment_url(attachment: Attachment, **kwargs: Any) -> str:
    """The address of a file on its site: ``/tep/<id>/<filename>``."""
    return url_for("files.download", attachment_id=attachment.id,
                   filename=attachment.filename, **kwargs)


def _ascii_name(filename: str) -> str:
    # For clients without RFC 5987: the Vietnamese name folded, keeping capitals
    # ("Quyết định.pdf" -> "Quyet dinh.pdf").
    folded = "".join(
        fold_vietnamese(ch).upper() if ch.isupper() else fold_vietnamese(ch)
        for ch in filename)
    folded = folded.encode("ascii", "ignore").decode("ascii")
    return "".join("_" if ch in '"\\' or ord(ch) < 32 else ch for ch in folded) or "tep"


def content_disposition(disposition: str, filename: str) -> str:
    """``attachment; filename="Quyet dinh.pdf"; filename*=UTF-8''Quy%E1%BA%BFt...``"""
    return (f'{disposition}; filename="{_ascii_name(filename)}"; '
            f"filename*=UTF-8''{quote(filename, safe='')}")


@dataclass(frozen=True)
class Mentions:
    """The addresses by which rich text refers to a file: its download address
    ("/tep/12/", never matching "/tep/123/") and, for an image, its renditions'
    ("/anh/12/", ``hub.images``)."""
    markers: tuple[str, ...]

    def within(self, *columns: Any) -> ColumnElement[bool]:
        """Any of ``columns`` holds any of the file's addresses."""
        return or_(*(column.contains(found) for column in columns for found in self.markers))


def mentions(attachment: Attachment) -> Mentions:
    found = [f"/tep/{attachment.id}/"]
    if attachment.is_image and _IMAGE_HANDLER:
        found.append(_IMAGE_HANDLER["marker"](attachment))
    return Mentions(tuple(found))


# A use is a function of (attachment, how rich text mentions it) returning a SELECT that
# finds a public row using the file; a capability registers its uses in ``init_app``.
PublicUse = Callable[[Attachment, Mentions], Select[Any]]
_PUBLIC_USES: dict[str, tuple[int, PublicUse]] = {}


def public_use(name: str, use: PublicUse, *, cost: int = 0) -> None:
    """Register a use that makes a file public (idempotent by ``name``); uses of a
    lower ``cost`` are asked first."""
    _PUBLIC_USES[name] = (cost, use)


def sorted_public_uses() -> list[PublicUse]:
    return [use for _, use in sorted(_PUBLIC_USES.values(), key=lambda entry: entry[0])]
