"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Behind nginx: set FORWARDED_ALLOW_IPS to nginx's address so client IPs (audit log, rate
limits) and the scheme come from X-Forwarded-* headers.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Each worker opens its own database pool and search reader after the fork.
preload_app = False
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app writes its own access log (``portal.access``: a request id, no address, no
# query string); gunicorn's would log both, so it is off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def child_exit(server, worker):  # type: ignore[no-untyped-def]
    """prometheus_client's multiprocess mode: a worker that exits leaves its counters
    to be merged, its live gauges dropped."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess
        multiprocess.mark_process_dead(worker.pid)
