"""The ``<picture>`` of a photograph, as pages print it (the ``picture`` template global).

Its renditions in WebP and in the original's format at every width up to the image's
own (``operations.sources``), ``sizes`` telling the browser how wide it is shown, width
and height set so the page does not move as it loads. Built in Python rather than as a
template macro: a list of twenty thumbnails prints eighty addresses, and this is the
hot path of every uncached list and home page.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from markupsafe import Markup, escape

from hub.images.operations import picture_sources
from hub.images.specs import WIDTHS

_EAGER = Markup('loading="eager" decoding="async" fetchpriority="high"')
_LAZY = Markup('loading="lazy" decoding="async"')


def picture(image: Any, sizes: str = "100vw", ratio: str | None = None,
            alt: str | None = None, caption: str = "", credit: str = "",
            eager: bool = False, widths: tuple[int, ...] | None = None,
            **attributes: Any) -> Markup:
    """``image`` (an Attachment or an ``ImageRef``) as ``<picture>``: ``ratio`` a crop
    ("16x9", "3x2", "3x4", "1x1") around the focal point, or None for the image's own
    shape; ``alt`` the description when it is not the image's own; ``eager`` for the
    first image of a page, loaded at once; a ``caption`` or ``credit`` puts it in a
    ``<figure>``; ``class`` (a keyword) names its class. Every text is escaped here."""
    css_class = escape(attributes.get("class") or "")
    description = escape(image.alt_text if alt is None else alt)
    loading = _EAGER if eager else _LAZY
    in_figure = bool(caption or credit)
    if image.width:
        webp, fallback = picture_sources(image, ratio, widths or WIDTHS)
        shown, largest = fallback[1] if len(fallback) > 1 else fallback[0], fallback[-1]
        sizes = escape(sizes)
        class_attribute = f' class="{css_class}"' if css_class and not in_figure else ""
        body = (f'<picture{class_attribute}><source type="image/webp" sizes="{sizes}" '
                f'srcset="{_srcset(webp)}"><img src="{shown.url}" '
                f'srcset="{_srcset(fallback)}" sizes="{sizes}" width="{largest.width}" '
                f'height="{largest.height}" alt="{description}" {loading}></picture>')
    elif getattr(image, "filename", None) is not None:
        from hub.files.operations import attachment_url
        body = f'<img src="{escape(attachment_url(image))}" alt="{description}" {loading}>'
    else:
        return Markup()
    if not in_figure:
        return Markup(body)  # noqa: S704 - every text in it is escaped above
    credit_markup = f' <span class="credit">{escape(_("Photo: %(credit)s", credit=credit))}' \
        "</span>" if credit else ""
    figure_class = f" {css_class}" if css_class else ""
    return Markup(f'<figure class="photo{figure_class}">{body}'  # noqa: S704 - escaped
                  f"<figcaption>{escape(caption)}{credit_markup}</figcaption></figure>")


def _srcset(found: list[Any]) -> str:
    """Addresses made by ``operations.sources``: digits, hex and the spec's name only."""
    return ", ".join(f"{source.url} {source.width}w" for source in found)
