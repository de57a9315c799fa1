"""Fixtures of the console's tests."""

from tests.console.reports_helpers import office_sites, publication_figures

__all__ = ["office_sites", "publication_figures"]
