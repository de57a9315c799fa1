"""gunicorn settings of the benchmark: 2 sync workers on loopback, no access log, no
worker recycling (it would show up as latency spikes)."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8765")
workers = 2
worker_class = "sync"
preload_app = False
keepalive = 5
timeout = 60
accesslog = None
errorlog = "-"
loglevel = "warning"
