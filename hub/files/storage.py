"""Where uploaded files are kept: a folder on local disk, or a bucket of an S3-compatible
object store (``PORTAL_STORAGE``), behind one small interface.

A file is an object under a key ``<tenant_id>/<sha256[:2]>/<sha256>`` (``key_for``).
Keys are content-addressed, so a write is *write once*: the same bytes under the same
key are never written twice, and a reader never sees half a file (a folder's file is
written aside and renamed; an S3 PUT appears whole or not at all). Everything reads and
writes through ``get_storage()``: uploads, downloads, copies between sites, merges,
readiness and backups.

What fails is a ``StorageError``: the store is unreachable or refuses (503), or it is
full (507) — on disk ``ENOSPC``/``EDQUOT``, on S3 a quota. Callers turn it into a clear
message; nothing is left half-written.
"""

from __future__ import annotations

import errno
import io
import os
import re
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from flask import Flask, current_app

from hub.core.health import Outcome

EXTENSION = "portal_storage"
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
# What S3-compatible servers answer when a quota is reached (Ceph RGW, MinIO).
FULL_S3_CODES = frozenset({"QuotaExceeded", "XMinioStorageFull",
                           "XMinioAdminBucketQuotaExceeded"})
_UNSAFE_PART = re.compile(r"[\\\x00-\x1f\x7f]")

Data = bytes | IO[bytes]


class StorageError(Exception):
    """The store could not do what was asked. ``full``: it has no room left (507);
    else it is unreachable or refused (503). ``detail`` is for the log, not the user."""

    def __init__(self, detail: str, *, full: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.full = full

    @property
    def status(self) -> int:
        return 507 if self.full else 503


@dataclass(frozen=True)
class Stat:
    size: int
    modified: datetime | None


def key_for(tenant_id: int, storage_key: str) -> str:
    """The key of a site's file: ``<tenant_id>/<sha256[:2]>/<sha256>``."""
    return f"{tenant_id}/{storage_key}"


def check_key(key: str) -> str:
    """Refuse a key that could leave the store's folder or confuse a listing."""
    parts = key.split("/")
    if not key or any(part in ("", ".", "..") or part.startswith(".")
                      or _UNSAFE_PART.search(part) for part in parts):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class Storage(ABC):
    """One store of uploaded files. Every method raises ``StorageError`` when the store
    fails; a missing key is ``None`` (``stat``) or ``FileNotFoundError`` (``open``)."""

    kind: str

    @abstractmethod
    def describe(self) -> str:
        """Where the files are, for operators (a folder, ``s3://bucket/prefix``)."""

    @abstractmethod
    def put(self, key: str, data: Data, *, replace: bool = False) -> None:
        """Keep ``data`` under ``key``, whole or not at all. Without ``replace`` an
        existing key is left as it is (its name is its content's hash)."""

    @abstractmethod
    def copy(self, source: str, target: str) -> None:
        """Write ``source``'s bytes under ``target`` unless ``target`` exists."""

    @abstractmethod
    def open(self, key: str, *, size: int | None = None) -> IO[bytes]:
        """A seekable binary stream of the file, read as it is consumed. ``size``, when
        the caller has just had it from ``stat``, spares the store a second question."""

    @abstractmethod
    def stat(self, key: str) -> Stat | None:
        """Size and time of the file, or None when there is none."""

    def exists(self, key: str) -> bool:
        return self.stat(key) is not None

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the file (no error when it is already gone)."""

    @abstractmethod
    def keys(self, prefix: str = "") -> Iterator[str]:
        """Every key (starting with ``prefix``), in order."""

    def usage(self, tenant_id: int) -> int:
        """Bytes a site's files take."""
        return sum(stat.size for key in self.keys(f"{tenant_id}/")
                   if (stat := self.stat(key)) is not None)

    @abstractmethod
    def check(self) -> Outcome:
        """Readiness: can a file be written now?"""


# --- local disk ------------------------------------------------------------------------

@contextmanager
def _disk_errors(what: str, *, missing: bool = False) -> Iterator[None]:
    """OSError -> StorageError (full on ENOSPC/EDQUOT); with ``missing``, a file that
    is not there stays a FileNotFoundError."""
    try:
        yield
    except FileNotFoundError:
        if missing:
            raise
        raise StorageError(f"{what}: no such file or folder") from None
    except OSError as error:
        raise StorageError(f"{what}: {error}", full=error.errno in FULL_ERRNOS) from error


class LocalStorage(Storage):
    """Files in a folder (``PORTAL_UPLOAD_DIR``), a key its path below it: the layout
    installations have always had."""

    kind = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def describe(self) -> str:
        return str(self.root)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: Data, *, replace: bool = False) -> None:
        path = self.path(key)
        with _disk_errors(f"cannot write {key}"):
            if not replace and path.exists():
                os.utime(path)  # reused: not an orphan for ``hub.files.sweep``
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a reader never sees half a file, two writers
            # of the same bytes both end with the whole one, a full disk leaves nothing.
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    if isinstance(data, bytes):
                        handle.write(data)
                    else:
                        shutil.copyfileobj(data, handle)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise

    def copy(self, source: str, target: str) -> None:
        if self.exists(target):
            with _disk_errors(f"cannot write {target}"):
                os.utime(self.path(target))  # reused: not an orphan
            return
        with self.open(source) as handle:
            self.put(target, handle)

    def open(self, key: str, *, size: int | None = None) -> IO[bytes]:
        with _disk_errors(f"cannot read {key}", missing=True):
            return self.path(key).open("rb")

    def stat(self, key: str) -> Stat | None:
        try:
            with _disk_errors(f"cannot read {key}", missing=True):
                found = self.path(key).stat()
        except FileNotFoundError:
            return None
        return Stat(found.st_size, datetime.fromtimestamp(found.st_mtime, UTC))

    def delete(self, key: str) -> None:
        with _disk_errors(f"cannot delete {key}"):
            self.path(key).unlink(missing_ok=True)

    def keys(self, prefix: str = "") -> Iterator[str]:
        # Hidden names are files being written (".upload-…") or probes: never a key.
        found = []
        with _disk_errors("cannot list the files"):
            for folder, folders, files in os.walk(self.root):
                folders[:] = [name for name in folders if not name.startswith(".")]
                base = Path(folder).relative_to(self.root)
                found += [(base / name).as_posix() for name in files
                          if not name.startswith(".")]
        yield from sorted(key for key in found if key.startswith(prefix))

    def check(self) -> Outcome:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.root, prefix=".ready-"):
                pass
        except OSError as exc:
            return Outcome("error", f"not writable: {type(exc).__name__}")
        if not os.access(self.root, os.W_OK):
            return Outcome("error", "not writable")
        return Outcome("ok", "local folder")


# --- S3 and S3-compatible servers ------------------------------------------------------

def _s3_code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


@contextmanager
def _s3_errors(what: str) -> Iterator[None]:
    from botocore.exceptions import BotoCoreError, ClientError
    try:
        yield
    except ClientError as error:
        code = _s3_code(error)
        raise StorageError(f"{what}: {code or error}", full=code in FULL_S3_CODES) from error
    except BotoCoreError as error:
        raise StorageError(f"{what}: {type(error).__name__}: {error}") from error


def _missing(error: Exception) -> bool:
    return _s3_code(error) in {"404", "NoSuchKey", "NotFound"}


class _ObjectReader(io.RawIOBase):
    """An object read as it is consumed, seekable: a range request asks the store for
    that range only, and a 304 never asks it at all."""

    def __init__(self, storage: S3Storage, key: str, size: int) -> None:
        self._storage, self._key, self._size = storage, key, size
        self._position = 0
        self._body: Any = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        position = max(base + offset, 0)
        if position != self._position:
            self._drop_body()
            self._position = position
        return position

    def readinto(self, buffer: Any) -> int:
        if self._position >= self._size:
            return 0
        if self._body is None:
            self._body = self._storage.body(self._key, self._position)
        with _s3_errors(f"cannot read {self._key}"):
            data = self._body.read(len(buffer))
        buffer[:len(data)] = data
        self._position += len(data)
        return len(data)

    def _drop_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop_body()
        super().close()


class S3Storage(Storage):
    """Objects of a bucket (``PORTAL_S3_*``), a key under the optional prefix. Short
    timeouts and two tries: an unreachable store fails in seconds, not minutes."""

    kind = "s3"

    def __init__(self, *, bucket: str, prefix: str = "", endpoint_url: str | None = None,
                 region: str | None = None, access_key_id: str | None = None,
                 secret_access_key: str | None = None, timeout: float = 5.0) -> None:
        import boto3
        from botocore.config import Config
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        config = Config(
            connect_timeout=timeout, read_timeout=timeout,
            retries={"total_max_attempts": 2, "mode": "standard"},
            # Servers other than AWS (MinIO, Ceph) want the bucket in the path, and
            # many refuse the checksum trailers botocore sends by default since 1.36.
            s3={"addressing_style": "path" if endpoint_url else "auto"},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required")
        # Credentials given here win; else boto3's chain (AWS_* variables, ~/.aws, role).
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None, config=config)

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def put(self, key: str, data: Data, *, replace: bool = False) -> None:
        if not replace and self.exists(key):
            self._renew(key)
            return
        with _s3_errors(f"cannot write {key}"):
            self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)

    def _renew(self, key: str) -> None:
        """Renew an existing object's time (copied onto itself, bytes unchanged): it
        is reused, not an orphan for ``hub.files.sweep``."""
        with _s3_errors(f"cannot write {key}"):
            self.client.copy_object(Bucket=self.bucket, Key=self._name(key),
                                    CopySource={"Bucket": self.bucket,
                                                "Key": self._name(key)},
                                    MetadataDirective="REPLACE")

    def copy(self, source: str, target: str) -> None:
        if self.exists(target):
            self._renew(target)
            return
        from botocore.exceptions import ClientError
        with _s3_errors(f"cannot copy {source}"):
            try:
                self.client.copy_object(Bucket=self.bucket, Key=self._name(target),
                                        CopySource={"Bucket": self.bucket,
                                                    "Key": self._name(source)})
            except ClientError as error:
                if _missing(error):
                    raise FileNotFoundError(source) from error
                raise

    def body(self, key: str, start: int = 0) -> Any:
        """The object's streaming body from byte ``start``."""
        extra = {"Range": f"bytes={start}-"} if start else {}
        with _s3_errors(f"cannot read {key}"):
            try:
                return self.client.get_object(Bucket=self.bucket, Key=self._name(key),
                                              **extra)["Body"]
            except self.client.exceptions.NoSuchKey as error:
                raise FileNotFoundError(key) from error

    def open(self, key: str, *, size: int | None = None) -> IO[bytes]:
        if size is None:
            found = self.stat(key)
            if found is None:
                raise FileNotFoundError(key)
            size = found.size
        return io.BufferedReader(_ObjectReader(self, key, size))

    def stat(self, key: str) -> Stat | None:
        from botocore.exceptions import ClientError
        with _s3_errors(f"cannot read {key}"):
            try:
                head = self.client.head_object(Bucket=self.bucket, Key=self._name(key))
            except ClientError as error:
                if _missing(error):
                    return None
                raise
        return Stat(int(head["ContentLength"]), head.get("LastModified"))

    def delete(self, key: str) -> None:
        with _s3_errors(f"cannot delete {key}"):
            self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def _objects(self, prefix: str) -> Iterator[dict[str, Any]]:
        with _s3_errors("cannot list the files"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix + prefix)
            for page in pages:
                yield from page.get("Contents", ())

    def keys(self, prefix: str = "") -> Iterator[str]:
        found = [entry["Key"][len(self.prefix):] for entry in self._objects(prefix)]
        yield from sorted(found)

    def usage(self, tenant_id: int) -> int:
        return sum(int(entry["Size"]) for entry in self._objects(f"{tenant_id}/"))

    def check(self) -> Outcome:
        try:
            with _s3_errors("bucket"):
                self.client.head_bucket(Bucket=self.bucket)
        except StorageError as error:
            cause = error.__cause__
            code = _s3_code(cause) if cause is not None else ""
            if code:
                return Outcome("error", f"s3 bucket refused: {code}")
            return Outcome("error", f"unreachable: {type(cause).__name__}")
        return Outcome("ok", "s3 bucket")


# --- the app's store -------------------------------------------------------------------

_SETTINGS = ("STORAGE", "UPLOAD_DIR", "S3_BUCKET", "S3_PREFIX", "S3_ENDPOINT_URL",
             "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_TIMEOUT")


def build_storage(config: Any) -> Storage:
    """The store the settings name; a setting that cannot work is a ``ValueError``."""
    kind = (config.get("STORAGE") or "local").strip().lower()
    if kind == "local":
        return LocalStorage(Path(config["UPLOAD_DIR"]))
    if kind == "s3":
        if not config.get("S3_BUCKET"):
            raise ValueError("PORTAL_STORAGE=s3 needs PORTAL_S3_BUCKET")
        return S3Storage(bucket=config["S3_BUCKET"], prefix=config.get("S3_PREFIX") or "",
                         endpoint_url=config.get("S3_ENDPOINT_URL"),
                         region=config.get("S3_REGION"),
                         access_key_id=config.get("S3_ACCESS_KEY_ID"),
                         secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
                         timeout=float(config.get("S3_TIMEOUT") or 5.0))
    raise ValueError(f"PORTAL_STORAGE is `local` or `s3`, not {kind!r}")


def get_storage(app: Flask | None = None) -> Storage:
    """The app's store, built once (again only if its settings were changed)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    settings = tuple(app.config.get(name) for name in _SETTINGS)
    cached = app.extensions.get(EXTENSION)
    if cached is None or cached[0] != settings:
        cached = app.extensions[EXTENSION] = (settings, build_storage(app.config))
    return cached[1]


def check_storage() -> Outcome:
    """``/healthz/ready``'s ``uploads``: the configured store can take a file."""
    return get_storage().check()
