"""Personal data in what citizens send: the shortened name the public sees, and the
contact details and identity numbers to redact from a text before it is published.

Staff see the redacted text before publishing and may correct it: the patterns catch
the usual forms (an email, a Vietnamese phone number, a 9- or 12-digit identity card
number), not every way a person can be identified.
"""

from __future__ import annotations

import re
import unicodedata

REDACTED = "[***]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# 0912 345 678, 0912.345.678, +84 912 345 678, (0205) 3812 656 ...
_PHONE = re.compile(r"(?<![\w])(\+?84|0)[\s.()-]*\d{2,4}([\s.()-]*\d){6,8}(?![\w])")
# Identity card (CMND, 9 digits) and citizen identity card (CCCD, 12 digits).
_ID_NUMBER = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def short_name(full_name: str) -> str:
    """"Nguyễn Văn An" -> "Nguyễn V. A.": the family name and initials, as Vietnamese
    portals publish a sender; one word stays as it is."""
    words = nfc(full_name).split()
    if len(words) <= 1:
        return words[0] if words else ""
    return " ".join([words[0], *(f"{word[0].upper()}." for word in words[1:])])


def redact(text: str, *, names: tuple[str, ...] = ()) -> str:
    """``text`` without emails, phone numbers, identity numbers, nor the given names
    (the sender's own name, written in the text)."""
    text = _EMAIL.sub(REDACTED, nfc(text))
    text = _PHONE.sub(REDACTED, text)
    text = _ID_NUMBER.sub(REDACTED, text)
    for name in names:
        name = nfc(name).strip()
        if len(name) >= 3:
            text = re.sub(re.escape(name), REDACTED, text, flags=re.IGNORECASE)
    return text


def found_personal_data(text: str) -> bool:
    """Does ``text`` still hold something ``redact`` would remove?"""
    return redact(text) != nfc(text)
