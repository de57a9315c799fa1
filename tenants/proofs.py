"""The proofs that open rows to the application on PostgreSQL.

Row-level security reads who the running code acts for from transaction settings, and
any SQL the application's role runs (an injection, a careless raw query) can change a
setting. So the policies do not trust the settings alone: each comes with a proof, an
HMAC-SHA256 under a key derived from the app's ``SECRET_KEY``. The database keeps the
key where only the tables' owner can read it (``portal_private.portal_database_key``,
written by every ``flask db upgrade``), and two ``SECURITY DEFINER`` functions owned by
the owner check the proofs:

- ``portal_tenant()``: the tenant of ``app.tenant_id`` when ``app.tenant_proof`` is
  its HMAC, else NULL (no rows);
- ``portal_unscoped()``: true when ``app.unscoped_proof`` is the HMAC of this
  transaction's nonce (the backend's pid and the transaction's start time, which the
  application reads in the transaction before it opens an ``unscoped()`` block). A
  proof is worth nothing in any other transaction, so SQL that reads it inside one
  cross-site transaction cannot keep it for later.

Without the key, SQL run as the application's role sees only the rows of the tenant the
application set, whatever it sets itself.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

# The nonce of the current transaction, the same text in Python's query and in the check.
NONCE_SQL = ("(pg_backend_pid()::text || ':' || "
             "(extract(epoch FROM transaction_timestamp()) * 1000000)::bigint::text)")

_BLOCK = 64  # SHA-256's block size: HMAC's pads are this long


def database_key(secret: str | bytes) -> bytes:
    """The key of the proofs, derived from the app's secret (never the secret itself)."""
    raw = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(raw, b"portal hub: row-level security proofs v1", hashlib.sha256).digest()


def pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC's inner and outer keys, kept by the database: it computes
    ``sha256(outer || sha256(inner || message))`` with its built-in ``sha256``."""
    padded = key.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in padded), bytes(b ^ 0x5C for b in padded)


@lru_cache(maxsize=4096)
def tenant_proof(key: bytes, tenant_id: int) -> str:
    return _proof(key, f"tenant:{tenant_id}")


def unscoped_proof(key: bytes, nonce: str) -> str:
    return _proof(key, f"unscoped:{nonce}")


def _proof(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _check(message_sql: str) -> str:
    return ("encode(sha256(outer_pad || sha256(inner_pad || convert_to("
            f"{message_sql}, 'UTF8'))), 'hex')")


# Run by the tables' owner after every migration (``tenants.database``).
KEY_SCHEMA = "portal_private"
FUNCTIONS_SQL = (
    f"CREATE SCHEMA IF NOT EXISTS {KEY_SCHEMA}",
    f"REVOKE ALL ON SCHEMA {KEY_SCHEMA} FROM PUBLIC",
    f"CREATE TABLE IF NOT EXISTS {KEY_SCHEMA}.portal_database_key ("
    " only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),"
    " inner_pad bytea NOT NULL, outer_pad bytea NOT NULL)",
    f"REVOKE ALL ON {KEY_SCHEMA}.portal_database_key FROM PUBLIC",
    # PL/pgSQL keeps each function's plan for the session (a SQL function would plan its
    # query again at every statement that calls it).
    "CREATE OR REPLACE FUNCTION public.portal_tenant() RETURNS integer "
    "LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$ "
    "DECLARE tenant text := coalesce(current_setting('app.tenant_id', true), ''); "
    "BEGIN "
    "IF tenant = '' OR NOT EXISTS (SELECT FROM " + KEY_SCHEMA + ".portal_database_key "
    "WHERE " + _check("'tenant:' || tenant")
    + " = current_setting('app.tenant_proof', true)) THEN RETURN NULL; END IF; "
    "RETURN tenant::integer; END $$",
    "CREATE OR REPLACE FUNCTION public.portal_unscoped() RETURNS boolean "
    "LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$ "
    "BEGIN "
    "IF coalesce(current_setting('app.unscoped_proof', true), '') = '' THEN "
    "RETURN false; END IF; "
    "RETURN EXISTS (SELECT FROM " + KEY_SCHEMA + ".portal_database_key WHERE "
    + _check(f"'unscoped:' || {NONCE_SQL}")
    + " = current_setting('app.unscoped_proof', true)); END $$",
)

STORE_KEY_SQL = (
    f"INSERT INTO {KEY_SCHEMA}.portal_database_key (only_row, inner_pad, outer_pad) "
    "VALUES (true, :inner, :outer) ON CONFLICT (only_row) DO UPDATE "
    "SET inner_pad = EXCLUDED.inner_pad, outer_pad = EXCLUDED.outer_pad")
