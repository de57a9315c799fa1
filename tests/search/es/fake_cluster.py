"""A tiny local HTTP server that answers like Elasticsearch does, for failure tests.

Not a mock library and not evidence of ranking: each test scripts the few answers it
needs (a 429 then a success, a bulk response with ``errors: true``, the 400 an 8.x
cluster gives a 9.x client) and the real ``elasticsearch`` client talks to it over a
real socket. Response bodies and headers are copied from what Elasticsearch 8/9 send:
the ``X-Elastic-Product`` header (the client refuses a server without it) and the
``compatible-with`` content type.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

COMPAT_JSON = "application/vnd.elasticsearch+json;compatible-with=9"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def ndjson(self) -> list[Any]:
        return [json.loads(line) for line in self.body.splitlines() if line.strip()]


Answer = tuple[int, Any]          # (status, JSON body or None)
App = Callable[[Request], Answer]


def es_error(status: int, kind: str, reason: str, **extra: Any) -> Answer:
    """An error body shaped like Elasticsearch's."""
    cause = {"type": kind, "reason": reason}
    return status, {"error": {"root_cause": [cause], **cause, **extra}, "status": status}


@dataclass
class FakeCluster:
    app: App
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        cluster = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = Request(self.command, self.path,
                                  {k.lower(): v for k, v in self.headers.items()},
                                  self.rfile.read(length) if length else b"")
                cluster.requests.append(request)
                status, body = cluster.app(request)
                payload = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Type", COMPAT_JSON)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer  # noqa: N815

            def log_message(self, *args: Any) -> None:  # keep pytest output clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path.split('?')[0]}" for r in self.requests]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A port nothing listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def search_response(*sources: dict[str, Any]) -> dict[str, Any]:
    return {
        "took": 3, "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": len(sources), "relation": "eq"}, "max_score": 1.0,
                 "hits": [{"_index": "portal-items-v1-1", "_id": str(s["item_id"]),
                           "_score": 1.0, "_source": s} for s in sources]},
    }


def bulk_items(request: Request, fail: dict[str, Answer] | None = None) -> dict[str, Any]:
    """The answer to a ``_bulk`` request: every action done, except those in ``fail``."""
    fail = fail or {}
    items = []
    for line in request.ndjson():
        if len(line) != 1 or next(iter(line)) not in ("index", "delete", "create"):
            continue  # a document body line
        op, meta = next(iter(line.items()))
        if meta["_id"] in fail:
            status, error = fail[meta["_id"]]
            items.append({op: {"_index": meta["_index"], "_id": meta["_id"],
                               "status": status, "error": error}})
        else:
            result = "deleted" if op == "delete" else "created"
            items.append({op: {"_index": meta["_index"], "_id": meta["_id"], "_version": 1,
                               "result": result, "status": 200 if op == "delete" else 201}})
    errors = any("error" in next(iter(i.values())) for i in items)
    return {"took": 5, "errors": errors, "items": items}
