"""The citizens' questions benchmark, one command: ``python -m bench.questions_bench``
(``make bench-questions``).

1. Builds a temporary database (SQLite in a temporary folder by default, or a new
   database on the PostgreSQL server of ``--database postgresql://...``, dropped
   afterwards, which the app reaches as a role that does not own the tables, as in
   production), migrates it and seeds the demo province as ``flask demo seed`` does:
   sites, staff, content and the demo's questions.
2. Starts gunicorn with 2 sync workers (``bench/gunicorn_bench.py``) on loopback, with
   the rate limits OFF (``RATE_LIMITS_ENABLED=False`` through the factory
   ``bench.questions_bench:bench_app()``): every request comes from 127.0.0.1, and the
   proof-of-work endpoint and the form are limited per client, so with them on the
   benchmark would measure the 429 page. The report says so.
3. Untimed preparation, as many browsers would do it: each of the ``--connections``
   clients opens one keep-alive connection to one of the demo's hosts (the province,
   a department, a commune) and GETs the form for its session cookie and CSRF token;
   ``--questions`` challenges are fetched from ``/hoi-dap/thu-thach`` (each bound to
   its site) and solved ahead with ``hub.intake.proof.solve`` in a process pool, at
   the difficulty the server hands out (``POW_MAX_NUMBER``, not lowered); each
   solution goes into exactly one pre-built form body, with a numbered title.
4. Timed: the clients POST every body once to ``/hoi-dap/gui-cau-hoi``, all at once
   (threads, keep-alive; the client shares this machine's cores with the server).
   Accepted means ``303`` to ``/hoi-dap/da-gui``. Then a few accepted bodies are sent
   again: a replayed solution must be refused.
5. Checks the database: questions after minus before equals the accepted responses;
   every accepted title is there exactly once and no refused one is; no tracking
   code twice; every accepted solution's challenge is in ``spent_challenge``, and no
   refused one.
6. With ``wrk`` (32 connections, ``bench/portal.lua``) loads the public list of
   questions (``/hoi-dap``) and the news list (``/tin-tuc``) of the same hosts in
   turns, ``--rounds`` runs each, the page cache off (``--page-cache`` to turn it on):
   the ratio of each round, back to back, says how much a list of questions costs
   against a list of news on this machine at that moment. Then the bare Flask page of
   ``bench.calibration``: how fast this shared machine is now against the one the
   targets were set on (2,500 req/s there).

Prints a Markdown table (also written to ``bench/out/questions-<date>.md``). Targets
(2 cores): at least 200 accepted questions/s with none lost nor doubled, and ``/hoi-dap``
within 10 % of the news list. Exits 1 when a question was lost or doubled.
``--quick``: 300 questions, 3 s per wrk run, 1 round.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.portal import REFERENCE_RPS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BASE_DOMAIN = "langson.localhost"
SITE_LABELS = ("", "sokhcn", "xathongnhat")  # the province, a department, a commune
FORM_PATH = "/hoi-dap/gui-cau-hoi"
CHALLENGE_PATH = "/hoi-dap/thu-thach"
SENT_PATH = "/hoi-dap/da-gui"
LIST_PATH = "/hoi-dap"
NEWS_PATH = "/tin-tuc"
MARK = "mã thử tải"  # in every title the benchmark sends: "... (mã thử tải 00042)"
REPLAYS = 20
TARGETS = {"accepted_per_s": 200, "list_tolerance": 0.10}
_CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*>')
_VALUE = re.compile(r'value="([^"]*)"')
_NUMBER = re.compile(re.escape(MARK) + r" (\d+)")


def bench_app() -> Any:
    """The app gunicorn serves: the real one, with the rate limits off (see 2.)."""
    from hub import create_app
    return create_app({"RATE_LIMITS_ENABLED": False})


# --- the database ----------------------------------------------------------------------

@dataclass
class Database:
    url: str                      # the app's connection
    migration_url: str            # the tables' owner
    inspect_url: str              # what the checks read with (sees every site's rows)
    drop: Callable[[], None] = lambda: None


def sqlite_database(folder: Path) -> Database:
    url = f"sqlite:///{folder / 'portal.sqlite3'}"
    return Database(url, url, url)


def postgres_database(admin_url: str) -> Database:
    """A new database on that server, owned by ``admin_url``'s role; the app connects
    as ``portal_app_bench``, which neither owns the tables nor bypasses row security."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    admin = make_url(admin_url)
    if admin.drivername == "postgresql":
        admin = admin.set(drivername="postgresql+psycopg")
    name, role = f"portal_bench_{uuid.uuid4().hex[:10]}", "portal_app_bench"
    admin_text = admin.render_as_string(hide_password=False)
    engine = create_engine(admin_text, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                                  {"r": role}).first():
            connection.execute(text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS '
                                    "NOCREATEDB NOCREATEROLE"))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()

    def drop() -> None:
        dropper = create_engine(admin_text, isolation_level="AUTOCOMMIT")
        with dropper.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        dropper.dispose()

    owner = admin.set(database=name).render_as_string(hide_password=False)
    app_url = admin.set(database=name, username=role,
                        password=None).render_as_string(hide_password=False)
    return Database(app_url, owner, owner, drop)


def _settings(folder: Path) -> dict[str, str]:
    """Where the served app and the seeding keep their files: all in ``folder``."""
    return {"PORTAL_SECRET_KEY": f"questions-bench-{uuid.uuid4().hex}",
            "PORTAL_BASE_DOMAIN": BASE_DOMAIN,
            "PORTAL_SEARCH_INDEX_DIR": str(folder / "search-index"),
            "PORTAL_UPLOAD_DIR": str(folder / "uploads"),
            "PORTAL_MAIL_OUTBOX_DIR": str(folder / "mail-outbox"),
            "PORTAL_INPROCESS_JOBS": "false"}


def seed(database: Database, folder: Path) -> None:
    """Migrate and seed the demo province as ``flask demo seed`` does."""
    from flask_migrate import upgrade

    from hub import create_app
    from hub.demo.content import seed_demo_content
    from hub.demo.questions import seed_demo_questions
    from hub.demo.seed import seed_demo
    from hub.extensions import db
    app = create_app({"SQLALCHEMY_DATABASE_URI": database.url,
                      "MIGRATION_DATABASE_URL": database.migration_url, "REDIS_URL": None,
                      "MAIL_SERVER": None, "HOST_CACHE_FILE": str(folder / "hosts.version")})
    with app.app_context():
        upgrade()
        seed_demo(BASE_DOMAIN)
        db.session.commit()
        seed_demo_content(app, BASE_DOMAIN)
        seed_demo_questions(app, BASE_DOMAIN)
        db.session.remove()
        db.engine.dispose()


# --- the clients -------------------------------------------------------------------------

class Client:
    """One browser: a keep-alive connection to one host, with its cookies."""

    def __init__(self, port: int, host: str) -> None:
        self.port, self.host = port, host
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def send(self, method: str, path: str, body: str | None = None
             ) -> tuple[int, str, bytes]:
        """(status, Location, body) of one request."""
        headers = {"Host": self.host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port,
                                                             timeout=120)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2 or body is not None:  # never send a form twice
                    raise
                continue
            for header in response.headers.get_all("Set-Cookie") or ():
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            if response.will_close:
                self.connection.close()
                self.connection = None
            return response.status, response.headers.get("Location", ""), data
        raise AssertionError("unreachable")

    def csrf_token(self) -> str:
        status, _location, data = self.send("GET", FORM_PATH)
        tag = _CSRF.search(data.decode("utf-8", "replace"))
        value = _VALUE.search(tag.group(0)) if tag else None
        if status != 200 or value is None:
            raise SystemExit(f"GET {self.host}{FORM_PATH} gave {status} without a CSRF "
                             "token: is the public form there?")
        return value.group(1)

    def challenge(self) -> dict[str, Any]:
        status, _location, data = self.send("GET", CHALLENGE_PATH)
        if status != 200:
            raise SystemExit(f"GET {self.host}{CHALLENGE_PATH} gave {status}")
        return json.loads(data)


@dataclass
class Submission:
    number: int
    client: int                   # which client sends it (its session, its host)
    challenge: str                # the challenge its solution answers
    body: str
    status: int = 0
    location: str = ""
    seconds: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.status == 303 and self.location.endswith(SENT_PATH)


FIELDS = ("land", "business", "education", "health", "tax", "labour", "justice",
          "construction", "transport", "agriculture")
TOPICS = ("Thủ tục cấp giấy chứng nhận quyền sử dụng đất",
          "Đăng ký thành lập doanh nghiệp trực tuyến", "Tuyển sinh vào lớp 6",
          "Thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "Lệ phí trước bạ nhà đất",
          "Trợ cấp thất nghiệp", "Đăng ký kết hôn", "Giấy phép xây dựng nhà ở",
          "Đổi giấy phép lái xe", "Hỗ trợ giống cây trồng sau thiên tai")


def form_body(number: int, token: str, payload: str) -> str:
    """One citizen's form, as the browser posts it (the contract of the public form)."""
    topic = number % len(TOPICS)
    return urlencode({
        "csrf_token": token, "kind": "petition" if number % 10 == 9 else "question",
        "name": f"Nguyễn Văn Thử {number}", "email": f"thu{number}@example.vn",
        "phone": "", "field": FIELDS[topic],
        "title": f"{TOPICS[topic]} ({MARK} {number:05d})",
        "body": (f"Xin hỏi về {TOPICS[topic].lower()}: hồ sơ gồm những giấy tờ gì, nộp "
                 "ở đâu và thời hạn giải quyết bao lâu? Tôi xin cảm ơn. ") * 3,
        "consent": "y", "website": "", "altcha": payload})


def _max_number(challenge: dict[str, Any]) -> int:
    # ``altcha``'s own dict says ``maxNumber``; the widget's JSON says ``maxnumber``.
    return int(challenge.get("maxnumber", challenge.get("maxNumber", 0)))


def _solve(challenge: dict[str, Any]) -> str:
    from hub.intake.proof import solve
    return solve({**challenge, "maxnumber": _max_number(challenge)})


def prepare(port: int, hosts: list[str], questions: int, connections: int,
            processes: int) -> tuple[list[Client], list[Submission], dict[str, float]]:
    """Sessions, challenges, solutions and bodies, before any timing."""
    from concurrent.futures import ThreadPoolExecutor
    clients = [Client(port, hosts[i % len(hosts)]) for i in range(connections)]
    with ThreadPoolExecutor(max_workers=connections) as pool:
        tokens = list(pool.map(Client.csrf_token, clients))
        owners = [i % connections for i in range(questions)]
        started = time.perf_counter()
        # Each client on its own thread (a connection carries one request at a time).
        fetched_by = list(pool.map(lambda client: [client.challenge() for _ in range(
            owners.count(clients.index(client)))], clients))
        fetched = time.perf_counter() - started
    challenges = [fetched_by[owner][number // connections]
                  for number, owner in enumerate(owners)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(processes) as solvers:
        payloads = solvers.map(_solve, challenges, chunksize=8)
    solved = time.perf_counter() - started
    submissions = [Submission(number, owner, str(challenge["challenge"]),
                              form_body(number, tokens[owner], payload))
                   for number, (owner, challenge, payload)
                   in enumerate(zip(owners, challenges, payloads, strict=True))]
    return clients, submissions, {
        "challenges_s": fetched, "solve_s": solved,
        "max_number": float(_max_number(challenges[0])) if challenges else 0.0}


def load(clients: list[Client], submissions: list[Submission]) -> tuple[float, float]:
    """POST every body once, each client its own share, all at once: the wall seconds,
    and the CPU seconds the client itself used meanwhile (taken from the server)."""
    shares: list[list[Submission]] = [[] for _ in clients]
    for submission in submissions:
        shares[submission.client].append(submission)
    start = threading.Barrier(len(clients) + 1)

    def run(client: Client, share: list[Submission]) -> None:
        start.wait()
        for submission in share:
            began = time.perf_counter()
            try:
                submission.status, submission.location, _data = client.send(
                    "POST", FORM_PATH, submission.body)
            except (http.client.HTTPException, OSError):
                submission.status = -1  # no answer: counted apart, never resent
            submission.seconds = time.perf_counter() - began

    threads = [threading.Thread(target=run, args=pair) for pair in zip(clients, shares,
                                                                      strict=True)]
    for thread in threads:
        thread.start()
    start.wait()
    began, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, time.process_time() - cpu


def replay(clients: list[Client], submissions: list[Submission]) -> Counter[str]:
    """Send a few accepted bodies again, from the same session: each must be refused."""
    statuses: Counter[str] = Counter()
    for submission in [s for s in submissions if s.accepted][:REPLAYS]:
        status, location, _data = clients[submission.client].send("POST", FORM_PATH,
                                                                   submission.body)
        statuses["accepted" if status == 303 and location.endswith(SENT_PATH)
                 else str(status)] += 1
    return statuses


# --- the checks ----------------------------------------------------------------------------

def count_questions(database: Database) -> int:
    from sqlalchemy import create_engine, text
    engine = create_engine(database.inspect_url)
    with engine.connect() as connection:
        total = connection.execute(text("SELECT count(*) FROM question")).scalar_one()
    engine.dispose()
    return int(total)


@dataclass
class Integrity:
    before: int
    after: int
    accepted: int
    missing: list[int] = field(default_factory=list)      # accepted, not stored
    doubled: list[int] = field(default_factory=list)      # stored more than once
    unexpected: list[int] = field(default_factory=list)   # refused, yet stored
    duplicate_codes: int = 0
    spent_accepted: int = 0        # accepted solutions found in spent_challenge
    spent_refused: int = 0         # refused solutions found there (should be 0)

    @property
    def ok(self) -> bool:
        return (self.after - self.before == self.accepted and not self.missing
                and not self.doubled and not self.unexpected and not self.duplicate_codes
                and self.spent_accepted == self.accepted and not self.spent_refused)


def check(database: Database, before: int, submissions: list[Submission]) -> Integrity:
    from sqlalchemy import create_engine, text
    engine = create_engine(database.inspect_url)
    with engine.connect() as connection:
        titles = connection.execute(text("SELECT title FROM question WHERE title LIKE "
                                         ":mark"), {"mark": f"%{MARK}%"}).scalars().all()
        duplicate_codes = connection.execute(text(
            "SELECT count(*) FROM (SELECT code FROM question WHERE code IS NOT NULL "
            "GROUP BY code HAVING count(*) > 1) AS twice")).scalar_one()
        spent = set(connection.execute(text("SELECT challenge FROM spent_challenge"))
                    .scalars())
        after = connection.execute(text("SELECT count(*) FROM question")).scalar_one()
    engine.dispose()
    stored = Counter(int(found.group(1)) for title in titles
                     if (found := _NUMBER.search(title)))
    accepted = {s.number for s in submissions if s.accepted}
    return Integrity(
        before=before, after=int(after), accepted=len(accepted),
        missing=sorted(accepted - set(stored)),
        doubled=sorted(number for number, times in stored.items() if times > 1),
        unexpected=sorted(set(stored) - accepted), duplicate_codes=int(duplicate_codes),
        spent_accepted=sum(1 for s in submissions if s.accepted and s.challenge in spent),
        spent_refused=sum(1 for s in submissions if not s.accepted and s.challenge in spent))


# --- the list pages ------------------------------------------------------------------------

def list_pages(wrk: str, port: int, hosts: list[str], args: argparse.Namespace
               ) -> dict[str, dict]:
    """/hoi-dap and /tin-tuc of the same hosts, in turns; the median run of each and
    the median of the rounds' ratios."""
    from bench.portal import _median_run, _wrk
    lines = {"questions": [f"{host} {LIST_PATH}" for host in hosts],
             "news": [f"{host} {NEWS_PATH}" for host in hosts]}
    for targets in lines.values():  # warm up: each worker builds what it keeps per site
        _wrk(wrk, port, targets, max(2, args.duration // 2), args.connections)
    runs: dict[str, list[dict]] = {page: [] for page in lines}
    for _round in range(args.rounds):
        for page, targets in lines.items():
            runs[page].append(_wrk(wrk, port, targets, args.duration, args.connections))
    results = {page: _median_run(page_runs) for page, page_runs in runs.items()}
    ratios = [ours["rps"] / theirs["rps"]
              for ours, theirs in zip(runs["questions"], runs["news"], strict=True)]
    results["ratio"] = {"median": statistics.median(ratios), "each": ratios}
    return results


def bare_page(wrk: str, database: Database, hosts: list[str], args: argparse.Namespace
              ) -> dict:
    """The bare Flask page of ``bench.calibration``, loaded right after: how fast this
    shared machine is now against the one the targets were set on."""
    from bench.portal import _wrk, served
    with served(database.url, {"hosts": hosts}, False,
                application="bench.calibration:app") as (port, _pid):
        return _wrk(wrk, port, [f"{hosts[0]} /bare"], args.duration, args.connections)


# --- the report ----------------------------------------------------------------------------

def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0


def report(args: argparse.Namespace, backend: str, preparation: dict[str, float],
           submissions: list[Submission], timing: tuple[float, float], replays: Counter,
           integrity: Integrity, pages: dict[str, dict]) -> str:
    seconds, client_cpu = timing
    accepted = [s for s in submissions if s.accepted]
    refused = Counter(s.status for s in submissions if not s.accepted)
    rate = len(accepted) / seconds if seconds else 0.0
    latencies = [s.seconds * 1000 for s in submissions]
    ratio = pages["ratio"]["median"]
    met = {True: "met", False: "NOT met"}
    refused_text = ", ".join(f"{count} × {'no answer' if status == -1 else status}"
                             for status, count in sorted(refused.items())) or "none"
    replay_text = ", ".join(f"{count} × {status}" for status, count in replays.items())
    lines = [
        f"# Questions benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
        f"Command: `python -m bench.questions_bench {' '.join(sys.argv[1:])}`; "
        f"{os.cpu_count()} CPUs; {backend}; gunicorn 2 sync workers; "
        f"{args.connections} connections over {len(SITE_LABELS)} sites of the demo "
        "province. **Rate limits were off** for the run (`RATE_LIMITS_ENABLED=False`): "
        "all requests come from one address, which the limits of the challenge "
        "endpoint and of the form would otherwise stop after a few requests. The "
        "client runs on the same machine and takes its share of the cores.", "",
        f"Before the timed run: {len(submissions)} challenges fetched in "
        f"{preparation['challenges_s']:.1f} s and solved in {preparation['solve_s']:.1f} s "
        f"by {args.processes} processes (`hub.intake.proof.solve`, max number "
        f"{preparation['max_number']:.0f}, the server's default).", "",
        "| measure | value | target |", "|---|---|---|",
        f"| questions sent (each solution once) | {len(submissions)} in {seconds:.2f} s; "
        f"the client used {client_cpu:.1f} s of CPU meanwhile | |",
        f"| accepted (303 to {SENT_PATH}) per second | **{rate:.0f}** | "
        f"≥ {TARGETS['accepted_per_s']}: {met[rate >= TARGETS['accepted_per_s']]} |",
        f"| latency p50 / p99 (every POST) | {_percentile(latencies, 0.5):.0f} ms / "
        f"{_percentile(latencies, 0.99):.0f} ms | |",
        f"| refused, by status | {refused_text} | none |",
        f"| questions in the database, after − before | {integrity.after} − "
        f"{integrity.before} = {integrity.after - integrity.before} for {integrity.accepted}"
        f" accepted | equal: {met[integrity.after - integrity.before == integrity.accepted]} |",
        f"| accepted but not stored / stored twice / refused but stored | "
        f"{len(integrity.missing)} / {len(integrity.doubled)} / {len(integrity.unexpected)}"
        " | 0 / 0 / 0 |",
        f"| tracking codes used twice | {integrity.duplicate_codes} | 0 |",
        f"| accepted solutions in spent_challenge (refused ones) | "
        f"{integrity.spent_accepted} of {integrity.accepted} ({integrity.spent_refused}) | "
        f"all (0) |",
        f"| accepted bodies sent again | {replay_text or 'none sent'} | all refused: "
        f"{met['accepted' not in replays]} |",
    ]
    for page, path in (("questions", LIST_PATH), ("news", NEWS_PATH)):
        result = pages[page]
        lines.append(
            f"| `{path}` req/s (median of {args.rounds}), p50 / p99 | "
            f"{result['rps']:.0f} (runs {', '.join(f'{r:.0f}' for r in result['rps_runs'])})"
            f", {result['p50_us'] / 1000:.1f} / {result['p99_us'] / 1000:.1f} ms, "
            f"{result['errors_status']} non-2xx | |")
    lines.append(
        f"| `{LIST_PATH}` / `{NEWS_PATH}` (median of the rounds' ratios) | **{ratio:.2f}** "
        f"({', '.join(f'{r:.2f}' for r in pages['ratio']['each'])}) | ≥ "
        f"{1 - TARGETS['list_tolerance']:.2f}: "
        f"{met[ratio >= 1 - TARGETS['list_tolerance']]} |")
    bare, reference = pages["bare"]["rps"], REFERENCE_RPS["bare"]
    lines.append(f"| this machine now: the bare Flask page of `bench.calibration` | "
                 f"{bare:.0f} req/s, {bare / reference:.2f} of the {reference} where the "
                 "targets were set | |")
    lines += ["", f"Page cache {'on' if args.page_cache else 'off'} for the list pages; "
              f"wrk {args.connections} connections, {args.duration} s per run, the pages "
              "loaded in turns, round by round."]
    if not integrity.ok:
        lines += ["", f"**Integrity check failed**: missing {integrity.missing[:20]}, "
                  f"doubled {integrity.doubled[:20]}, unexpected {integrity.unexpected[:20]}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.questions_bench",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=2000,
                        help="questions posted, each with its own solved challenge")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2,
                        help="processes solving the challenges ahead")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="runs of each list page, in turns; the median is reported")
    parser.add_argument("--database", help="postgresql://... of a role that may create "
                        "databases and roles (default: SQLite in a temporary folder)")
    parser.add_argument("--page-cache", action="store_true",
                        help="serve the list pages with the page cache on")
    parser.add_argument("--quick", action="store_true",
                        help="300 questions, 3 s per wrk run, 1 round")
    args = parser.parse_args(argv)
    if args.quick:
        args.questions, args.duration, args.rounds = 300, 3, 1
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from bench.portal import ensure_wrk, served
    wrk = ensure_wrk()
    folder = Path(tempfile.mkdtemp(prefix="questions-bench-"))
    os.environ.update(_settings(folder))
    database = postgres_database(args.database) if args.database else sqlite_database(folder)
    backend = "PostgreSQL" if args.database else "SQLite (embedded)"
    try:
        started = time.perf_counter()
        seed(database, folder)
        print(f"demo province seeded on {backend} in {time.perf_counter() - started:.1f} s",
              flush=True)
        hosts = [f"{label}.{BASE_DOMAIN}" if label else BASE_DOMAIN for label in SITE_LABELS]
        with served(database.url, {"hosts": hosts}, args.page_cache,
                    application="bench.questions_bench:bench_app()") as (port, _pid):
            clients, submissions, preparation = prepare(
                port, hosts, args.questions, args.connections, args.processes)
            print(f"{len(submissions)} challenges fetched and solved "
                  f"({preparation['solve_s']:.1f} s solving); posting", flush=True)
            before = count_questions(database)
            seconds, client_cpu = load(clients, submissions)
            replays = replay(clients, submissions)
            integrity = check(database, before, submissions)
            print(f"posted in {seconds:.1f} s; loading {LIST_PATH} and {NEWS_PATH}",
                  flush=True)
            pages = list_pages(wrk, port, hosts, args)
        pages["bare"] = bare_page(wrk, database, hosts, args)
        text = report(args, backend, preparation, submissions, (seconds, client_cpu),
                      replays, integrity, pages)
    finally:
        database.drop()
        shutil.rmtree(folder, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"questions-{datetime.now(UTC):%Y-%m-%d}.md"
    target.write_text(text)
    print(text)
    print(f"written to {target}")
    return 0 if integrity.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
