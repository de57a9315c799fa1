"""Addresses on the public pages: the canonical addresses of items
(``hub.content.addresses``) and the hosts they live on (``tenants.hosts``), and links
from one site to another.
"""

from __future__ import annotations

from flask import has_request_context

from hub.content.addresses import SECTIONS, TYPES_BY_SECTION, item_path, item_url  # noqa: F401
from tenants.hosts import base_url  # noqa: F401


def site_link(host: str) -> str:
    """``//host[:port]/``: a link to another site's home that keeps the reader's scheme
    (behind a TLS-terminating proxy the request itself may look like plain HTTP)."""
    port = ""
    if has_request_context():
        from tenants.resolution import port_suffix
        port = port_suffix()
    return f"//{host}{port}/"
