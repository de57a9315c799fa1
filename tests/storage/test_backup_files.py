"""The files part of a backup, on a folder and on a bucket alike: written from the
store's listing, restored into the store (the files the backup does not hold removed),
backups made before the store (a tar of the upload folder, ``./1/ab/…``) restored the
same way, and a member that would leave the store refused."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from hub.backups.archive import BackupError, _hashes_in_tar, _tar_files
from hub.backups.restoring import _restore_files
from hub.files.storage import Storage
from tests.storage.conftest import key_of

FILES = {key_of(1, b"%PDF-1.4 a"): b"%PDF-1.4 a", key_of(2, b"b" * 3000): b"b" * 3000}


def test_the_files_part_holds_every_file_and_restores_them(store: Storage,
                                                           tmp_path: Path) -> None:
    for key, data in FILES.items():
        store.put(key, data)
    part = tmp_path / "uploads.tar.gz"
    _tar_files(store, part)
    hashes = _hashes_in_tar(part)
    assert sorted(hashes) == sorted(FILES)
    for key in list(store.keys()):
        store.delete(key)
    store.put(key_of(9, b"stray"), b"stray")
    _restore_files(part, store)
    assert {key: store.open(key).read() for key in store.keys()} == FILES


def test_a_backup_from_before_the_store_restores_into_it(store: Storage,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "old-uploads"
    for key, data in FILES.items():
        (folder / key).parent.mkdir(parents=True, exist_ok=True)
        (folder / key).write_bytes(data)
    part = tmp_path / "uploads.tar.gz"
    with tarfile.open(part, "w:gz") as tar:
        tar.add(folder, arcname=".")  # as backups were written before the store
    _restore_files(part, store)
    assert {key: store.open(key).read() for key in store.keys()} == FILES


def test_a_member_outside_the_store_is_refused(store: Storage, tmp_path: Path) -> None:
    part = tmp_path / "uploads.tar.gz"
    with tarfile.open(part, "w:gz") as tar:
        info = tarfile.TarInfo("../../etc/cron.d/x")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(BackupError, match="outside the store"):
        _restore_files(part, store)
    assert list(store.keys()) == []
