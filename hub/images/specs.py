"""What a rendition is: a width from a fixed set, optionally cropped to an aspect ratio
around the image's focal point (``640`` or ``640-16x9``), in WebP or the original's
format. Pure arithmetic, so a page can print a rendition's address and size without
asking the database or the store.

The set is fixed so that an address cannot ask for an endless variety of files; a width
larger than the image (or its crop) is the image's own width: nothing is upscaled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WIDTHS = (320, 640, 960, 1280)
RATIOS: dict[str, tuple[int, int]] = {"16x9": (16, 9), "3x2": (3, 2), "3x4": (3, 4),
                                      "1x1": (1, 1)}
# The format a rendition of each original type falls back to beside WebP.
FALLBACK = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "png",
            "image/webp": "png"}
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg"),
           "png": ("PNG", "image/png")}
_SPEC = re.compile(r"^(\d{3,4})(?:-(\d{1,2}x\d{1,2}))?$")


@dataclass(frozen=True)
class Spec:
    width: int
    ratio: str | None = None   # a key of RATIOS, or None for the image's own shape

    @property
    def name(self) -> str:
        return f"{self.width}-{self.ratio}" if self.ratio else str(self.width)

    @classmethod
    def parse(cls, name: str) -> Spec | None:
        """The spec named ``name``, or None when it is not one of the fixed set."""
        found = _SPEC.match(name)
        if found is None:
            return None
        width, ratio = int(found[1]), found[2]
        if width not in WIDTHS or (ratio is not None and ratio not in RATIOS):
            return None
        return cls(width, ratio)


Box = tuple[int, int, int, int]


def crop_box(width: int, height: int, ratio: str | None, focal_x: float,
             focal_y: float) -> Box:
    """The largest part of a ``width`` x ``height`` image of ``ratio``, centred on the
    focal point as nearly as the edges allow."""
    if ratio is None:
        return (0, 0, width, height)
    a, b = RATIOS[ratio]
    if width * b > height * a:                        # wider than the ratio
        crop_w, crop_h = max(1, round(height * a / b)), height
    else:
        crop_w, crop_h = width, max(1, round(width * b / a))
    left = _clamp(round(focal_x * width - crop_w / 2), 0, width - crop_w)
    top = _clamp(round(focal_y * height - crop_h / 2), 0, height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def output_size(width: int, height: int, spec: Spec) -> tuple[int, int]:
    """The rendition's size in pixels for an image of ``width`` x ``height``."""
    if spec.ratio is None:
        crop_w, crop_h = width, height
    else:
        left, top, right, bottom = crop_box(width, height, spec.ratio, 0.5, 0.5)
        crop_w, crop_h = right - left, bottom - top
    out_w = min(spec.width, crop_w)
    return out_w, max(1, round(crop_h * out_w / crop_w))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
