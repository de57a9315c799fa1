"""The directory screens use the content tests' staff clients and helpers."""

from tests.content.conftest import editor, site_a, site_admin, site_b  # noqa: F401
