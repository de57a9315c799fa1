"""Versions that tell every process something shared has changed: the host map
(``tenants.resolution``) and each site's page-cache generation (``hub.cache.store``).

A version is a random token, never a count: Redis restarted empty must not hand out
again a version a process has kept data under. Tokens live in files of one folder,
which every worker of the machine reads, and — with Redis — in Redis under
``prefix + name``, which every node reads. While Redis is down (``hub.core.redis``) a
read answers ``down-<outage>-<the file's token>``: nothing kept under Redis's token is
used meanwhile, nothing kept during the outage outlives it, and the machine's own bumps
still count. A bump made meanwhile is written to the file, and announced in Redis as
soon as it answers again, before anything is read from it.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from pathlib import Path
from typing import Any

from hub.core.redis import RedisUnavailable, SharedRedis

logger = logging.getLogger(__name__)


def _token() -> str:
    return uuid.uuid4().hex[:12]


class FileVersions:
    """Tokens in files of one folder: shared by the workers of one machine."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def read(self, name: str) -> str:
        try:
            return (self.folder / name).read_text()
        except FileNotFoundError:
            return "0"

    def bump(self, name: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / name
        temporary = path.with_name(f".{name}.{uuid.uuid4().hex}")
        temporary.write_text(_token())
        os.replace(temporary, path)  # atomic: a reader sees the old or the new token


class SharedVersions:
    """Tokens in files, and in Redis when there is one (``link``)."""

    def __init__(self, folder: Path, link: SharedRedis | None, prefix: str) -> None:
        self.files = FileVersions(folder)
        self.link = link
        self.prefix = prefix
        self._lock = threading.Lock()
        self._missed: set[str] = set()  # bumped while Redis was down
        if link is not None:
            link.on_return(self._replay)

    def read(self, name: str) -> str:
        if self.link is None:
            return self.files.read(name)
        key = self.prefix + name

        def read(client: Any) -> str:
            value = client.get(key)
            if value is None:  # never bumped, or Redis lost its data: a fresh token
                client.set(key, _token(), nx=True)
                value = client.get(key)
            return value.decode()
        try:
            return self.link.call(read)
        except RedisUnavailable as outage:
            return f"down-{outage}-{self.files.read(name)}"

    def bump(self, name: str) -> None:
        if self.link is None:
            self.files.bump(name)
            return
        try:
            self.files.bump(name)  # what this machine's workers read while Redis is down
        except OSError:  # only the fallback of an outage: Redis is what counts now
            logger.warning("could not write the version file %s", name, exc_info=True)
        try:
            self.link.call(lambda client: client.set(self.prefix + name, _token()))
        except RedisUnavailable:
            with self._lock:
                self._missed.add(name)
            logger.warning("%s%s: announced in Redis once it is back", self.prefix, name)

    def _replay(self, client: Any) -> None:
        with self._lock:
            missed, self._missed = self._missed, set()
        try:
            for name in sorted(missed):
                client.set(self.prefix + name, _token())
        except Exception:
            with self._lock:
                self._missed |= missed
            raise
