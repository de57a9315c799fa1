"""A site's banner: the picture its admins chose for the header (``/quan-tri/cai-dat``),
shown behind the site's name beside the national emblem, the name and the governing
body that Circular 22/2023 keeps in every header. Without one the header shows its
own red and gold band.

The setting ``banner`` holds the attachment's id. The header shows its renditions
(``hub.images``) at the widths a screen asks for, with the size the upload's check
read (the page gives ``width`` and ``height`` so nothing moves while it loads). The
file is public while it is a site's banner: the download and rendition routes ask
``public_use``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select

from hub.extensions import db
from hub.files.models import Attachment
from hub.files.operations import Mentions, attachment_url, public_use
from hub.images.operations import ImageRef
from tenants.models import Tenant


@dataclass(frozen=True)
class Banner:
    """The banner as the header's macro (``public/_banner.html``) shows it."""
    url: str
    alt: str
    image: ImageRef | None = None  # its renditions; None for a picture of unknown size


def banner_setting(attachment: Attachment) -> dict[str, int]:
    return {"id": attachment.id}


def site_banner(tenant: Tenant) -> Banner | None:
    """``tenant``'s banner, or None (never set, or its file is gone)."""
    setting = tenant.setting("banner")
    if not isinstance(setting, dict) or not isinstance(setting.get("id"), int):
        return None
    attachment = db.session.get(Attachment, setting["id"])
    if attachment is None:
        return None
    return Banner(attachment_url(attachment), attachment.alt_text,
                  ImageRef.of(attachment) if attachment.width else None)


def _site_banner(attachment: Attachment, _text: Mentions) -> Select[Any]:
    return select(Tenant.id).where(
        Tenant.id == attachment.tenant_id,
        Tenant.settings[("banner", "id")].as_integer() == attachment.id)


def register_public_use() -> None:
    public_use("site_banner", _site_banner, cost=1)
