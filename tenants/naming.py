"""Domain labels and hostnames of sites, by the province's naming rule (003 Đ4).

A label is the unit's Vietnamese name without diacritics, ``đ`` -> ``d``, lowercase,
with no spaces or punctuation: "Song Giáp" -> ``songgiap``, "Đình Lập" -> ``dinhlap``.
Article 4 names districts and communes without their unit type
(``binhgia.langson.gov.vn``, ``songgiap.caoloc.langson.gov.vn``); after the 2025
reorganisation a province may keep the unit type in its 4th-level commune names
(seed 000: ``xathongnhat.langson.gov.vn``), so that choice is a flag here.

Labels fold names with ``hub.core.text.fold_vietnamese``, the one folding function of
the project: search folds its index and its queries with it too.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

from hub.core.text import fold_vietnamese

# Unit types recognised at the start of a name, longest first so that "Thị xã" is not
# read as "Thị ..." and "Thành phố" wins over shorter prefixes.
UNIT_TYPES: tuple[str, ...] = tuple(sorted(
    ("Xã", "Phường", "Thị trấn", "Đặc khu", "Huyện", "Quận", "Thị xã", "Thành phố", "Tỉnh"),
    key=len, reverse=True))

MAX_LABEL_LENGTH = 63      # RFC 1035
MAX_HOSTNAME_LENGTH = 253

# DNS labels: letters, digits and inner hyphens. Names never produce hyphens, but an
# operator may choose one to resolve a collision ("xavanlang-dinhhoa").
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_NOT_LABEL_CHARACTER = re.compile(r"[^a-z0-9]")
_SPACES = re.compile(r"\s+")


class InvalidLabel(ValueError):
    """A label or hostname that DNS, or the naming rule, does not allow (the message is
    lazy: the office's screens show it in the host's language)."""




def split_unit_type(name: str) -> tuple[str | None, str]:
    """Split "Xã Thống Nhất" into ("Xã", "Thống Nhất"); (None, name) without a type.

    The prefix is matched with its diacritics (in any case and Unicode form), so a
    commune whose own name starts with "Xa" or "Quan" is not mistaken for "Xã"/"Quận".
    """
    clean = _SPACES.sub(" ", unicodedata.normalize("NFC", name)).strip()
    lowered = clean.lower()
    for unit_type in UNIT_TYPES:
        prefix = unit_type.lower() + " "
        if lowered.startswith(prefix) and len(clean) > len(prefix):
            return unit_type, clean[len(prefix):]
    return None, clean


def domain_label(name: str, *, include_unit_type: bool = False) -> str:
    """The domain label of a unit from its Vietnamese name (003 Đ4).

    ``domain_label("Xã Song Giáp") == "songgiap"``;
    ``domain_label("Xã Thống Nhất", include_unit_type=True) == "xathongnhat"``.
    Raises ``InvalidLabel`` when the name gives no usable label (empty, too long).
    """
    _, bare_name = split_unit_type(name)
    text = name if include_unit_type else bare_name
    label = _NOT_LABEL_CHARACTER.sub("", fold_vietnamese(text))
    if not label:
        raise InvalidLabel(_l("the name %(name)s gives no domain label; choose one by hand",
                              name=repr(name)))
    if len(label) > MAX_LABEL_LENGTH:
        raise InvalidLabel(_l("the name %(name)s gives a label longer than %(count)d "
                              "characters; choose a shorter one by hand", name=repr(name),
                              count=MAX_LABEL_LENGTH))
    return label


def validate_label(label: str) -> str:
    """Return ``label`` if it is a valid DNS label (a-z, 0-9, inner hyphens, 1..63)."""
    if not isinstance(label, str) or not _LABEL.match(label):
        raise InvalidLabel(_l(
            "%(label)s is not a valid domain label: use 1 to %(count)d lowercase letters "
            "a-z, digits or inner hyphens, without diacritics", label=repr(label),
            count=MAX_LABEL_LENGTH))
    return label


def validate_hostname(hostname: str) -> str:
    """Return the canonical form of ``hostname`` (lowercase, no trailing dot) or raise."""
    host = hostname.strip().rstrip(".").lower() if isinstance(hostname, str) else ""
    if not host or len(host) > MAX_HOSTNAME_LENGTH:
        raise InvalidLabel(_l("%(host)s is not a valid hostname", host=repr(hostname)))
    for label in host.split("."):
        validate_label(label)
    return host


def site_hostname(label: str, parent_host: str) -> str:
    """The host of a site named ``label`` under its parent's host.

    A commune under its district is on the 5th level
    (``site_hostname("songgiap", "caoloc.langson.gov.vn")``); a commune directly under
    the province, as after 2025, on the 4th (``xathongnhat.langson.gov.vn``).
    """
    return validate_hostname(f"{validate_label(label)}.{validate_hostname(parent_host)}")


def first_label(hostname: str) -> str:
    """The site's own label in its host: ``songgiap`` of ``songgiap.caoloc.langson.gov.vn``."""
    return hostname.split(".", 1)[0]


def parent_suffix(hostname: str) -> str:
    """What a host hangs under: ``gov.vn`` of ``langson.gov.vn``."""
    return hostname.split(".", 1)[1] if "." in hostname else hostname
