"""How Python enums are stored: as their values, in a VARCHAR with a named CHECK."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def stored_enum(cls: type[enum.Enum], length: int = 24) -> Enum:
    return Enum(cls, name=cls.__name__.lower(), native_enum=False, create_constraint=True,
                values_callable=lambda members: [m.value for m in members], length=length)
