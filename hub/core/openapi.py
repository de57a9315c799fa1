"""What other capabilities add to the open-data API's OpenAPI document.

``hub.api`` renders the document and reads what was registered here; a capability
beside it registers its own paths here without importing ``hub.api`` (search adds
``/api/v1/search`` and ``/api/v1/search/suggest``).
"""

from __future__ import annotations

import copy
from typing import Any

_EXTRA_PATHS: dict[str, Any] = {}
_EXTRA_SCHEMAS: dict[str, Any] = {}


def register_paths(paths: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Add path items (keys are full paths such as ``/api/v1/search``) and component
    schemas to the document. Refer to schemas as ``#/components/schemas/<name>``; the
    shared ``Error``, ``Meta`` and ``Links`` schemas may be used too."""
    _EXTRA_PATHS.update(copy.deepcopy(paths))
    _EXTRA_SCHEMAS.update(copy.deepcopy(schemas))


def extra_paths() -> dict[str, Any]:
    """The registered path items (a copy: a document never changes the registry)."""
    return copy.deepcopy(_EXTRA_PATHS)


def extra_schemas() -> dict[str, Any]:
    """The registered component schemas (a copy)."""
    return copy.deepcopy(_EXTRA_SCHEMAS)
