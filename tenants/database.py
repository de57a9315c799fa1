"""PostgreSQL side of isolation, applied by the owner after every migration.

- Every table with a ``tenant_id`` column gets row-level security, enabled and forced,
  with the ``tenant_isolation`` policy (see ``tenants.isolation.rls_statements``; a table
  with ``partner_tenant_id`` as well is visible to both tenants of a row). Found
  from the catalogue rather than listed by hand, so a new tenant-owned table cannot be
  forgotten; ``tests/tenants/test_rls_catalogue.py`` checks the result.
- Policies trust the settings only with their proofs (``tenants.proofs``): the
  checking functions and the key, which only the owner can read, are written here.
- The application's role (the user in ``PORTAL_DATABASE_URL``) gets SELECT, INSERT,
  UPDATE, DELETE on the tables and use of the sequences; the audit log only SELECT and
  INSERT. It must not own the tables, be a superuser or bypass RLS: that is refused.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

from tenants import proofs
from tenants.isolation import rls_statements

APPEND_ONLY_TABLES = ("audit_entry",)


def tenant_owned_tables(connection: Connection, column: str = "tenant_id") -> list[str]:
    rows = connection.execute(text(
        "SELECT c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_name = c.table_name "
        " AND t.table_schema = c.table_schema "
        "WHERE c.table_schema = current_schema() AND c.column_name = :column "
        "AND t.table_type = 'BASE TABLE' ORDER BY c.table_name"), {"column": column})
    return [row[0] for row in rows]


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


class UnsafeApplicationRole(RuntimeError):
    pass


def prepare_postgresql(connection: Connection, app_database_url: str, key: bytes) -> None:
    for statement in proofs.FUNCTIONS_SQL:
        connection.execute(text(statement))
    inner, outer = proofs.pads(key)
    connection.execute(text(proofs.STORE_KEY_SQL), {"inner": inner, "outer": outer})
    shared = set(tenant_owned_tables(connection, "partner_tenant_id"))
    for table in tenant_owned_tables(connection):
        for statement in rls_statements(table, shared_with_partner=table in shared):
            connection.execute(text(statement))

    app_role = make_url(app_database_url).username
    owner = connection.execute(text("SELECT current_user")).scalar_one()
    if not app_role or app_role == owner:
        return  # a single-role setup (development); RLS is still forced on the owner
    flags = connection.execute(
        text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = :role"),
        {"role": app_role}).first()
    if flags is None:
        raise UnsafeApplicationRole(f"application role {app_role!r} does not exist")
    if flags.rolsuper or flags.rolbypassrls:
        raise UnsafeApplicationRole(
            f"application role {app_role!r} is a superuser or bypasses row-level security")
    role = _quote(connection, app_role)
    connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {role}"))
    connection.execute(text(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}"))
    connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}"))
    for table in APPEND_ONLY_TABLES:
        connection.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {_quote(connection, table)} "
                                f"FROM {role}"))
