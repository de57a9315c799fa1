"""Reading and writing pixels with Pillow.

``inspect`` is the check of every uploaded image: the bytes must decode whole (a
truncated or corrupt file is refused), and an image whose pixel count passes
``MAX_PIXELS`` is refused before it is decoded (a "decompression bomb": a few kilobytes
that would take gigabytes of memory). ``render`` makes the renditions: the EXIF
orientation applied first, the crop, the resize, and a fresh encoding that carries no
metadata — no EXIF, no GPS position, no camera serial — whatever the original held.
"""

from __future__ import annotations

import contextlib
import io
import struct
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from hub.images.specs import FORMATS, Box

MAX_PIXELS = 40_000_000   # 40 megapixels: far beyond any photograph a site shows
_QUALITY = {"WEBP": 80, "JPEG": 82}


class ImageUnreadable(ValueError):
    """The bytes are not an image Pillow can decode whole; ``too_large`` when the image
    has more pixels than ``MAX_PIXELS``."""

    def __init__(self, detail: str, *, too_large: bool = False) -> None:
        super().__init__(detail)
        self.too_large = too_large


@dataclass(frozen=True)
class Facts:
    width: int    # as shown: after the EXIF orientation
    height: int


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ImageUnreadable(f"{width}x{height} pixels", too_large=True)
    return image


_checking = threading.Lock()


@contextlib.contextmanager
def _whole_images_only() -> Iterator[None]:
    """Pillow refusing a truncated file while an upload is checked. WeasyPrint (the
    reports' PDFs) turns ``LOAD_TRUNCATED_IMAGES`` on for the whole process when it is
    imported, and a truncated upload would then load as a picture with a grey end."""
    with _checking:
        tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def inspect(data: bytes) -> Facts:
    """Check that ``data`` is a whole image of a sane size; its size as shown."""
    with _whole_images_only(), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with _open(data) as image:
                image.verify()
            with _open(data) as image:
                image.load()
                width, height = image.size
                orientation = image.getexif().get(0x0112, 1)
        except ImageUnreadable:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageUnreadable(str(error), too_large=True) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
                struct.error) as error:
            raise ImageUnreadable(f"{type(error).__name__}: {error}") from error
    if orientation in (5, 6, 7, 8):  # turned a quarter: shown with sides swapped
        width, height = height, width
    return Facts(width, height)


def render(data: bytes, jobs: list[tuple[Box, tuple[int, int], str]]) -> list[bytes]:
    """Encode each ``(crop box, size, extension)`` of the image in ``data``, decoded
    once. The boxes are in the image as shown (after its EXIF orientation)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with _open(data) as original:
            original.seek(0)  # an animation: its first frame
            shown = ImageOps.exif_transpose(original)
    resized: dict[tuple[Box, tuple[int, int]], Image.Image] = {}  # one per format pair
    out = []
    for box, size, extension in jobs:
        if (box, size) not in resized:
            picture = shown.crop(box) if box != (0, 0, *shown.size) else shown
            if picture.size != size:
                picture = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
            resized[box, size] = picture
        out.append(_encode(resized[box, size], extension))
    return out


def _encode(picture: Image.Image, extension: str) -> bytes:
    pillow_format = FORMATS[extension][0]
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info)
    if pillow_format == "JPEG" or not has_alpha:
        picture = _flatten(picture) if has_alpha else picture.convert("RGB")
    else:
        picture = picture.convert("RGBA")
    buffer = io.BytesIO()
    # WebP's method 2 encodes three times faster than the default 4 for a few per cent.
    options: dict[str, object] = {"optimize": True} if pillow_format != "WEBP" else {
        "method": 2}
    if pillow_format in _QUALITY:
        options["quality"] = _QUALITY[pillow_format]
    if pillow_format == "JPEG":
        options["progressive"] = True
    # Saved without exif=, icc_profile= or pnginfo=, and nothing of the original's
    # info left to carry over: no metadata at all.
    picture.info.clear()
    picture.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def _flatten(picture: Image.Image) -> Image.Image:
    """Transparency onto white (JPEG has none)."""
    rgba = picture.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background
