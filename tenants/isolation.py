"""Tenant isolation, enforced in one place for the ORM and again by PostgreSQL.

ORM (every database):
- every SELECT, UPDATE and DELETE that touches a tenant-owned model gets
  ``tenant_id == current`` through ``with_loader_criteria`` (relationship and column
  loads included, since the criteria propagate to loaders);
- such a statement with no tenant in context raises ``TenantContextMissing`` unless the
  code opened ``tenants.context.unscoped()``;
- new rows are stamped with the current tenant; a row of another tenant raises
  ``TenantMismatch``.

PostgreSQL: every tenant-owned table has row-level security enabled and forced, with a
policy on the transaction-local setting ``app.tenant_id`` that ``after_begin`` sets with
a bound parameter, together with its proof (``tenants.proofs``): SQL that changes the
settings without the app's key gets no rows. No setting means no rows (fail closed).
The app's role does not own the tables, so a bug in Python still cannot read another
tenant's rows.

A few rows are the common work of exactly two tenants (a translation request: the site
whose item is translated, and the translation office that translates it). Those models
use ``SharedWithPartner``: the row belongs to ``tenant_id`` and is visible to, and may be
changed by, ``partner_tenant_id`` too; nothing else of either tenant becomes visible to
the other. The same rule is the ORM criteria and the PostgreSQL policy.
"""

from __future__ import annotations

import weakref
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import ForeignKey, bindparam, event, inspect, or_, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    column_property,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)

from tenants import context, proofs
from tenants.context import TenantContext, TenantContextMissing, TenantMismatch


class TenantOwned:
    """Mixin of every model whose rows belong to one tenant."""

    # Rows written by the hub itself (e.g. an audit entry of a CLI action) may have no
    # tenant when a model sets this; they are then visible only to unscoped code.
    __tenant_optional__ = False

    @declared_attr.cascading
    def tenant_id(cls) -> Mapped[int]:  # noqa: N805
        column = mapped_column("tenant_id", ForeignKey("tenant.id", ondelete="RESTRICT"),
                               index=True, nullable=cls.__tenant_optional__)
        parent_table = _joined_parent_table(cls)
        if parent_table is None:
            return column
        # A joined-inheritance subclass (Article under ContentItem) has its own table:
        # it carries tenant_id too, so row-level security protects that table as well,
        # and one attribute writes both columns.
        # The base table's column comes first: it is what queries filter on, so the
        # (tenant_id, locale, slug) and listing indexes of the base table serve them.
        return column_property(parent_table.c.tenant_id, column)  # type: ignore[return-value]


def _joined_parent_table(cls: type) -> Any:
    if "__tablename__" not in cls.__dict__:
        return None
    for base in cls.__mro__[1:]:
        table = base.__dict__.get("__table__")
        if table is not None and "tenant_id" in table.c:
            return table
    return None


class SharedWithPartner:
    """Mixin of a model whose rows belong to one tenant and are shared with one other,
    named per row (``partner_tenant_id``). Never a joined-inheritance base."""

    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="RESTRICT"),
                                           index=True)
    partner_tenant_id: Mapped[int] = mapped_column(
        ForeignKey("tenant.id", ondelete="RESTRICT"), index=True)

    def visible_to(self, tenant_id: int | None) -> bool:
        return tenant_id is not None and tenant_id in (self.tenant_id,
                                                        self.partner_tenant_id)


def is_tenant_owned(mapper_or_class: Any) -> bool:
    cls = getattr(mapper_or_class, "class_", mapper_or_class)
    return isinstance(cls, type) and issubclass(cls, (TenantOwned, SharedWithPartner))


def _scope_statement(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("skip_tenant_scope"):
        return  # internal: the hook's own bookkeeping
    ctx = context.current()
    if ctx.unscoped:
        return
    if ctx.tenant_id is None:
        if any(is_tenant_owned(mapper) for mapper in state.all_mappers):
            names = ", ".join(sorted({m.class_.__name__ for m in state.all_mappers
                                      if is_tenant_owned(m)}))
            raise TenantContextMissing(
                f"query of tenant-owned {names} with no tenant in context; act inside "
                "tenant_scope(...) or an explicit unscoped() block")
        return
    if isinstance(state.parameters, list):
        # An UPDATE/DELETE with many parameter sets is SQLAlchemy's "bulk by primary
        # key": it takes no loader criteria and would write the rows of any site.
        if any(map(is_tenant_owned, state.all_mappers)):
            raise TenantMismatch("a bulk UPDATE or DELETE by primary key is not scoped to "
                                 "the tenant; use update(...).where(...) or loaded rows")
        return
    state.statement = _scoped(state.statement)
    state.parameters = {**(state.parameters or {}), TENANT_PARAMETER: ctx.tenant_id}


# A statement with the criteria added, kept as long as the statement it was made from:
# the statements a page runs on every request are built once (``hub.public.queries``),
# and SQLAlchemy keeps each statement's cache key with it, so the scoped statement's key
# is worked out once too instead of at every execution (a tenth of an item page).
_scoped_statements: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _scoped(statement: Any) -> Any:
    try:
        scoped = _scoped_statements.get(statement)
    except TypeError:  # a kind of statement that cannot be referred to weakly
        return statement.options(*_TENANT_CRITERIA)
    if scoped is None:
        scoped = _scoped_statements[statement] = statement.options(*_TENANT_CRITERIA)
    return scoped


# The current tenant reaches the SQL as the bound parameter TENANT_PARAMETER, added to
# the statement's parameters by the hook: the criteria are one constant option pair, so
# SQLAlchemy neither analyses a lambda's closure nor keys its statement cache on a
# tenant's own option at every execution. A statement run without the parameter fails
# (closed) instead of reading any tenant's rows. (The lambdas spell the name out: a
# global in a criteria lambda would be analysed as a value.) The criteria do not ride
# along with loaded objects to their later lazy loads and refreshes: the hook scopes
# those statements too, to the tenant current when they run (none inside unscoped()).
TENANT_PARAMETER = "tenant_scope_id"
_TENANT_CRITERIA = (
    with_loader_criteria(TenantOwned,
                         lambda cls: cls.tenant_id == bindparam("tenant_scope_id"),
                         include_aliases=True, track_closure_variables=False,
                         propagate_to_loaders=False),
    with_loader_criteria(SharedWithPartner,
                         lambda cls: or_(cls.tenant_id == bindparam("tenant_scope_id"),
                                         cls.partner_tenant_id == bindparam(
                                             "tenant_scope_id")),
                         include_aliases=True, track_closure_variables=False,
                         propagate_to_loaders=False),
)


def _stamp_rows(session: Session, flush_context: Any, instances: Any) -> None:
    ctx = context.current()
    for obj in session.new:
        if not isinstance(obj, TenantOwned):
            continue
        if obj.tenant_id is None:
            if ctx.tenant_id is not None:
                obj.tenant_id = ctx.tenant_id
            elif not (ctx.unscoped and type(obj).__tenant_optional__):
                raise TenantContextMissing(
                    f"new {type(obj).__name__} has no tenant and none is in context")
        elif ctx.tenant_id is not None and obj.tenant_id != ctx.tenant_id:
            raise TenantMismatch(
                f"new {type(obj).__name__} of tenant {obj.tenant_id} while acting for "
                f"tenant {ctx.tenant_id}")
    for obj in session.new | session.dirty | session.deleted:
        if isinstance(obj, SharedWithPartner):
            _check_shared(obj, ctx)
    for obj in session.dirty:
        if not isinstance(obj, TenantOwned):
            continue
        history = inspect(obj).attrs.tenant_id.history
        if history.deleted and history.deleted[0] is not None:
            raise TenantMismatch(f"{type(obj).__name__} cannot move to another tenant")
        if ctx.tenant_id is not None and obj.tenant_id != ctx.tenant_id:
            raise TenantMismatch(
                f"{type(obj).__name__} of tenant {obj.tenant_id} changed while acting "
                f"for tenant {ctx.tenant_id}")
    for obj in session.deleted:
        if (isinstance(obj, TenantOwned) and ctx.tenant_id is not None
                and obj.tenant_id != ctx.tenant_id):
            raise TenantMismatch(f"{type(obj).__name__} of another tenant deleted")


def _check_shared(obj: SharedWithPartner, ctx: TenantContext) -> None:
    if obj.tenant_id is None and ctx.tenant_id is not None:
        obj.tenant_id = ctx.tenant_id
    if obj.tenant_id is None or obj.partner_tenant_id is None:
        if not ctx.unscoped:
            raise TenantContextMissing(f"{type(obj).__name__} needs both its tenants")
        return
    for column in ("tenant_id", "partner_tenant_id"):
        history = getattr(inspect(obj).attrs, column).history
        if history.deleted and history.deleted[0] is not None:
            raise TenantMismatch(f"{type(obj).__name__} cannot move to another tenant")
    if ctx.tenant_id is not None and not obj.visible_to(ctx.tenant_id):
        raise TenantMismatch(f"{type(obj).__name__} of tenants {obj.tenant_id} and "
                             f"{obj.partner_tenant_id} written while acting for tenant "
                             f"{ctx.tenant_id}")


# --- PostgreSQL session settings ------------------------------------------------

def _apply_database_context(connection: Connection, ctx: TenantContext) -> None:
    if connection.dialect.name != "postgresql":
        return
    key = _database_key()
    if key is not None and ctx.unscoped:
        # The cross-site proof is made for this transaction: its nonce comes first.
        nonce = connection.execute(text(
            "SELECT set_config('app.tenant_id', '', true), "
            f"set_config('app.tenant_proof', '', true), {proofs.NONCE_SQL}")).one()[2]
        connection.execute(text("SELECT set_config('app.unscoped_proof', :proof, true)"),
                           {"proof": proofs.unscoped_proof(key, nonce)})
        return
    scoped = key is not None and ctx.tenant_id is not None
    connection.execute(
        text("SELECT set_config('app.tenant_id', :tenant, true), "
             "set_config('app.tenant_proof', :tenant_proof, true), "
             "set_config('app.unscoped_proof', '', true)"),
        {"tenant": str(ctx.tenant_id) if scoped else "",
         "tenant_proof": proofs.tenant_proof(key, ctx.tenant_id) if scoped else ""},
    )


def _database_key() -> bytes | None:
    """The proofs' key of the running app (none outside an app: no rows, fail closed)."""
    if not has_app_context():
        return None
    return current_app.extensions.get("portal_database_key")


def _after_begin(session: Session, transaction: Any, connection: Connection) -> None:
    _apply_database_context(connection, context.current())


def install(session_class: type[Session], get_session: Any) -> None:
    """Register the hooks on the Session class the app uses (once per process)."""
    if getattr(session_class, "_tenant_isolation_installed", False):
        return
    event.listen(session_class, "do_orm_execute", _scope_statement)
    event.listen(session_class, "before_flush", _stamp_rows)
    event.listen(session_class, "after_begin", _after_begin)

    def reapply(ctx: TenantContext) -> None:
        # A switch of context inside an open transaction (CLI loops over tenants).
        session = get_session()
        transaction = session.get_transaction() if session is not None else None
        if transaction is None or not transaction.is_active:
            return  # none open, or one being committed (its after-commit work)
        try:
            _apply_database_context(session.connection(), ctx)
        except DBAPIError as exc:
            # An aborted transaction runs no statement at all until it is rolled back
            # (which also drops the setting), so there is nothing to re-apply.
            if getattr(exc.orig, "sqlstate", None) != "25P02":
                raise

    context.on_change(reapply)
    session_class._tenant_isolation_installed = True  # type: ignore[attr-defined]


# --- row-level security DDL (used by migrations and checked by tests) --------------

# Who the code acts for, as the database sees it: the settings' values only with their
# proofs (``tenants.proofs``). Each check is a scalar sub-select, worked out once per
# statement rather than once per row.
TENANT_SQL = "(SELECT public.portal_tenant())"
UNSCOPED_SQL = "(SELECT public.portal_unscoped())"

POLICY_EXPRESSION = f"(tenant_id = {TENANT_SQL} OR {UNSCOPED_SQL})"

UNSCOPED_EXPRESSION = f"({UNSCOPED_SQL})"

# Tables that carry a tenant_id but are public registries: anyone may read them (every
# site links to every other), only unscoped code (the office's lifecycle operations) may
# write them.
PUBLIC_REGISTRY_TABLES = frozenset({"domain"})


PARTNER_POLICY_EXPRESSION = (
    f"({TENANT_SQL} IN (tenant_id, partner_tenant_id) OR {UNSCOPED_SQL})"
)


def rls_statements(table: str, *, shared_with_partner: bool = False) -> list[str]:
    """DDL that puts a table with a tenant_id under row-level security (PostgreSQL).

    ``shared_with_partner``: the table also has ``partner_tenant_id`` (see
    ``SharedWithPartner``) and each row is visible to both of its tenants."""
    statements = [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS tenant_isolation ON "{table}"',
        f'DROP POLICY IF EXISTS public_read ON "{table}"',
    ]
    if table in PUBLIC_REGISTRY_TABLES:
        return statements + [
            f'CREATE POLICY public_read ON "{table}" FOR SELECT USING (true)',
            f'CREATE POLICY tenant_isolation ON "{table}" USING {UNSCOPED_EXPRESSION} '
            f"WITH CHECK {UNSCOPED_EXPRESSION}",
        ]
    expression = PARTNER_POLICY_EXPRESSION if shared_with_partner else POLICY_EXPRESSION
    return statements + [
        f'CREATE POLICY tenant_isolation ON "{table}" USING {expression} '
        f"WITH CHECK {expression}",
    ]


def database_accepts_proofs(connection: Connection) -> bool:
    """Whether the database checks the proofs with this app's key (PostgreSQL; always
    true elsewhere). False after ``PORTAL_SECRET_KEY`` changed without a
    ``flask db upgrade``: every site would then read no rows."""
    if connection.dialect.name != "postgresql":
        return True
    key = _database_key()
    if key is None:
        return False
    connection.execute(text("SELECT set_config('app.tenant_id', '0', true), "
                            "set_config('app.tenant_proof', :proof, true)"),
                       {"proof": proofs.tenant_proof(key, 0)})
    return connection.execute(text("SELECT public.portal_tenant()")).scalar() == 0
