"""Search benchmark: build a large synthetic index with the embedded backend and time it.

    .venv/bin/python -m bench.search_bench                 # 1,000,000 items, 720 sites
    .venv/bin/python -m bench.search_bench --items 100000  # a quicker check
    make bench-search                                      # the full run

Generates ``--items`` published items (``bench.search_corpus``: copies of province
and department documents on many sites, attached files' text; untimed, spooled to disk
so memory stays flat) and builds them straight into
``search.backends.embedded.EmbeddedBackend`` — the production code path of
``flask search reindex``, minus the database — then reports build time, items/s, index
size, RSS, query latency p50/p95/p99 per scope (this site / this site and its sub-sites
/ all sites, searched from varied sites) for 1–4-word queries typed with and without
diacritics and for document numbers, single and copied, with and without the facets
the search page asks for; whether the backend collapses copies; the attachment
extraction rate (``bench.extraction``'s text PDFs); and the relevance figures (MRR,
nDCG@10) of the judged queries alone and mixed into the index
(``bench.search_relevance``). The report goes to ``bench/out/search-<date>.md`` and to
stdout. Targets (2 cores): p95 < 50 ms for one site, < 100 ms for all sites; indexing
≥ 2,000 items/s.
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.extraction import text_pdf_throughput
from bench.search_corpus import Corpus, Site, Tally, build_sites
from bench.search_relevance import judged_relevance
from hub.core.text import fold_vietnamese
from search import analysis
from search.backends.embedded import EmbeddedBackend, to_tantivy
from search.backends.embedded.query import build_match_query
from search.types import SearchDocument, SearchQuery

OUT = Path(__file__).parent / "out"
TARGET_P95_MS = {"site": 50.0, "subtree": 100.0, "all": 100.0}
TARGET_ITEMS_PER_S = 2000.0
SPOOL_CHUNK = 2_000  # documents per pickled chunk of the spool


@dataclass
class Timing:
    label: str
    samples_ms: list[float]
    total_hits: int = 0
    # the reference query of each (``reference_ms``), timed beside it
    reference_ms: list[float] = field(default_factory=list)
    # kind of query -> (milliseconds, hits) of each, to tell where the time goes
    kinds: dict[str, list[tuple[float, int]]] = field(default_factory=dict)

    def pct(self, p: float) -> float:
        return percentile(self.samples_ms, p)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MiB."""
    current = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                current = int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return current, peak


def dir_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1024 / 1024


def make_queries(corpus: Corpus, count: int, copied: list[tuple[str, int, int]]
                 ) -> list[tuple[str, str]]:
    """(kind, text): half with diacritics, half folded; 1 in 10 a document number, every
    other one of them a document copied on many sites."""
    out: list[tuple[str, str]] = []
    for i in range(count):
        if i % 20 == 19 and copied:
            out.append(("copied number", copied[(i // 20) % len(copied)][0]))
        elif i % 10 == 9:
            item = corpus.item(10**9 + i)  # any legal document number (may not exist)
            text = item.document_number or f"{i % 200 + 1}/2024/QĐ-UBND"
            out.append(("number", text))
        elif i % 2:
            out.append(("folded", fold_vietnamese(corpus.query_words())))
        else:
            out.append(("diacritics", corpus.query_words()))
    return out


def scope_query(text: str, scope: str, site: Site, facets: bool) -> SearchQuery:
    return SearchQuery(text=text, scope=scope, tenant_id=site.tenant_id,
                       tenant_path=site.path, want_facets=facets)


def reference_ms(backend: EmbeddedBackend, text: str) -> float:
    """Milliseconds of the least any engine does for ``text`` over every item: one
    folded posting list per word, intersected and counted — no scores, filters,
    copies or facets. Timed beside each query, it tells a busy moment of a shared
    machine from a slow search: both grow together."""
    index = backend.store.open()
    searcher = backend.store.searcher()
    query = build_match_query(index.schema, analysis.parse_query(text))
    started = time.perf_counter()
    searcher.search(query, 1, count=True)
    return (time.perf_counter() - started) * 1000


def run_queries(backend: EmbeddedBackend, queries: list[tuple[str, str]], scope: str,
                sites: list[Site], facets: bool) -> Timing:
    timing = Timing(f"{scope}{' + facets' if facets else ''}", [])
    # Sites searched from: communes and departments for "site", districts and the
    # province for "subtree", every site for "all" (the reader's site orders ties).
    pool = {"site": [s for s in sites if s.kind != "district"],
            "subtree": [s for s in sites if s.kind in ("district", "province")],
            "all": sites}[scope]
    for n, (kind, text) in enumerate(queries):
        site = pool[n % len(pool)]
        query = scope_query(text, scope, site, facets)
        started = time.perf_counter()
        results = backend.search(query)
        timing.samples_ms.append((time.perf_counter() - started) * 1000)
        timing.total_hits += results.total
        timing.reference_ms.append(reference_ms(backend, text))
        timing.kinds.setdefault(kind, []).append((timing.samples_ms[-1], results.total))
    return timing


def kind_lines(timing: Timing) -> list[str]:
    """The latency of one row by kind of query."""
    lines = [f"By kind of query, `{timing.label}`:", "",
             "| query | n | p50 ms | p95 ms | max ms | mean hits |",
             "|---|---:|---:|---:|---:|---:|"]
    for kind, runs in timing.kinds.items():
        samples = [ms for ms, _hits in runs]
        lines.append(f"| {kind} | {len(runs)} | {percentile(samples, 50):.1f} "
                     f"| {percentile(samples, 95):.1f} | {max(samples):.1f} "
                     f"| {sum(hits for _ms, hits in runs) // len(runs):,} |")
    return lines


def spool(corpus: Corpus, items: int, path: Path) -> float:
    """Generate ``items`` into ``path`` as pickled chunks; the seconds it took. The
    generator stands in for the database and is not indexing (it costs about as much CPU
    per item as the analysis does), so it runs before the build, untimed, and through
    a file so that a million items never sit in memory at once."""
    started = time.perf_counter()
    with path.open("wb") as out:
        chunk = []
        for doc in corpus.documents(items):
            chunk.append(doc)
            if len(chunk) == SPOOL_CHUNK:
                pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
                chunk = []
        if chunk:
            pickle.dump(chunk, out, protocol=pickle.HIGHEST_PROTOCOL)
    return time.perf_counter() - started


class Spooled:
    """The documents of a spool, read back a chunk at a time; ``seconds`` counts the
    reading, which the build's wall time includes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seconds = 0.0

    def __iter__(self) -> Iterator[SearchDocument]:
        with self.path.open("rb") as spooled:
            while True:
                started = time.perf_counter()
                try:
                    chunk = pickle.load(spooled)  # noqa: S301 - written just before
                except EOFError:
                    return
                finally:
                    self.seconds += time.perf_counter() - started
                yield from chunk


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the rebuild's
    worker processes, ``search.backends.embedded.converting``)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def build(backend: EmbeddedBackend, spooled: Spooled) -> tuple[int, float, float]:
    """(items, wall seconds, CPU seconds of this process and its workers) of one
    ``rebuild``. On a shared machine the CPU time says what the build costs, the wall
    time what it took."""
    started, cpu = time.perf_counter(), _cpu()
    count = backend.rebuild(spooled)
    return count, time.perf_counter() - started, _cpu() - cpu


def collapsing(backend: EmbeddedBackend, copied: list[tuple[str, int, int]]) -> str:
    """Whether a search over all sites answers one result per copied document: the
    number of a document on many sites, and how many of the top ten are its copies."""
    if not copied:
        return "not checked (no copied documents generated)"
    number, _issuer, copies = max(copied, key=lambda entry: entry[2])
    hits = backend.search(SearchQuery(text=number, want_facets=False)).hits
    same = sum(1 for hit in hits if hits and hit.title == hits[0].title)
    state = "on" if same == 1 else "off"
    return (f"{state}: `{number}` (on {copies} sites) answers {same} of its copies in "
            "the top 10 over all sites")


def conversion_ms(sites: list[Site], sample: int = 5_000) -> tuple[float, float, float]:
    """CPU milliseconds of ``to_tantivy`` alone (the Python analysis of an item): per
    item, per item without files, per item with files."""
    docs = list(Corpus(sites, seed=2).documents(sample))
    spent = {False: 0.0, True: 0.0}
    for doc in docs:
        cpu = time.process_time()
        to_tantivy(doc)
        spent[bool(doc.files)] += time.process_time() - cpu
    with_files = sum(1 for doc in docs if doc.files)
    return (1000 * (spent[False] + spent[True]) / len(docs),
            1000 * spent[False] / max(len(docs) - with_files, 1),
            1000 * spent[True] / max(with_files, 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--sites", type=int, default=720)
    parser.add_argument("--queries", type=int, default=200, help="per scope")
    parser.add_argument("--index-dir", help="where to build (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the index afterwards")
    args = parser.parse_args(argv)

    sites = build_sites(args.sites)
    corpus = Corpus(sites)
    workspace = Path(tempfile.mkdtemp(prefix="portal-search-bench-"))
    directory = Path(args.index_dir) if args.index_dir else workspace / "index"
    backend = EmbeddedBackend(directory)
    lines: list[str] = []
    try:
        print(f"generating {args.items:,} items across {len(sites)} sites …",
              file=sys.stderr)
        spooled = Spooled(workspace / "items.pickle")
        generating = spool(corpus, args.items, spooled.path)
        tally = corpus.tally
        print(f"building the index in {directory} …", file=sys.stderr)
        count, seconds, cpu_seconds = build(backend, spooled)
        spooled.path.unlink()
        size = dir_size_mb(directory)
        backend.refresh()
        print(f"built: {count:,} items in {seconds:,.1f} s ({count / seconds:,.0f}/s), "
              f"{cpu_seconds:,.1f} s CPU", file=sys.stderr)
        converting, plain, attached = conversion_ms(sites)
        pages, extracting = text_pdf_throughput()
        rss_after_build, _ = rss_mb()
        queries = make_queries(Corpus(sites, seed=7), args.queries, tally.copied)
        # Warm the caches: the index was just written, its pages are not all read yet.
        for _kind, text in queries:
            backend.search(SearchQuery(text=text))
        print("querying …", file=sys.stderr)
        load_before = os.getloadavg()[0]
        timings = []
        for scope in ("site", "subtree", "all"):
            for facets in (False, True):
                timings.append(run_queries(backend, queries, scope, sites, facets))
                t = timings[-1]
                print(f"{t.label}: p50 {t.pct(50):.1f} ms, p95 {t.pct(95):.1f} ms, "
                      f"p99 {t.pct(99):.1f} ms (reference p95 "
                      f"{percentile(t.reference_ms, 95):.1f} ms)", file=sys.stderr)
        load_after = os.getloadavg()[0]
        collapsed = collapsing(backend, tally.copied)
        rss_now, rss_peak = rss_mb()
        print("judging relevance …", file=sys.stderr)
        relevance = judged_relevance(backend, sites)
        rate = count / seconds
        lines += [
            f"# Search benchmark — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"Command: `.venv/bin/python -m bench.search_bench --items {args.items} "
            f"--sites {args.sites} --queries {args.queries}`  ",
            f"Machine: {os.cpu_count()} CPUs (shared with other work while measured); "
            f"backend: embedded (tantivy), one writer thread.",
            "",
            "## Corpus",
            "",
            *corpus_lines(tally),
            "",
            "## Build",
            "",
            "| items | sites | build (wall) | build (CPU) | items/s (wall) "
            "| items/CPU-s | index size | target |",
            "|---:|---:|---:|---:|---:|---:|---:|---|",
            f"| {count:,} | {len(sites)} | {seconds:,.1f} s | {cpu_seconds:,.1f} s "
            f"| {rate:,.0f} | {count / cpu_seconds:,.0f} | {size:,.0f} MiB "
            f"| ≥ {TARGET_ITEMS_PER_S:,.0f}/s: "
            f"{'met' if rate >= TARGET_ITEMS_PER_S else 'NOT met'} |",
            "",
            f"The items were generated first, untimed ({generating:,.0f} s; "
            f"{1000 * generating / count:.2f} ms per item), into a spool file the build "
            f"reads back ({spooled.seconds:,.1f} s of the build's wall time). The build's "
            "CPU per item: `search.backends.embedded.to_tantivy` (the Python Vietnamese "
            "analysis: NFC, syllables, folding of title, summary, body and files' text) "
            f"{converting:.2f} ms ({plain:.2f} ms for an item without files, "
            f"{attached:.2f} ms with them), tantivy's own indexing, merging and commit "
            "(its own threads) the rest.",
            "",
            f"Attachment extraction (`bench.extraction`'s text PDFs through "
            f"`search.extraction.extract`, a child process per file): {pages:,} pages in "
            f"{extracting:.1f} s, {pages / extracting:,.0f} pages/s. Its hostile files "
            "(bombs, 10,000 pages, scans) and their worst time: "
            "`.venv/bin/python -m bench.extraction`.",
            "",
            f"## Query latency ({args.queries} queries per row: 1–4 words, half typed "
            "without diacritics, 1 in 20 a document number, 1 in 20 the number of a "
            "document copied on many sites; top 10 by relevance)",
            "",
            f"Collapsing of copies: {collapsed}.",
            "",
            "| scope | p50 ms | p95 ms | p99 ms | max ms | mean hits | p95 target "
            "| reference p95 ms |",
            "|---|---:|---:|---:|---:|---:|---|---:|",
        ]
        for t in timings:
            scope = t.label.split()[0]
            target = TARGET_P95_MS[scope]
            lines.append(
                f"| {t.label} | {t.pct(50):.1f} | {t.pct(95):.1f} | {t.pct(99):.1f} | "
                f"{max(t.samples_ms):.1f} | {t.total_hits // len(t.samples_ms):,} | "
                f"< {target:.0f}: {'met' if t.pct(95) < target else 'NOT met'} "
                f"| {percentile(t.reference_ms, 95):.1f} |")
        lines += [
            "",
            "Scopes: `site` = one commune, department or the province, `subtree` = a "
            "district and its communes (or the province and everything), `all` = every "
            "site, searched from any of them. `+ facets` adds the six facet counts the "
            "search page shows. Each query was run once over all sites before timing.",
            "",
            "Reference: each query's bare match over every item, timed right after it "
            "(one folded posting list per word, intersected and counted; no scores, "
            "filters, copies or facets: `reference_ms`). On a machine busy with other "
            "work both columns grow together. Load average (1 min, which still counts the "
            "build just ended) before the queries "
            f"{load_before:.2f}, after {load_after:.2f} ({os.cpu_count()} CPUs).",
            "",
            *kind_lines(timings[-1]),
            "",
            "## Memory",
            "",
            f"RSS after build {rss_after_build:,.0f} MiB, after queries {rss_now:,.0f} MiB, "
            f"peak {rss_peak:,.0f} MiB (generation streams to the spool a chunk at a time; "
            "the peak is the writer's heap and the conversion sample).",
            "",
            "## Relevance (judged query set)",
            "",
            *relevance,
            "",
        ]
    finally:
        backend.close()
        if not args.keep and not args.index_dir:
            shutil.rmtree(workspace, ignore_errors=True)
        elif args.keep and not args.index_dir:
            print(f"index kept in {directory}", file=sys.stderr)
    report = "\n".join(lines)
    OUT.mkdir(exist_ok=True)
    path = OUT / f"search-{datetime.now(UTC):%Y-%m-%d}.md"
    path.write_text(report, encoding="utf-8")
    print(report)
    print(f"\n(report written to {path})", file=sys.stderr)
    return 0


def corpus_lines(tally: Tally) -> list[str]:
    """What was generated: copies and attached files."""
    singles = tally.items - tally.copies
    return [
        f"{tally.items:,} items: {singles:,} single items and {tally.copies:,} copies "
        f"({100 * tally.copies / tally.items:.1f} %) of {tally.groups:,} province and "
        f"department documents, each on 5–300 sites "
        f"({tally.copies / max(tally.groups, 1):.0f} on average). "
        f"{tally.with_files:,} items ({100 * tally.with_files / tally.items:.1f} %) carry "
        f"attached files' text, {tally.file_chars / max(tally.with_files, 1):,.0f} "
        f"characters on average ({tally.file_chars / 1e6:,.0f} M in all).",
    ]


if __name__ == "__main__":
    raise SystemExit(main())
