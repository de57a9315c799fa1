"""Tracking codes: short, unguessable, easy to read aloud over the phone.

Twelve characters from 29 signs without look-alikes (no 0/O, 1/I/L, U/V), shown in
three groups of four (``K7QM-4XTB-9RWH``): 29**12, about 2**58 codes, so guessing one
among even millions is hopeless at the tracking page's rate limit. Typed codes are
read leniently: lower case, spaces and dashes are fine.
"""

from __future__ import annotations

import re
import secrets

from hub.core.ratelimit import Rule

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"  # 29 signs: no 0 O 1 I L U V
LENGTH = 12
GROUP = 4
_TYPED = re.compile(r"[\s\-_.]+")
# Look-ups by code, per client and site, on the tracking page and the API together: one
# budget, so that guessing gains nothing by switching between them.
TRACK_RULE = Rule("questions.track", 20, 600)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise(typed: str | None) -> str | None:
    """The stored form of a typed code, or None when it cannot be one."""
    code = _TYPED.sub("", (typed or "").upper())
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
