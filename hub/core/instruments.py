"""The process's Prometheus instruments: what requests and background jobs count.

Defined once per process, at import (prometheus_client keeps one registry per
process). With ``PROMETHEUS_MULTIPROC_DIR`` set before the process starts, the library
keeps their values in files of that folder so that ``/metrics`` (``hub.core.metrics``)
adds up every gunicorn worker; otherwise each process counts for itself.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "portal_http_requests", "HTTP requests answered, by endpoint and site kind.",
    ("endpoint", "site_kind", "method", "status"))
LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Time to answer a request, by endpoint and site kind.",
    ("endpoint", "site_kind"),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
JOB_RUNS = Counter("portal_job_runs", "Background job runs, by job.", ("job",))
JOB_FAILURES = Counter("portal_job_failures", "Background job runs that failed, by job.",
                       ("job",))
JOB_SKIPPED = Counter("portal_job_skipped",
                      "Background job runs left out because another process (on this "
                      "node or another) was running the same job, by job.", ("job",))
