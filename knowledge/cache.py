"""Tables derived from data files, kept on disk between processes beside the catalog database.

`canitrain ask` is a one-shot process, and building the grammar's tables (the parse table,
the lexicon, the number words, the catalog's entity index) or parsing a locale file costs more
than reading the finished tables back. `cached(name, key, build)` returns `build()`, saving it
the first time and reading it back after that for as long as the key is unchanged.

The key is the caller's digest of everything the table depends on: the data files and the code
that turns them into tables (`files_digest`), plus anything else (a catalog's fingerprint), so a
changed data file or a changed builder gives a rebuild, never a stale table. The files are
pickles in a directory beside the catalog database (`catalog.db-cache/`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from knowledge.build import default_db_path

log = logging.getLogger(__name__)
T = TypeVar("T")
FORMAT = "canitrain-cache-1"  # bump when the layout of the files below changes


def cache_path(name: str) -> Path:
    """`catalog.db` keeps its tables in `catalog.db-cache/`, so two databases never share."""
    db = default_db_path()
    return db.with_name(f"{db.name}-cache") / f"{name}.pickle"


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of files' paths and bytes: a file added, removed or edited changes it."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def _load(path: Path, key: str) -> tuple[bool, object]:
    try:
        with open(path, "rb") as f:
            stored_key, value = pickle.load(f)
    except FileNotFoundError:
        return False, None
    except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt, whatever the damage
        log.info("cache: %s unreadable (%s); rebuilding", path, exc)
        return False, None
    return stored_key == key, value


def _save(path: Path, key: str, value: object) -> None:
    """Write atomically (readers never see half a file); an unwritable place is not an error."""
    import tempfile  # only on a miss: a hit does not pay for the import

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        log.info("cache: cannot write %s (%s)", path, exc)


def cached(name: str, key: str, build: Callable[[], T]) -> T:
    """`build()`, or the value an earlier process built under the same key.

    :param name: the cache file's name (one value per name; a new key replaces the old value)
    :param key: a digest of everything the value depends on, code included (`files_digest`)
    """
    path = cache_path(name)
    full_key = f"{FORMAT}:{sys.version}:{key}"  # a pickle is read back by the same Python
    hit, value = _load(path, full_key)
    if hit:
        return value  # type: ignore[return-value]
    value = build()
    _save(path, full_key, value)
    return value
