"""What checking the row-level-security proofs costs on PostgreSQL.
``python -m bench.rls_proofs [--database postgresql://postgres@127.0.0.1:5432/postgres]
[--transactions 3000]``.

In a scratch database on that server: two tables of 200,000 rows over 700 sites with an
index on ``tenant_id``, one under the former policy (the settings alone, which any role
could change) and one under today's (``tenants.proofs``: each setting with its proof,
checked once per statement). A role that does not own them runs transactions of what a
request does: set the site with its proof, then read one page of 20 rows of that site.
Runs alternate between the tables, twice each, so a slow moment of the machine falls
on both; prints microseconds per transaction and the ratio. The database is dropped.
"""

from __future__ import annotations

import argparse
import time

import psycopg

from tenants import proofs

ROWS, SITES = 200_000, 700
POLICIES = {
    "settings alone (before)": "tenant_id = NULLIF(current_setting('app.tenant_id', true), "
                               "'')::integer OR current_setting('app.unscoped', true) = 'on'",
    "settings with proofs (now)": "tenant_id = (SELECT public.portal_tenant()) "
                                  "OR (SELECT public.portal_unscoped())",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--transactions", type=int, default=3000)
    args = parser.parse_args()
    server = args.database.rsplit("/", 1)[0]
    with psycopg.connect(args.database, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS portal_rls_bench")
        admin.execute("CREATE DATABASE portal_rls_bench")
    try:
        key = _prepare(f"{server}/portal_rls_bench")
        results = _measure(f"{server}/portal_rls_bench".replace("://postgres@", "://rls_bench@"),
                           key, args.transactions)
    finally:
        with psycopg.connect(args.database, autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS portal_rls_bench WITH (FORCE)")
    before, now = (min(results[name]) for name in POLICIES)
    print("| policy | µs per transaction (best of 2) |\n|---|---|")
    for name in POLICIES:
        print(f"| {name} | {min(results[name]):.0f} |")
    print(f"| ratio now / before | {now / before:.2f} |")


def _prepare(url: str) -> bytes:
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute("DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                      "'rls_bench') THEN CREATE ROLE rls_bench LOGIN; END IF; END$$")
        for statement in proofs.FUNCTIONS_SQL:
            owner.execute(statement)
        key = proofs.database_key("bench")
        inner, outer = proofs.pads(key)
        owner.execute(proofs.STORE_KEY_SQL.replace(":inner", "%s").replace(":outer", "%s"),
                      (inner, outer))
        for number, expression in enumerate(POLICIES.values()):
            table = f"rows_{number}"
            owner.execute(f"CREATE TABLE {table} (id serial PRIMARY KEY, tenant_id int, x int)")
            owner.execute(f"CREATE INDEX ON {table} (tenant_id)")
            owner.execute(f"INSERT INTO {table} (tenant_id, x) SELECT g % {SITES}, g "
                          f"FROM generate_series(1, {ROWS}) g")
            owner.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            owner.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            owner.execute(f"CREATE POLICY p ON {table} USING ({expression})")
            owner.execute(f"GRANT SELECT ON {table} TO rls_bench")
            owner.execute(f"ANALYZE {table}")
    return key


def _measure(url: str, key: bytes, transactions: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {name: [] for name in POLICIES}
    with psycopg.connect(url) as web:
        for _round in range(2):
            for number, name in enumerate(POLICIES):
                start = time.perf_counter()
                for count in range(transactions):
                    site = count % SITES
                    web.execute("SELECT set_config('app.tenant_id', %s, true), "
                                "set_config('app.tenant_proof', %s, true)",
                                (str(site), proofs.tenant_proof(key, site)))
                    rows = web.execute(f"SELECT x FROM rows_{number} WHERE tenant_id = %s "
                                       "ORDER BY id LIMIT 20", (site,)).fetchall()
                    assert len(rows) == 20
                    web.commit()
                results[name].append((time.perf_counter() - start) / transactions * 1e6)
    return results


if __name__ == "__main__":
    main()
