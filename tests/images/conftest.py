"""Images use the content tests' sites, staff clients and helpers, and photographs made
here with Pillow."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from tests.content.conftest import editor, site_a, site_admin, site_b  # noqa: F401

GPS_IFD = 0x8825


def photo_bytes(width: int = 1600, height: int = 1067, *, fmt: str = "JPEG",
                gps: bool = True, orientation: int | None = None) -> bytes:
    """A photograph: left half red, right half blue (a crop shows which part it kept),
    with a camera's EXIF and a GPS position when asked."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (width // 2, 0, width, height))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (21.0, 51.0, 0.0), 3: "E", 4: (106.0, 45.0, 0.0)}
    if orientation is not None:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes()) if fmt != "GIF" else image.save(buffer, fmt)
    return buffer.getvalue()


def bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A PNG declaring ``width`` x ``height`` pixels in a few bytes: the header says so,
    the data is a small compressed stream of zeros."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 100_000, 9)) + chunk(b"IEND", b""))
