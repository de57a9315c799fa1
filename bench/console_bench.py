"""The province office's console benchmark, one command: ``python -m bench.console_bench``.

1. Builds two provinces in temporary SQLite databases with ``bench.generate`` (the
   portal benchmark's generator): 10 sites and 700 sites, each with a year of
   publication — ``--per-site`` news items a site, spread over the last 365 days, one
   in four with a publication deadline (some met, some late, some still unpublished)
   — and a year of citizens' questions (``--questions`` a site: answered on time, late,
   or still open), plus a province office account (hub_admin).
2. Logs in as the office on the province's host (the app in-process, Flask's test
   client: the figure is the page's own cost, not a server's) and renders
   ``/quan-tri/tinh`` (this month) ``--renders`` times after one untimed warm-up,
   counting the SQL statements of each render with a ``before_cursor_execute``
   listener; also the year's table (``?ky=year``). Each twice: with every site's
   figures worked out (the hub's memo emptied before each render, as on the first
   look after a change anywhere) and with the figures kept (the next look, paging,
   sorting, filtering, within the minute and with no change).
3. Prints a Markdown table (also written to ``bench/out/console-<date>.md``): the median
   time of each province, its statements, and the ratio 700 / 10. Targets: the same
   number of statements for both, and the 700-site console within 3 × the 10-site one.
   Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PROVINCE = "langson.localhost"
EMAIL = "vanphong@langson.gov.vn"
PASSWORD = "Mật-khẩu-thử-tải-2026"  # noqa: S105 - an account of a throwaway database
TARGET_RATIO = 3.0


def _config(url: str, folder: Path) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": url, "MIGRATION_DATABASE_URL": url,
            "INPROCESS_JOBS": False, "PAGE_CACHE": False, "REDIS_URL": None,
            "HOST_CACHE_FILE": str(folder / "hosts.version"),
            "MAIL_OUTBOX_DIR": str(folder / "outbox"), "MAIL_SERVER": None,
            "SECOND_FACTOR_REQUIRED": False, "RATE_LIMITS_ENABLED": False,
            "WTF_CSRF_ENABLED": False, "ARGON2_MEMORY_KIB": 1024, "ARGON2_TIME_COST": 1}


def _a_year(sites: int, per_site: int, questions: int, seed: int = 2026) -> None:
    """Spread the generated news over a year and add deadlines and questions."""
    from sqlalchemy import bindparam, insert, update

    from hub.accounts.models import HubRole, User
    from hub.accounts.passwords import hash_password
    from hub.content.models import ContentItem
    from hub.extensions import db
    from hub.questions.models import Question, QuestionState
    from hub.workflow.states import ContentStatus
    from tenants.context import unscoped
    rng = random.Random(seed)
    now = datetime.now(UTC)
    with unscoped():
        moved = []
        for item_id in range(1, sites * per_site + 1):
            published = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
            row = {"item": item_id, "published": published, "due": None,
                   "status": ContentStatus.PUBLISHED}
            if item_id % 4 == 0:
                row["due"] = published + timedelta(hours=rng.choice((-30, 8, 30)))
                if item_id % 12 == 0 and row["due"] < now:
                    row.update(published=None, status=ContentStatus.DRAFT)
            moved.append(row)
        table = ContentItem.__table__
        db.session.execute(update(table).where(table.c.id == bindparam("item")).values(
            published_at=bindparam("published"), due_at=bindparam("due"),
            status=bindparam("status")), moved)
        rows = []
        states = (QuestionState.PUBLISHED, QuestionState.ANSWERED, QuestionState.CLASSIFIED)
        for tenant_id in range(1, sites + 1):
            for number in range(questions):
                received = now - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
                due = received + timedelta(days=7)
                state = states[number % 3]
                answered = (received + timedelta(days=rng.choice((3, 9)))
                            if state is not QuestionState.CLASSIFIED else None)
                rows.append({"tenant_id": tenant_id, "asked_tenant_id": tenant_id,
                             "state": state, "received_at": received,
                             "clock_starts_at": received, "due_at": due,
                             "answered_at": answered, "name": "Nguyễn Văn An",
                             "field": "land", "title": f"Câu hỏi số {number}",
                             "body": "Tôi muốn hỏi về thủ tục."})
        db.session.execute(insert(Question), rows)
        db.session.add(User(email=EMAIL, display_name="Văn phòng UBND tỉnh",
                            password_hash=hash_password(PASSWORD),
                            hub_role=HubRole.HUB_ADMIN))
        db.session.commit()


def measure(sites: int, args: argparse.Namespace) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import event

    from bench.generate import generate
    from hub import create_app
    from hub.extensions import db
    with tempfile.TemporaryDirectory(prefix="console-bench-") as folder:
        url = f"sqlite:///{folder}/province.sqlite3"
        app = create_app(_config(url, Path(folder)))
        started = time.perf_counter()
        with app.app_context():
            upgrade()
            generate(sites, sites * args.per_site)
            _a_year(sites, args.per_site, args.questions)
        built = time.perf_counter() - started
        client = app.test_client()
        base = f"http://{PROVINCE}/"
        login = client.post("/dang-nhap", base_url=base,
                            data={"email": EMAIL, "password": PASSWORD})
        if login.status_code != 302:
            raise SystemExit(f"could not log in as the office: {login.status_code}")
        with app.app_context():
            engine = db.engine
        results = {"sites": sites, "built": built}
        memo = app.extensions["portal_tenant_memo"]
        for label, path, cold in (("month, figures worked out", "/quan-tri/tinh", True),
                                  ("month, figures kept", "/quan-tri/tinh", False),
                                  ("year, figures worked out", "/quan-tri/tinh?ky=year", True),
                                  ("year, figures kept", "/quan-tri/tinh?ky=year", False)):
            statements: list[int] = []
            seen: list[str] = []

            def count(conn, cursor, statement, *rest, seen=seen) -> None:  # type: ignore[no-untyped-def]
                seen.append(statement)
            event.listen(engine, "before_cursor_execute", count)
            times = []
            try:
                for number in range(args.renders + 1):
                    if cold:  # every site's figures worked out again (the hub's memo emptied)
                        for key in [key for key in memo if key[0] == "hub"]:
                            del memo[key]
                    seen.clear()
                    began = time.perf_counter()
                    response = client.get(path, base_url=base)
                    elapsed = time.perf_counter() - began
                    if response.status_code != 200:
                        raise SystemExit(f"{path}: {response.status_code}")
                    if number:                     # the first render warms the caches
                        times.append(elapsed)
                        statements.append(len(seen))
            finally:
                event.remove(engine, "before_cursor_execute", count)
            results[label] = {"median_ms": statistics.median(times) * 1000,
                              "statements": sorted(set(statements))}
        with app.app_context():
            db.engine.dispose()
        return results


def report(small: dict, large: dict, args: argparse.Namespace) -> tuple[str, bool]:
    lines = [f"# Console benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)", "",
             f"{args.per_site} news items and {args.questions} questions a site over a year; "
             f"median of {args.renders} renders of /quan-tri/tinh as hub_admin "
             "(in-process, SQLite).", "",
             f"| Period | {small['sites']} sites (ms) | statements | {large['sites']} sites "
             f"(ms) | statements | ratio {large['sites']} / {small['sites']} | target |",
             "|---|---:|---:|---:|---:|---:|---|"]
    ok = True
    for label in ("month, figures worked out", "month, figures kept",
                  "year, figures worked out", "year, figures kept"):
        a, b = small[label], large[label]
        ratio = b["median_ms"] / a["median_ms"]
        same = a["statements"] == b["statements"]
        ok = ok and same and ratio <= TARGET_RATIO
        verdict = ("met" if ratio <= TARGET_RATIO and same else "MISSED")
        lines.append(f"| {label} | {a['median_ms']:.1f} | {', '.join(map(str, a['statements']))} "
                     f"| {b['median_ms']:.1f} | {', '.join(map(str, b['statements']))} "
                     f"| {ratio:.2f} | ≤ {TARGET_RATIO:g} ×, same statements: {verdict} |")
    lines += ["", f"Built in {small['built']:.1f} s ({small['sites']} sites) and "
              f"{large['built']:.1f} s ({large['sites']} sites), untimed."]
    return "\n".join(lines) + "\n", ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.console_bench",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small-sites", type=int, default=10)
    parser.add_argument("--sites", type=int, default=700)
    parser.add_argument("--per-site", type=int, default=60,
                        help="news items a site over the year")
    parser.add_argument("--questions", type=int, default=24, help="questions a site")
    parser.add_argument("--renders", type=int, default=7)
    args = parser.parse_args(argv)
    small = measure(args.small_sites, args)
    large = measure(args.sites, args)
    text, ok = report(small, large, args)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"console-{datetime.now(UTC):%Y%m%d-%H%M}.md").write_text(text)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
