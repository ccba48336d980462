"""The built database at run time: rebuilt when corrupt or unwritable, shared by readers."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from knowledge import Catalog


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "catalog.db"


def test_a_corrupt_database_is_rebuilt_with_a_log_line(db_path, caplog):
    db_path.write_bytes(b"this is not an SQLite file" * 100)
    with caplog.at_level(logging.WARNING, logger="knowledge.catalog"):
        catalog = Catalog.open(db_path)
    assert "rtx-4070-ti" in catalog.hardware
    assert any("unreadable" in r.getMessage() for r in caplog.records)
    assert sqlite3.connect(db_path).execute("select count(*) from hardware").fetchone()[0] > 0


def test_a_fresh_database_is_only_read(db_path):
    Catalog.open(db_path)
    before = db_path.stat().st_mtime_ns
    Catalog.open(db_path)
    assert db_path.stat().st_mtime_ns == before


def test_a_stale_database_is_rebuilt(db_path):
    Catalog.open(db_path)
    conn = sqlite3.connect(db_path)
    conn.execute("update meta set value = 'old' where key = 'fingerprint'")
    conn.commit()
    conn.close()
    catalog = Catalog.open(db_path)
    assert "h100-sxm" in catalog.hardware
    fingerprint = sqlite3.connect(db_path).execute(
        "select value from meta where key = 'fingerprint'"
    )
    assert fingerprint.fetchone()[0] != "old"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_an_unwritable_location_falls_back_to_the_temp_directory(tmp_path, caplog):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        catalog = Catalog.open(locked / "catalog.db")
    finally:
        locked.chmod(0o700)
    assert catalog.path is not None and catalog.path.parent != locked


def test_an_unwritable_location_falls_back_even_for_root(tmp_path, monkeypatch):
    # A regular file where the directory should be makes the build fail for any user.
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    catalog = Catalog.open(blocker / "catalog.db")
    assert catalog.path is not None and str(catalog.path).startswith(str(tmp_path / "tmp"))
    assert "a100-80gb-sxm" in catalog.hardware


def test_many_threads_opening_a_missing_database_all_get_the_catalog(db_path):
    with ThreadPoolExecutor(8) as pool:
        catalogs = list(pool.map(lambda _: Catalog.open(db_path), range(16)))
    assert {len(c.hardware) for c in catalogs} == {len(catalogs[0].hardware)}


def test_concurrent_processes_share_one_database(db_path):
    code = (
        "import sys; from pathlib import Path; from knowledge import Catalog;"
        "print(len(Catalog.open(Path(sys.argv[1])).models))"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(db_path)], stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    counts = {int(p.communicate(timeout=60)[0]) for p in procs}
    assert len(counts) == 1 and counts.pop() >= 55
