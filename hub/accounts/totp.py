"""The mechanics of the second factor: TOTP secrets and codes, their encryption at rest,
recovery codes, and the QR code an authenticator app scans. Nothing here reads or writes
the database; ``hub.accounts.second_factor`` does, with these.

- **Secrets**: 160 random bits in base32 (the length RFC 4226 recommends), stored as a
  Fernet token (AES-128-CBC with HMAC-SHA256, from ``cryptography``) under a key derived
  with HKDF-SHA256 from ``SECRET_KEY``: a copy of the database alone does not give them.
  Changing ``PORTAL_SECRET_KEY`` therefore makes every stored secret and recovery code
  unusable; the office then resets those accounts' second factor.
- **Codes**: 6 digits per 30-second step (every authenticator app's default, RFC 6238),
  through ``pyotp``. A code of the step before or after the server's own is accepted
  too, for a phone whose clock drifts; which step matched is returned, so the caller
  can refuse that step and every earlier one from then on (no replay).
- **Recovery codes**: 10 signs from an alphabet without look-alikes (50 random bits),
  shown as ``K7QM4-XTB9R``. Unlike passwords they are random and long, so they need no
  slow hash: a keyed HMAC-SHA256 (its key also derived from ``SECRET_KEY``, the account
  in the message) makes a database dump useless for trying them, and lets a typed code
  be found by its hash in one indexed read rather than by ten Argon2 checks an attempt.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from markupsafe import Markup

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # one step either side of the server's clock
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I/L look-alikes
RECOVERY_LENGTH = 10
_TOTP_CODE = re.compile(rf"\d{{{DIGITS}}}")
_RECOVERY_CODE = re.compile(rf"[{RECOVERY_ALPHABET}]{{{RECOVERY_LENGTH}}}")


def _derived_key(purpose: str) -> bytes:
    """32 bytes for one purpose, derived from the app's secret key (HKDF-SHA256)."""
    secret_key = str(current_app.config["SECRET_KEY"]).encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=f"portal-hub second factor: {purpose}".encode()).derive(secret_key)


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derived_key("secret encryption")))


# --- secrets ---------------------------------------------------------------------------

def new_secret() -> str:
    return pyotp.random_base32()


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt_secret(token: str) -> str | None:
    """The secret, or None when it cannot be read (the secret key has changed)."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        current_app.logger.error("a second factor's secret cannot be decrypted; "
                                 "was PORTAL_SECRET_KEY changed?")
        return None


def grouped(secret: str) -> str:
    """The secret as people type it into an app by hand: groups of four."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account, issuer_name=issuer)


def qr_svg(uri: str, label: str) -> Markup:
    """The QR code of ``uri`` as inline SVG markup (the page's policy allows no inline
    script or style, and an inline ``<svg>`` needs neither), named for screen readers."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="qr-code")
    # segno's own markup: paths of fixed commands, nothing from the request in it.
    named = Markup('<svg role="img" aria-label="{}" ').format(label)
    return Markup(svg.replace("<svg ", named, 1))  # noqa: S704 - see above


# --- codes -----------------------------------------------------------------------------

def normalise_code(raw: str | None) -> str:
    """What was typed, without spaces or dashes, in capitals."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def is_totp_code(code: str) -> bool:
    return _TOTP_CODE.fullmatch(code) is not None


def is_recovery_code(code: str) -> bool:
    return _RECOVERY_CODE.fullmatch(code) is not None


def step_of(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step (within the drift allowed) whose code ``code`` is, or None."""
    if not is_totp_code(code):
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = step_of(now)
    found = None
    # Every candidate is compared (in constant time), so timing tells nothing.
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            found = step
    return found


# --- recovery codes ----------------------------------------------------------------------

def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Fresh codes as shown to the user (``K7QM4-XTB9R``)."""
    codes = []
    for _ in range(count):
        signs = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{signs[:5]}-{signs[5:]}")
    return codes


def recovery_code_hash(user_id: int, code: str) -> str:
    """The keyed hash stored for a recovery code (typed in any case, with or without
    its dash)."""
    message = f"{user_id}:{normalise_code(code)}".encode()
    return hmac.new(_derived_key("recovery codes"), message, hashlib.sha256).hexdigest()
