"""A scan of the running demo with real scanners, one command:
``python -m bench.security_scan`` (``make security-scan``).

1. Installs the scanners from PyPI — ``wapiti3`` and ``sqlmap`` — into their own
   virtualenv, ``.venv-scan/``, never into the app's ``.venv``: wapiti pins its own
   versions of libraries the app uses too, and the app's venv is shared.
2. Seeds the demo province into a temporary SQLite database and starts gunicorn
   (2 workers) on a free loopback port, as ``bench.questions_bench`` does, with the rate
   limits OFF (``bench.questions_bench:bench_app()``): every request of a scanner comes
   from 127.0.0.1, and with the limits on it would mostly scan the 429 page.
3. The demo's hosts are ``*.langson.localhost``, which not every resolver answers; the
   scanners therefore connect to ``127.0.0.1:PORT`` and send the site's name in the
   ``Host`` header (wapiti's ``-H``, sqlmap's ``--host``), which is all the app routes
   on. Wapiti crawls and attacks the province and one commune (bounded by
   ``--max-scan-time`` and ``--max-attack-time``); sqlmap (``--batch --level 2 --risk
   1``) tries the search and list parameters.
4. Reads the reports and prints a Markdown summary (also written to
   ``bench/out/security-scan-<date>.md``): the findings of each target by severity.
   Wapiti's informational level is allowed; anything above it — a vulnerability, or an
   anomaly such as a 500 or a timeout — is listed with its module, URL and parameter,
   as is any injection point sqlmap confirms or any 5xx it met. Exits 1 when there is
   one.

``--quick``: 120 s per wapiti target and 90 s per sqlmap URL, instead of 300 and 180.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
VENV = ROOT / ".venv-scan"
SCANNERS = ("wapiti3", "sqlmap")
BASE_DOMAIN = "langson.localhost"
WAPITI_HOSTS = (BASE_DOMAIN, f"xathongnhat.{BASE_DOMAIN}")  # the province, a commune
WAPITI_MODULES = ("xss,permanentxss,sql,timesql,exec,file,crlf,redirect,xxe,methods,"
                  "csp,http_headers,cookieflags")
# The open API refuses unknown parameters with a 400 (``hub/api/params.py``): the list of
# articles is tried with its own filters, the text query on the API's search.
SQLMAP_URLS = ("/tim-kiem?q=x&from=2026-01-01", "/api/v1/articles?kind=news&page=1",
               "/api/v1/search?q=x&page=1", "/hoi-dap?linh-vuc=land", "/tin-tuc?page=1")
KINDS = {"vulnerabilities": "vulnerability", "anomalies": "anomaly",
         "additionals": "additional"}
LEVELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
_CODES = re.compile(r"HTTP error codes detected during run:\s*"
                    r"((?:\d{3} \([^)]*\) - \d+ times,? ?)+)")
_5XX = re.compile(r"\b(5\d\d) \([^)]*\) - (\d+) times")
# Findings a plain-HTTP demo must show and production does not: (module, category,
# why it is allowed). The reason is printed with each one.
ALLOWED = (("cookieflags", "Secure Flag cookie",
            "the demo is served over plain HTTP; production sets PORTAL_SECURE_COOKIES=true "
            "(README, Running in production), which marks the session cookie Secure"),)


def ensure_scanners() -> Path:
    """``.venv-scan/bin`` with wapiti and sqlmap installed (once)."""
    marker = VENV / ".installed"
    if not marker.exists():
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(VENV)], check=True)  # noqa: S603 - fixed command
        subprocess.run([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",  # noqa: S603
                        *SCANNERS], check=True)
        marker.touch()
    return VENV / "bin"


@dataclass
class Finding:
    level: int
    kind: str          # wapiti's category, or "sqlmap"
    module: str
    url: str
    parameter: str
    info: str


@dataclass
class Result:
    target: str
    counts: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)   # above informational
    allowed: list[tuple[Finding, str]] = field(default_factory=list)
    note: str = ""


# --- wapiti ------------------------------------------------------------------------------

def wapiti_command(bin_dir: Path, port: int, host: str, report: Path, session: Path,
                   seconds: int) -> list[str]:
    return [str(bin_dir / "wapiti"), "-u", f"http://127.0.0.1:{port}/",
            "-H", f"Host: {host}:{port}", "--scope", "folder", "-m", WAPITI_MODULES,
            "--max-scan-time", str(seconds), "--max-attack-time", str(max(30, seconds // 6)),
            "-d", "3", "--max-links-per-page", "40", "--max-files-per-dir", "30",
            "--tasks", "4", "-t", "20", "--flush-session", "--store-session", str(session),
            "--store-config", str(session / "config"), "--no-bugreport",
            "-f", "json", "-o", str(report), "-v", "0"]


def read_wapiti(host: str, report: Path, log: str) -> Result:
    result = Result(f"wapiti `http://{host}:PORT/`")
    if not report.exists():
        result.note = "no report: " + log.strip()[-400:]
        result.findings.append(Finding(4, "scan", "wapiti", host, "", "wapiti wrote no report"))
        return result
    data = json.loads(report.read_text())
    crawled = data.get("infos", {}).get("crawled_pages_nbr")
    result.note = f"{crawled} pages crawled" if crawled is not None else ""
    for kind in ("vulnerabilities", "anomalies", "additionals"):
        for category, items in (data.get(kind) or {}).items():
            for item in items:
                level = int(item.get("level", 0))
                result.counts[LEVELS.get(level, str(level))] += 1
                if level > 0:
                    finding = Finding(
                        level, f"{KINDS[kind]}: {category}", item.get("module", ""),
                        f"{item.get('method', '')} {item.get('path', '')}".strip(),
                        item.get("parameter", ""), item.get("info", ""))
                    why = next((reason for module, name, reason in ALLOWED
                                if module == finding.module and name == category), None)
                    if why:
                        result.allowed.append((finding, why))
                    else:
                        result.findings.append(finding)
    return result


# --- sqlmap ------------------------------------------------------------------------------

def sqlmap_command(bin_dir: Path, port: int, path: str, output: Path) -> list[str]:
    return [str(bin_dir / "sqlmap"), "-u", f"http://127.0.0.1:{port}{path}",
            "--host", f"{BASE_DOMAIN}:{port}", "--batch", "--level", "2", "--risk", "1",
            "--flush-session", "--output-dir", str(output), "--disable-coloring",
            "--threads", "2", "--timeout", "20", "--retries", "1"]


def read_sqlmap(path: str, log: str, timed_out: bool) -> Result:
    result = Result(f"sqlmap `{path}`")
    url = f"GET {path}"
    if "identified the following injection point" in log:
        places = re.findall(r"Parameter: (.+)", log)
        for place in places or ["?"]:
            result.findings.append(Finding(4, "SQL injection", "sqlmap", url, place,
                                           "sqlmap confirmed an injection point"))
    for codes in _CODES.findall(log):
        for status, times in _5XX.findall(codes):
            result.findings.append(Finding(3, "anomaly: server error", "sqlmap", url, "",
                                           f"{times} responses {status}"))
        result.note += f"answers refused: {codes.strip()}; "
    if timed_out:
        result.note += "stopped at its time limit"
    elif "do not appear to be injectable" in log or "does not seem to be injectable" in log:
        result.note += "no parameter injectable"
    tested = sorted(set(re.findall(r"testing if (?:GET|POST|URI) parameter '([^']+)'", log)))
    if tested:
        result.note += f" (tested {', '.join(tested)})"
    if not result.findings:
        result.counts["none"] += 1
    for finding in result.findings:
        result.counts[LEVELS[finding.level]] += 1
    return result


# --- the run -----------------------------------------------------------------------------

def _run(command: list[str], seconds: int) -> tuple[str, bool]:
    """Output of one scanner and whether it had to be stopped at ``seconds``."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds,  # noqa: S603 - fixed commands
                              stdin=subprocess.DEVNULL, check=False)
        return done.stdout + done.stderr, False
    except subprocess.TimeoutExpired as stopped:
        out = stopped.stdout or b""
        return (out.decode("utf-8", "replace") if isinstance(out, bytes) else out), True


def scan(bin_dir: Path, port: int, folder: Path, wapiti_s: int, sqlmap_s: int
         ) -> list[Result]:
    """The wapiti targets side by side, then the sqlmap URLs one after another, on
    threads (the scanners are separate processes)."""
    from concurrent.futures import ThreadPoolExecutor

    def one_wapiti(host: str) -> Result:
        report, session = folder / f"wapiti-{host}.json", folder / f"wapiti-{host}"
        session.mkdir()
        log, _stopped = _run(wapiti_command(bin_dir, port, host, report, session, wapiti_s),
                             wapiti_s + 180)
        return read_wapiti(host, report, log)

    def all_sqlmap() -> list[Result]:
        results = []
        for number, path in enumerate(SQLMAP_URLS):
            log, stopped = _run(sqlmap_command(bin_dir, port, path, folder / f"sqlmap-{number}"),
                                sqlmap_s)
            (folder / f"sqlmap-{number}.log").write_text(log)
            results.append(read_sqlmap(path, log, stopped))
        return results

    with ThreadPoolExecutor(max_workers=len(WAPITI_HOSTS) + 1) as pool:
        wapiti = [pool.submit(one_wapiti, host) for host in WAPITI_HOSTS]
        sqlmap = pool.submit(all_sqlmap)
        return [future.result() for future in wapiti] + sqlmap.result()


def report(results: list[Result], args: argparse.Namespace, versions: str) -> str:
    lines = [f"# Security scan of the demo, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
             f"Command: `python -m bench.security_scan {' '.join(sys.argv[1:])}`; {versions}; "
             "gunicorn 2 workers on SQLite, the demo province seeded, **rate limits off** "
             "(one client address). Wapiti modules: "
             f"`{WAPITI_MODULES}`, {args.wapiti_seconds} s per host; sqlmap `--level 2 "
             f"--risk 1`, {args.sqlmap_seconds} s per URL.", "",
             "| target | critical | high | medium | low | info | notes |",
             "|---|---|---|---|---|---|---|"]
    for result in results:
        counts = [str(result.counts.get(level, 0)) for level in
                  ("critical", "high", "medium", "low", "info")]
        lines.append(f"| {result.target} | {' | '.join(counts)} | {result.note} |")
    findings = [(result.target, finding) for result in results for finding in result.findings]
    allowed = [(result.target, *pair) for result in results for pair in result.allowed]
    lines.append("")
    if allowed:
        lines += ["Allowed (counted above, not failures):", ""]
        lines += [f"- {target}: {f.module}, {f.info} on `{f.url}` — {why}."
                  for target, f, why in allowed]
        lines.append("")
    if not findings:
        lines.append("**No finding above informational.**")
    else:
        lines += [f"**{len(findings)} finding(s) above informational:**", "",
                  "| target | level | kind | module | request | parameter | detail |",
                  "|---|---|---|---|---|---|---|"]
        for target, f in findings:
            detail = " ".join(f.info.split())[:160].replace("|", "\\|")
            lines.append(f"| {target} | {LEVELS.get(f.level, f.level)} | {f.kind} | "
                         f"{f.module} | `{f.url}` | {f.parameter} | {detail} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.security_scan", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--wapiti-seconds", type=int, default=300,
                        help="wapiti's --max-scan-time for each host")
    parser.add_argument("--sqlmap-seconds", type=int, default=180,
                        help="time limit of sqlmap on each URL")
    parser.add_argument("--quick", action="store_true", help="120 s and 90 s")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary folder (reports, logs) and print its path")
    args = parser.parse_args(argv)
    if args.quick:
        args.wapiti_seconds, args.sqlmap_seconds = 120, 90
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    bin_dir = ensure_scanners()
    versions = "wapiti {} , sqlmap {}".format(*(
        subprocess.run([str(bin_dir / name), "--version"], capture_output=True,  # noqa: S603
                       text=True, check=False).stdout.strip().splitlines()[-1]
        for name in ("wapiti", "sqlmap"))).replace(" ,", ",")
    from bench.portal import served
    from bench.questions_bench import _settings, seed, sqlite_database
    folder = Path(tempfile.mkdtemp(prefix="security-scan-"))
    os.environ.update(_settings(folder))
    database = sqlite_database(folder)
    try:
        started = time.perf_counter()
        seed(database, folder)
        print(f"demo province seeded in {time.perf_counter() - started:.1f} s; scanning "
              f"(wapiti {args.wapiti_seconds} s per host, sqlmap up to "
              f"{args.sqlmap_seconds} s per URL)", flush=True)
        with served(database.url, {"hosts": list(WAPITI_HOSTS)}, False,
                    application="bench.questions_bench:bench_app()") as (port, _pid):
            results = scan(bin_dir, port, folder, args.wapiti_seconds, args.sqlmap_seconds)
        text = report(results, args, versions)
    finally:
        if args.keep:
            print(f"reports and logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"security-scan-{datetime.now(UTC):%Y-%m-%d}.md"
    target.write_text(text)
    print(text)
    print(f"written to {target}")
    return 1 if any(result.findings for result in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
