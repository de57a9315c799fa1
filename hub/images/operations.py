"""Renditions made once and kept, the image's focal point, and what pages print.

A rendition's file is named by what it is made of — the original's sha256, the crop
box and the size (``r/<sha[:2]>/<sha>/<box>-<w>x<h>.<ext>`` under the site's folder) —
so the same pixels are one file however many rows and specs lead to it, and writing
it again changes nothing. Its row (``ImageRendition``) is inserted with
``ON CONFLICT DO NOTHING``: two first requests for the same rendition may both encode
it, but only one row is written and the other request reads it.

An address carries the image's *version* (a hash of its bytes and focal point): a new
focal point is a new address, so a rendition can be cached for a year.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any, NamedTuple

from flask import g, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, select

from hub.audit.operations import record
from hub.core.database import conflict_insert
from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import UploadRejected, attachment_key, store_failed
from hub.files.storage import StorageError, get_storage, key_for
from hub.images import processing
from hub.images.models import ImageRendition
from hub.images.specs import FALLBACK, WIDTHS, Spec, crop_box, output_size

# Made with the upload, in both formats: the image's own shape at the small widths every
# srcset offers first (cheap to make); the larger ones and the crops on first request.
STANDARD = (Spec(320), Spec(640))


class ImageRef(NamedTuple):
    """What a page needs of an image to print it (an ``Attachment`` has the same
    attributes, so either may be given): read as columns by the lists."""
    id: int
    sha256: str
    content_type: str
    width: int | None
    height: int | None
    focal_x: float
    focal_y: float
    alt_text: str

    @classmethod
    def of(cls, image: Any) -> ImageRef:
        """``image``'s (an Attachment's) reference: plain data, kept between requests."""
        return cls(*(getattr(image, name) for name in cls._fields))


def version(image: Any) -> str:
    """Changes when the image's bytes or its focal point change."""
    return _version(image.sha256, image.focal_x, image.focal_y)


@functools.lru_cache(maxsize=65_536)
def _version(sha256: str, focal_x: float, focal_y: float) -> str:
    return hashlib.sha256(f"{sha256}:{focal_x:.4f}:{focal_y:.4f}".encode()).hexdigest()[:10]


def formats(image: Any) -> tuple[str, str]:
    """WebP, and the format browsers without it get."""
    return ("webp", FALLBACK.get(image.content_type, "png"))


def rendition_url(image: Any, spec: Spec, extension: str, **kwargs: Any) -> str:
    return url_for("images.rendition", attachment_id=image.id, version=version(image),
                   spec=spec.name, extension=extension, **kwargs)


class Source(NamedTuple):
    url: str
    width: int
    height: int


def sources(image: Any, ratio: str | None = None, widths: tuple[int, ...] = WIDTHS,
            extension: str = "webp", current: str | None = None) -> list[Source]:
    """The renditions of ``image`` a srcset offers, smallest first: one per width up to
    the image's own (never upscaled), each with its size. ``current``: the image's
    version, when the caller has it already."""
    address = _address_of(image.id, current or version(image))
    return [Source(f"{address}/{name}.{extension}", out_w, out_h)
            for name, out_w, out_h in _renditions(image.width, image.height, ratio,
                                                  tuple(widths))]


def picture_sources(image: Any, ratio: str | None, widths: tuple[int, ...]
                    ) -> tuple[list[Source], list[Source]]:
    """``sources`` in WebP and in the format browsers without it get (what a
    ``<picture>`` offers), with the address and the sizes worked out once for both."""
    address = _address_of(image.id, version(image))
    found = _renditions(image.width, image.height, ratio, tuple(widths))
    fallback = formats(image)[1]
    return ([Source(f"{address}/{name}.webp", out_w, out_h) for name, out_w, out_h in found],
            [Source(f"{address}/{name}.{fallback}", out_w, out_h)
             for name, out_w, out_h in found])


@functools.lru_cache(maxsize=4_096)
def _renditions(width: int, height: int, ratio: str | None,
                widths: tuple[int, ...]) -> tuple[tuple[str, int, int], ...]:
    """(spec name, width, height) of the renditions a srcset offers of an image of that
    size: the same for every photograph of one camera, so worked out once."""
    found: list[tuple[str, int, int]] = []
    for wanted in sorted(widths):
        spec = Spec(wanted, ratio)
        out_w, out_h = output_size(width, height, spec)
        if found and found[-1][1] == out_w:
            break  # the image is narrower than this width: the last one was all of it
        found.append((spec.name, out_w, out_h))
    return tuple(found)


def _address_of(image_id: int, current: str) -> str:
    """``/anh/<id>/<version>``: the route's address built once per request and filled
    in after (a list of twenty thumbnails prints eighty addresses; ``url_for`` for each
    was the most of its time)."""
    pattern = g.get("_rendition_address")
    if pattern is None:
        built = url_for("images.rendition", attachment_id=_ID_MARK, version=_VERSION_MARK,
                        spec="s", extension="e")
        pattern = g._rendition_address = built[:built.rindex("/")]
    return pattern.replace(str(_ID_MARK), str(image_id), 1).replace(_VERSION_MARK, current, 1)


_ID_MARK, _VERSION_MARK = 987_654_321, "vvvvvvvvvv"


TEXT_WIDTH = Spec(960)  # an image in rich text: as wide as the text column, twice over


def shown_in_text(image: Attachment) -> dict[str, Any]:
    """The rendition rich text shows of ``image``: its address, width and height."""
    width, height = output_size(image.width or 1, image.height or 1, TEXT_WIDTH)
    return {"url": rendition_url(image, TEXT_WIDTH, formats(image)[1]),
            "width": width, "height": height}


def text_marker(image: Any) -> str:
    """How rich text refers to the image's renditions: "/anh/12/" never matches
    "/anh/123/"."""
    return f"/anh/{image.id}/"


# --- making renditions ------------------------------------------------------------------

def _key(image: Attachment, spec: Spec, extension: str) -> tuple[str, tuple[int, int]]:
    box = crop_box(image.width or 1, image.height or 1, spec.ratio, image.focal_x,
                   image.focal_y)
    size = output_size(image.width or 1, image.height or 1, spec)
    digest = image.sha256
    return (f"r/{digest[:2]}/{digest}/{'-'.join(map(str, box))}-{size[0]}x{size[1]}"
            f".{extension}", size)


def _find(image: Attachment, spec: Spec, extension: str) -> ImageRendition | None:
    return db.session.scalar(select(ImageRendition).where(
        ImageRendition.attachment_id == image.id, ImageRendition.spec == spec.name,
        ImageRendition.format == extension))


def _original(image: Attachment) -> bytes:
    with get_storage().open(attachment_key(image)) as stream:
        return stream.read()


def ensure(image: Attachment, wanted: list[tuple[Spec, str]],
           data: bytes | None = None) -> list[ImageRendition]:
    """The renditions ``wanted`` (spec, extension) of ``image``, made (decoding the
    original once) and recorded for those that have none. Raises ``StorageError`` when
    the store fails."""
    kept = {(row.spec, row.format): row for row in db.session.scalars(
        select(ImageRendition).where(
            ImageRendition.attachment_id == image.id,
            ImageRendition.spec.in_({spec.name for spec, _ in wanted})))}
    rows: dict[tuple[str, str], ImageRendition | None] = {
        (spec.name, ext): kept.get((spec.name, ext)) for spec, ext in wanted}
    missing = [(spec, ext) for spec, ext in wanted if rows[spec.name, ext] is None]
    if missing:
        data = data if data is not None else _original(image)
        planned = [(spec, ext, *_key(image, spec, ext)) for spec, ext in missing]
        encoded = processing.render(data, [
            (crop_box(image.width or 1, image.height or 1, spec.ratio, image.focal_x,
                      image.focal_y), size, ext) for spec, ext, _, size in planned])
        storage = get_storage()
        for (spec, ext, key, size), content in zip(planned, encoded, strict=True):
            storage.put(key_for(image.tenant_id, key), content)
            rows[spec.name, ext] = _record(image, spec, ext, key, size, len(content))
    return [row for row in rows.values() if row is not None]


def _record(image: Attachment, spec: Spec, extension: str, key: str,
            size: tuple[int, int], length: int) -> ImageRendition | None:
    """Insert the rendition's row unless another request just did; the row either way."""
    db.session.execute(
        conflict_insert(ImageRendition.__table__).values(
            tenant_id=image.tenant_id, attachment_id=image.id, spec=spec.name,
            format=extension, storage_key=key, width=size[0], height=size[1],
            size=length)
        .on_conflict_do_nothing(index_elements=["attachment_id", "spec", "format"]))
    return _find(image, spec, extension)


def make_standard(image: Attachment, data: bytes) -> None:
    """The renditions every image gets when it is uploaded."""
    try:
        ensure(image, [(spec, ext) for spec in STANDARD for ext in formats(image)], data)
    except StorageError as error:
        raise store_failed(error) from error


def inspect_upload(data: bytes) -> tuple[int, int]:
    """The check of an uploaded image's pixels (``hub.files`` asks it)."""
    try:
        facts = processing.inspect(data)
    except processing.ImageUnreadable as error:
        if error.too_large:
            raise UploadRejected(_(
                "The image is too large: at most %(limit)s million pixels. Please send a "
                "smaller image.", limit=processing.MAX_PIXELS // 1_000_000)) from error
        raise UploadRejected(_("The image cannot be read: the file is damaged or "
                               "incomplete. Please upload the original again.")) from error
    return facts.width, facts.height


def set_focal_point(image: Attachment, x: float, y: float, *, by: Any) -> bool:
    """Move the point crops are centred on (fractions of width and height, clamped to
    0..1); the crops made around the old point are forgotten. Whether it moved."""
    x, y = min(max(float(x), 0.0), 1.0), min(max(float(y), 0.0), 1.0)
    if abs(x - image.focal_x) < 1e-4 and abs(y - image.focal_y) < 1e-4:
        return False
    image.focal_x, image.focal_y = x, y
    db.session.execute(delete(ImageRendition).where(
        ImageRendition.attachment_id == image.id, ImageRendition.spec.contains("-")))
    db.session.flush()
    record("image.focal_point", actor=by, obj=image, x=round(x, 4), y=round(y, 4))
    return True
