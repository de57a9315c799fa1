"""The three other runs of ``python -m bench.portal``, each against a reference measured
in its own rounds (the machine is shared: only same-round ratios mean much):

- ``--nginx``: the pages through the deploy nginx site (``bench.nginx_site``, plain HTTP
  on loopback) with its micro-cache and the page cache on, beside the same nginx serving
  a static file of the article page's size: the cached article at ≥ 0.5 of the static
  file's requests per second, p99 < 20 ms.
- ``--postgresql``: the uncached pages on PostgreSQL, served as the application's role
  under row-level security, beside SQLite, 10 and 700 sites each: the article on
  PostgreSQL at ≥ 0.6 of SQLite at 700 sites, and 700 within 10 % of 10 sites.
- ``--country``: 3,400 sites and 1,000,000 articles beside 10 and 700 sites, cache on
  and off: every page within 10 % of 10 sites, and each worker's anonymous memory
  (``RssAnon``: its own heap, not the mapped database file) under 300 MiB.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime

from bench import nginx_site
from bench.portal import (
    ARTICLE_PATH,
    OUT,
    PAGES,
    _free_port,
    _row,
    _worker_rss,
    build_database,
    build_postgresql,
    load_rounds,
    measure_both_caches,
    profile_article,
    reference_lines,
    report,
    run_scales,
    served,
    write_report,
)

COUNTRY = (3400, 1_000_000)
NGINX_TARGETS = {"share_of_static": 0.5, "p99_ms": 20}
PG_TARGETS = {"share_of_sqlite": 0.6, "scale_tolerance": 0.10}
COUNTRY_TARGETS = {"scale_tolerance": 0.10, "anon_mib": 300}
HEADER = ("| page | req/s (median run) | req/s of each run | p50 ms | p99 ms | non-2xx | "
          "socket errors |\n|---|---|---|---|---|---|---|")


def _ratios(ours: dict, theirs: dict) -> tuple[float, str]:
    """ours/theirs req/s, round by round (both loaded in each round): the median and
    each round's."""
    each = [a / b for a, b in zip(ours["rps_runs"], theirs["rps_runs"], strict=True)]
    return statistics.median(each), ", ".join(f"{ratio:.2f}" for ratio in each)


def _met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _heading(args: argparse.Namespace, what: str) -> list[str]:
    return [f"# Portal benchmark: {what}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "",
            f"Command: `{' '.join(['python -m bench.portal', *sys.argv[1:]])}`; "
            f"2 gunicorn sync workers per database, wrk {args.connections} connections, "
            f"{args.duration} s per run after a warm-up, {args.rounds} rounds, the median "
            "run shown. The machine has 2 cores and is shared with other work: figures "
            "move from run to run, so each target is read against what was measured in "
            "the same rounds.", ""]


# --- nginx -------------------------------------------------------------------------

@contextlib.contextmanager
def behind_nginx(app_port: int, static_body: bytes) -> Iterator[tuple[int, int]]:
    """nginx with the deploy site in front of ``app_port``, and a server of its own
    serving ``static_body`` as ``/article.html``: yields (site port, static port)."""
    folder = OUT / "state" / "nginx"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "static").mkdir(parents=True)
    (folder / "static" / "article.html").write_bytes(static_body)
    port, redirect_port, static_port = _free_port(), _free_port(), _free_port()
    config = nginx_site.render(
        folder, app_port, port, redirect_port, workers=2, connections=1024,
        extra=f"server {{ listen 127.0.0.1:{static_port}; root {folder}/static; }}")
    checked = subprocess.run([nginx_site.NGINX, "-t", "-c", str(config), "-p", str(folder)],  # noqa: S603 - our own binary and files
                             capture_output=True, text=True)
    if checked.returncode:
        raise SystemExit(checked.stderr)
    server = subprocess.Popen([nginx_site.NGINX, "-c", str(config), "-p", str(folder)])  # noqa: S603 - our own binary and files
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, static_port
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get(port: int, host: str, path: str) -> tuple[bytes, str | None]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
        return response.read(), response.headers.get("X-Cache-Status")


def run_nginx(args: argparse.Namespace, wrk: str) -> int:
    url, meta = build_database(args.sites, args.items)
    host, slug = meta["articles"][-1]
    with served(url, meta, cache=True) as (app_port, pid):
        article, _status = _get(app_port, host, ARTICLE_PATH.format(slug=slug))
        with behind_nginx(app_port, article) as (port, static_port):
            print(f"nginx: {len(meta['hosts'])} sites, static file of {len(article)} bytes",
                  flush=True)
            results, static = load_rounds(
                {"nginx": (port, meta)}, True, args, wrk,
                {"static file": (static_port, [f"{host} /article.html"])})
            statuses: dict[str, int] = {}
            for _ in range(300):
                sample_host, sample_slug = random.choice(meta["articles"])
                status = _get(port, sample_host, ARTICLE_PATH.format(slug=sample_slug))[1]
                statuses[str(status)] = statuses.get(str(status), 0) + 1
        rss = _worker_rss(pid)
    article_result, static_result = results["nginx"]["article"], static["static file"]
    share, each = _ratios(article_result, static_result)
    # A p99 spike of one run (another process's moment on the shared machine, or the
    # micro-cache's entries, all filled by the warm-up, expiring together) is read as
    # the median of the rounds', like the requests per second.
    p99 = statistics.median(article_result["p99_runs"])
    p99_each = ", ".join(f"{each:.1f}" for each in article_result["p99_runs"])
    lines = [*_heading(args, "through nginx"),
             f"nginx (Debian's `/usr/sbin/nginx`, 2 workers) with the deploy site "
             f"`deploy/nginx/portal.conf` rendered by `bench/nginx_site.py` (plain HTTP on "
             f"loopback, the micro-cache on: pages live `PORTAL_PAGE_CACHE_MAX_AGE` = 60 s), "
             f"in front of gunicorn with the page cache on, {len(meta['hosts'])} sites and "
             f"{args.items:,} articles on SQLite. The static file is the article page's "
             f"own HTML ({len(article):,} bytes) served by the same nginx from disk, loaded "
             "in the article's rounds, right after it.", "", HEADER,
             *[_row(page, results["nginx"][page]) for page in PAGES],
             _row("static file (same nginx)", static_result), "",
             "Cache status of 300 random articles after the runs: "
             + ", ".join(f"{name} {count}" for name, count in sorted(statuses.items())),
             "", "gunicorn workers' memory: " + "; ".join(
                 f"RSS {w['VmRSS'] / 1024:.0f} MiB (anonymous {w['RssAnon'] / 1024:.0f} MiB)"
                 for w in rss), "", "## Targets", "",
             "| target | measured | |", "|---|---|---|",
             f"| cached article ≥ {NGINX_TARGETS['share_of_static']:.2f} of the static "
             f"file's req/s (same rounds) | {share:.2f} (rounds {each}) | "
             f"{_met(share >= NGINX_TARGETS['share_of_static'])} |",
             f"| cached article p99 < {NGINX_TARGETS['p99_ms']} ms (median of the rounds') | "
             f"{p99:.1f} ms (rounds {p99_each}) | "
             f"{_met(p99 < NGINX_TARGETS['p99_ms'])} |"]
    for page in ("home", "listing", "mixed"):
        lines.append(f"| (for reading) {page}: p99 of the rounds | " + ", ".join(
            f"{each:.1f}" for each in results["nginx"][page]["p99_runs"]) + " ms | |")
    write_report("portal-nginx", "\n".join(lines) + "\n")
    return 0


# --- PostgreSQL --------------------------------------------------------------------

def run_postgresql(args: argparse.Namespace, wrk: str) -> int:
    small_items = max(args.small_sites, args.items * args.small_sites // args.sites)
    small, large = f"{args.small_sites} sites", f"{args.sites} sites"
    scales = {f"SQLite {small}": build_database(args.small_sites, small_items),
              f"SQLite {large}": build_database(args.sites, args.items),
              f"PostgreSQL {small}": build_postgresql(args.small_sites, small_items),
              f"PostgreSQL {large}": build_postgresql(args.sites, args.items)}
    print("cache off: " + ", ".join(scales), flush=True)
    results, calibration = run_scales(scales, False, args, wrk,
                                      reference_lines(*scales[f"SQLite {large}"]),
                                      reference_database=scales[f"SQLite {large}"])
    lines = [*_heading(args, "PostgreSQL beside SQLite, page cache off"),
             "PostgreSQL 15 on loopback; the tables belong to the admin role (it migrates "
             "and generates, `bench.generate`), the application logs in as "
             "`portal_bench_app`: no superuser, no BYPASSRLS, so every statement runs "
             "under row-level security with the site's proof (`tenants/isolation.py`). "
             "All four databases are served at once and loaded in turns.", ""]
    for name, result in results.items():
        lines += [f"## {name}", "", HEADER, *[_row(page, result[page]) for page in PAGES],
                  "", "Workers: " + "; ".join(
                      f"RSS {w['VmRSS'] / 1024:.0f} MiB (anonymous "
                      f"{w['RssAnon'] / 1024:.0f} MiB)" for w in result["rss_kib"]), ""]
    lines += ["## Reference pages in the article's rounds (`bench.calibration`, SQLite)", "",
              HEADER, *[_row(name, result) for name, result in calibration.items()], ""]
    pg_large, pg_small = results[f"PostgreSQL {large}"], results[f"PostgreSQL {small}"]
    share, each = _ratios(pg_large["article"], results[f"SQLite {large}"]["article"])
    lines += ["## Targets", "", "| target | measured | |", "|---|---|---|",
              f"| uncached article, PostgreSQL ≥ {PG_TARGETS['share_of_sqlite']} of SQLite "
              f"at {large} | {share:.2f} (rounds {each}) | "
              f"{_met(share >= PG_TARGETS['share_of_sqlite'])} |"]
    for page in PAGES:
        ratio, each = _ratios(pg_large[page], pg_small[page])
        lines.append(f"| PostgreSQL {page}: {large} within 10 % of {small} | {ratio:.2f} "
                     f"(rounds {each}) | {_met(ratio >= 1 - PG_TARGETS['scale_tolerance'])} |")
    for page in PAGES:
        ratio, each = _ratios(pg_large[page], results[f"SQLite {large}"][page])
        lines.append(f"| (for reading) {page}: PostgreSQL / SQLite at {large} | {ratio:.2f} "
                     f"(rounds {each}) | |")
    for name in calibration:
        ratio, each = _ratios(pg_large["article"], calibration[name])
        lines.append(f"| (for reading) PostgreSQL article / reference page {name} | "
                     f"{ratio:.2f} (rounds {each}) | |")
    lines += ["", "## Where the time goes (PostgreSQL, in-process)", "",
              profile_article(*scales[f"PostgreSQL {large}"])]
    write_report("portal-postgresql", "\n".join(lines) + "\n")
    return 0


# --- the whole country ---------------------------------------------------------------

def run_country(args: argparse.Namespace, wrk: str) -> int:
    sites, items = COUNTRY
    small_items = max(args.small_sites, items * args.small_sites // sites)
    scales = {"small": build_database(args.small_sites, small_items),
              "middle": build_database(args.sites, args.items),
              "large": build_database(sites, items)}
    runs, calibrations = measure_both_caches(scales, args, wrk)
    text = report(args, runs, calibrations[False], calibrations[True], "",
                  profile_article(*scales["large"]))
    names = {"small": f"{args.small_sites} sites", "middle": f"{args.sites} sites",
             "large": f"{sites} sites"}
    lines = ["## The whole country: targets", "",
             f"small = {args.small_sites} sites ({small_items:,} articles), middle = "
             f"{args.sites} sites ({args.items:,}), large = {sites:,} sites "
             f"({items:,} articles), one SQLite file each, all served at once and loaded "
             "in turns.", "", "| target | measured | |", "|---|---|---|"]
    for cache in ("on", "off"):
        small, large = runs[f"cache {cache}, small"], runs[f"cache {cache}, large"]
        middle = runs[f"cache {cache}, middle"]
        for page in PAGES:
            ratio, each = _ratios(large[page], small[page])
            middle_ratio = _ratios(middle[page], small[page])[0]
            lines.append(f"| cache {cache}, {page}: {names['large']} within 10 % of "
                         f"{names['small']} | {ratio:.2f} (rounds {each}; "
                         f"{names['middle']}: {middle_ratio:.2f}) | "
                         f"{_met(ratio >= 1 - COUNTRY_TARGETS['scale_tolerance'])} |")
    for cache in ("on", "off"):
        anon = {scale: [w["RssAnon"] / 1024 for w in runs[f"cache {cache}, {scale}"]["rss_kib"]]
                for scale in scales}
        worst = max(anon["large"])
        lines.append(
            f"| cache {cache}: anonymous memory (RssAnon) per worker at {names['large']} "
            f"< {COUNTRY_TARGETS['anon_mib']} MiB | "
            + ", ".join(f"{value:.0f}" for value in anon["large"]) + " MiB ("
            + "; ".join(f"{names[scale]}: " + ", ".join(f"{v:.0f}" for v in anon[scale])
                        for scale in ("small", "middle")) + ") | "
            f"{_met(worst < COUNTRY_TARGETS['anon_mib'])} |")
    write_report("portal-country", text + "\n" + "\n".join(lines) + "\n")
    return 0


