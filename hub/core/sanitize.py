"""Cleaning what staff type: rich text through an allow-list, plain text to clean NFC.

Every rich-text field (an item's body, a leader's biography and duties) is stored only
after ``clean_html``; templates may then mark it safe. The cleaning is done by ``nh3``
(the Python binding of the Rust ``ammonia`` sanitiser, which parses like a browser), with
an explicit allow-list of what a government article needs: headings, paragraphs, lists,
quotes, tables, figures, links and images. Everything else — scripts, styles, event
handlers, frames, forms, SVG/MathML, ``class`` and ``style`` attributes,
``javascript:``/``data:`` URLs — is removed, never escaped into visible junk.

Vietnamese is stored in NFC (TCVN 6909, Unicode precomposed), so text typed with a
decomposed input method and text pasted from Word compare and search alike.
"""

from __future__ import annotations

import html as html_entities
import re
import unicodedata
from html.parser import HTMLParser

import nh3

# Headings start at h2: the page's own title is the h1 (one h1 per page, WCAG 1.3.1).
ALLOWED_TAGS: frozenset[str] = frozenset({
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "img",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "figure", "figcaption", "hr", "pre", "code",
})

ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}

# Attributes whose only allowed values are listed (nh3 drops any other value).
ALLOWED_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    "th": {"scope": {"row", "col", "rowgroup", "colgroup"}},
}

# Links may point to the web or an email address; relative links stay on the site.
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

# Removed together with everything inside them (not only the tag): their content is
# code or markup, never text a reader should see.
DROPPED_WITH_CONTENT: frozenset[str] = frozenset({
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "noframes",
    "object", "embed", "applet", "svg", "math", "textarea", "select", "title", "xmp",
    "noembed", "plaintext",
})

LINK_REL = "noopener noreferrer"

_NUMBER = re.compile(r"^[0-9]{1,4}$")
_SPAN = re.compile(r"^[1-9][0-9]{0,2}$")
# Bidirectional overrides and isolates can make text read differently from what it
# is ("Trojan source"); zero-width spaces and BOMs split words invisibly.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                    "\u2066\u2067\u2068\u2069\ufeff"))
_SPACES = re.compile(r"\s+")


def _is_safe_image_source(value: str) -> bool:
    # Images come from this site's own files (or their renditions) or from an HTTPS
    # address: no data: URLs (they smuggle SVG with scripts), no plain http (mixed content).
    if value.startswith(("/tep/", "/anh/")):
        return "\\" not in value and "//" not in value
    return value.lower().startswith("https://")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    value = value.strip()
    if tag == "img" and attribute == "src":
        return value if _is_safe_image_source(value) else None
    if attribute in ("width", "height"):
        return value if _NUMBER.match(value) else None
    if attribute in ("colspan", "rowspan"):
        return value if _SPAN.match(value) else None
    return value


def clean_text(text: str | None) -> str:
    """Plain text as stored: NFC, line ends as ``\\n``, no control or invisible
    characters (tabs and new lines are kept), no surrounding whitespace."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    return "".join(
        ch for ch in text
        if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    ).strip()


def clean_line(text: str | None) -> str:
    """``clean_text`` for one-line fields (titles, names): runs of whitespace, new lines
    included, become one space."""
    return _SPACES.sub(" ", clean_text(text))


def clean_html(html: str | None) -> str:
    """Rich text reduced to the allow-list; safe to render as it is."""
    text = clean_text(html)
    if not text:
        return ""
    return nh3.clean(
        text,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        tag_attribute_values={tag: {name: set(values) for name, values in attrs.items()}
                              for tag, attrs in ALLOWED_ATTRIBUTE_VALUES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel=LINK_REL,
    ).strip()


class _ImageCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.missing: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "img":
            return
        values = dict(attrs)
        if not (values.get("alt") or "").strip():
            self.missing.append(values.get("src") or "")

    handle_startendtag = handle_starttag


def missing_alt_images(html: str | None) -> list[str]:
    """The ``src`` of every image in ``html`` without an alternative text.

    Forms refuse rich text with such images (WCAG 1.1.1): a screen-reader user must
    know what a photo of a meeting shows, as every reader does.
    """
    if not html:
        return []
    collector = _ImageCollector()
    collector.feed(html)
    collector.close()
    return collector.missing


def visible_text(html: str | None) -> str:
    """The words a reader sees in rich text ``html``: tags dropped, entities decoded,
    white space collapsed."""
    text = html_entities.unescape(nh3.clean(html or "", tags=set()))
    return " ".join(text.split())


def opens_with(html: str | None, text: str | None) -> bool:
    """True when rich text ``html`` begins with the words of ``text`` (a summary that
    the body repeats)."""
    words = " ".join((text or "").split()).casefold()
    return bool(words) and visible_text(html).casefold().startswith(words)
