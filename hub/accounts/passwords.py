"""Password hashing with Argon2id (memory-hard), parameters from configuration."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

# Verified against when no account matches, so a wrong login name costs as much time
# as a wrong password and does not reveal which accounts exist.
_DUMMY_PASSWORD = "not-a-real-password"  # noqa: S105 - never matches a real hash


def _hasher() -> PasswordHasher:
    return PasswordHasher(memory_cost=current_app.config["ARGON2_MEMORY_KIB"],
                          time_cost=current_app.config["ARGON2_TIME_COST"])


@lru_cache(maxsize=4)
def _dummy_hash(memory_cost: int, time_cost: int) -> str:
    # Made once: hashing it on every unknown login would cost twice a real check and
    # make unknown accounts measurably slower.
    return PasswordHasher(memory_cost=memory_cost, time_cost=time_cost).hash(_DUMMY_PASSWORD)


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher = _hasher()
    if not password_hash:
        try:
            hasher.verify(_dummy_hash(hasher.memory_cost, hasher.time_cost), password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            pass
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
