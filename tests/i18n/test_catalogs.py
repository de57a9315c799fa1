"""The Vietnamese catalog is complete: every UI string in the code and templates has a
reviewed (non-fuzzy) Vietnamese translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGS = ROOT / "i18n" / "translations"
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None,
            "lazy_gettext": None, "lazy_ngettext": (1, 2)}
SOURCE_PACKAGES = ("hub", "tenants", "search", "i18n")


def _catalog(locale: str):
    with open(CATALOGS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


def _source_messages() -> set[str]:
    found: set[str] = set()
    for package in SOURCE_PACKAGES:
        for _, _, message, _, _ in extract_from_dir(
                ROOT / package, METHOD_MAP, keywords=KEYWORDS,
                options_map={"**/templates/**.html": {"extensions": "jinja2.ext.do"}}):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    catalog = _catalog("vi")
    untranslated = [m.id for m in catalog if m.id and not (
        all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_string_in_the_code_is_in_the_catalog(locale):
    catalog = _catalog(locale)
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}
    missing = sorted(_source_messages() - known)
    assert missing == [], "run `make i18n` and translate the new strings"


def _literal_template_text(path: Path) -> list[str]:
    """Words written straight into a template, outside {% trans %} and {{ _() }}."""
    import re

    from jinja2 import Environment
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)
    pieces: list[str] = []
    inside_trans = False
    for _, token, value in env.lex(path.read_text(encoding="utf-8")):
        if token == "name" and value in ("trans", "pluralize"):
            inside_trans = True
        elif token == "name" and value == "endtrans":
            inside_trans = False
        if token == "data" and not inside_trans:
            pieces.append(value)
        elif not pieces or pieces[-1] != " EXPR ":
            pieces.append(" EXPR ")  # an expression or tag: translated or data-driven
    text = "".join(pieces)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)  # tags and their attributes
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return [w for w in re.findall(r"[^\W\d_]{2,}", text) if w != "EXPR"]


def test_no_template_text_is_left_outside_the_catalog():
    leftovers = {}
    for path in ROOT.glob("*/templates/**/*.html"):
        words = _literal_template_text(path)
        if words:
            leftovers[str(path.relative_to(ROOT))] = words
    for path in ROOT.glob("*/*/templates/**/*.html"):
        words = _literal_template_text(path)
        if words:
            leftovers[str(path.relative_to(ROOT))] = words
    assert leftovers == {}
