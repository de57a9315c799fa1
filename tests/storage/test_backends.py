"""What every store does, on a folder and on an S3 bucket alike: a file written once and
whole under its content's key, read back as a stream (from any offset), listed, copied,
measured, deleted; a key that could leave the store is refused."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from hub.files.storage import LocalStorage, S3Storage, Storage, build_storage
from tests.storage.conftest import key_of

PDF = b"%PDF-1.4\n% Quyet dinh 40\n%%EOF\n"


def read(store: Storage, key: str) -> bytes:
    with store.open(key) as stream:
        return stream.read()


def test_a_file_is_kept_whole_and_read_back(store: Storage) -> None:
    key = key_of(7, PDF)
    assert not store.exists(key) and store.stat(key) is None
    store.put(key, PDF)
    assert store.exists(key)
    found = store.stat(key)
    assert found is not None and found.size == len(PDF) and found.modified is not None
    assert read(store, key) == PDF


def test_a_key_is_written_once_unless_replaced(store: Storage) -> None:
    key = key_of(7, PDF)
    store.put(key, PDF)
    store.put(key, b"other bytes")          # the name is the content's: kept as it is
    assert read(store, key) == PDF
    store.put(key, b"restored", replace=True)
    assert read(store, key) == b"restored"


def test_a_stream_is_stored_and_read_from_an_offset(store: Storage) -> None:
    data = bytes(range(256)) * 1000
    key = key_of(3, data)
    store.put(key, io.BytesIO(data))
    with store.open(key) as stream:
        assert stream.seekable()
        stream.seek(1000)
        assert stream.read(10) == data[1000:1010]
        stream.seek(-5, io.SEEK_END)
        assert stream.read() == data[-5:]
        stream.seek(0)
        assert stream.read() == data


def test_keys_are_listed_in_order_and_measured_per_site(store: Storage) -> None:
    files = {key_of(1, b"a" * 10): b"a" * 10, key_of(1, b"b" * 20): b"b" * 20,
             key_of(12, b"c" * 5): b"c" * 5}
    for key, data in files.items():
        store.put(key, data)
    assert list(store.keys()) == sorted(files)
    assert list(store.keys("1/")) == sorted(k for k in files if k.startswith("1/"))
    assert store.usage(1) == 30 and store.usage(12) == 5 and store.usage(2) == 0


def test_a_copy_goes_to_another_site_and_never_overwrites(store: Storage) -> None:
    source, target = key_of(1, PDF), key_of(2, PDF)
    store.put(source, PDF)
    store.copy(source, target)
    assert read(store, target) == PDF
    store.put(target, b"kept", replace=True)
    store.copy(source, target)
    assert read(store, target) == b"kept"
    with pytest.raises(FileNotFoundError):
        store.copy(key_of(1, b"never stored"), key_of(2, b"never stored"))


def test_delete_and_a_missing_file(store: Storage) -> None:
    key = key_of(4, PDF)
    store.put(key, PDF)
    store.delete(key)
    store.delete(key)  # already gone: no error
    assert not store.exists(key) and list(store.keys()) == []
    with pytest.raises(FileNotFoundError):
        store.open(key)


@pytest.mark.parametrize("key", ["../etc/passwd", "1/../../x", "/1/ab/x", "1//x",
                                 "1/.hidden", ""])
def test_a_key_that_could_leave_the_store_is_refused(store: Storage, key: str) -> None:
    with pytest.raises(ValueError):
        store.put(key, PDF)


def test_a_ready_store_says_so(store: Storage) -> None:
    outcome = store.check()
    assert outcome.status == "ok" and outcome.reason in {"local folder", "s3 bucket"}


def test_the_folder_keeps_its_layout(tmp_path: Path) -> None:
    """Installations from before the store read their files where they always were."""
    store = LocalStorage(tmp_path)
    key = key_of(5, PDF)
    store.put(key, PDF)
    assert (tmp_path / key).read_bytes() == PDF
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
            if p.is_file()] == [key]  # no temporary file left beside it


def test_the_bucket_keeps_files_under_its_prefix(s3_settings: dict) -> None:
    store = build_storage(s3_settings)
    assert isinstance(store, S3Storage) and store.prefix == "portal/"
    key = key_of(5, PDF)
    store.put(key, PDF)
    names = [entry["Key"] for entry in store.client.list_objects_v2(
        Bucket=s3_settings["S3_BUCKET"])["Contents"]]
    assert names == [f"portal/{key}"]


def test_settings_that_cannot_work_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PORTAL_S3_BUCKET"):
        build_storage({"STORAGE": "s3", "UPLOAD_DIR": str(tmp_path)})
    with pytest.raises(ValueError, match="`local` or `s3`"):
        build_storage({"STORAGE": "ftp", "UPLOAD_DIR": str(tmp_path)})
    assert isinstance(build_storage({"UPLOAD_DIR": str(tmp_path)}), LocalStorage)


def test_putting_the_same_bytes_again_renews_the_time(store: Storage) -> None:
    key = key_of(5, PDF)
    store.put(key, PDF)
    first = store.stat(key)
    time.sleep(1.1)  # S3 times are to the second
    store.put(key, PDF)
    again = store.stat(key)
    assert first is not None and again is not None
    assert first.modified is not None and again.modified is not None
    assert again.modified > first.modified
    assert read(store, key) == PDF
