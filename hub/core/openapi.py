"""What other capabilities add to the open-data API's OpenAPI document.

``hub.api`` renders the document and reads what was registered here; a capability
beside it registers its own paths here without importing ``hub.api`` (search adds
``/api/v1/search`` and ``/api/v1/search/suggest``).

The document is written in English whatever the host; the one-line summaries of its
operations are marked ``N_`` so the catalogue holds them, and the API's index, which
people read, shows them in the host's language.
"""

from __future__ import annotations

import copy
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the name Babel extracts by default
    """Marks an operation's summary for translation; the document keeps the English."""
    return message


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
