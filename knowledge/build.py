"""Building the SQLite catalog from the data files with sqlite-utils.

The database is an ordinary SQLite file (open it with `sqlite3` or Datasette). Each row keeps
its readable columns plus a `data` column holding the validated row as JSON, so the
answer path can rebuild the exact pydantic object with the standard library's `sqlite3`
and never import sqlite-utils (which costs ~0.2 s at start-up).

Tables: sources, hardware, models, hardware_aliases, model_aliases, meta.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from core.types import Hardware, Model
from knowledge.load import CatalogData, fingerprint, load_data
from knowledge.names import name_key

log = logging.getLogger(__name__)
SCHEMA_VERSION = "1"


def default_db_path() -> Path:
    if env := os.environ.get("CANITRAIN_DB"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "canitrain" / "catalog.db"


def _alias_rows(row: Hardware | Model, owner: str) -> list[dict]:
    rows = [
        {"key": name_key(alias), "alias": alias, owner: row.id, "family_default": 0}
        for alias in (row.name, row.id, *row.aliases)
    ]
    rows += [
        {"key": name_key(alias), "alias": alias, owner: row.id, "family_default": 1}
        for alias in row.family_aliases
    ]
    return rows


def _unique_aliases(rows: list[dict], owner: str) -> list[dict]:
    """One row per key; an explicit alias wins over a family default. Clashes are kept out."""
    chosen: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: r["family_default"]):
        chosen.setdefault(row["key"], row)
    return list(chosen.values())


def alias_clashes(data: CatalogData) -> list[str]:
    """Keys that two different rows both claim as a plain alias (kb check reports them)."""
    problems = []
    for table, owner in ((data.hardware, "hardware_id"), (data.models, "model_id")):
        seen: dict[tuple[str, int], str] = {}
        for row in table.values():
            for alias in _alias_rows(row, owner):
                slot = (alias["key"], alias["family_default"])
                other = seen.setdefault(slot, row.id)
                if other != row.id:
                    problems.append(f"alias {alias['alias']!r} names both {other} and {row.id}")
    return problems


def write_database(data: CatalogData, path: Path, stamp: str) -> None:
    """Write the catalog to `path` (replaced atomically, so readers never see half a file)."""
    import tempfile

    import sqlite_utils  # only the build path pays for this import

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".db.tmp")
    os.close(fd)
    try:
        db = sqlite_utils.Database(tmp)
        db.table("sources").insert_all(
            [s.model_dump() for s in data.sources.values()], pk="key", replace=True
        )
        db.table("hardware").insert_all(
            [_flat_hardware(h) for h in data.hardware.values()], pk="id", replace=True
        )
        db.table("models").insert_all(
            [_flat_model(m) for m in data.models.values()], pk="id", replace=True
        )
        hw_aliases = [a for h in data.hardware.values() for a in _alias_rows(h, "hardware_id")]
        db.table("hardware_aliases").insert_all(
            _unique_aliases(hw_aliases, "hardware_id"),
            pk="key",
            foreign_keys=[("hardware_id", "hardware", "id")],
        )
        m_aliases = [a for m in data.models.values() for a in _alias_rows(m, "model_id")]
        db.table("model_aliases").insert_all(
            _unique_aliases(m_aliases, "model_id"),
            pk="key",
            foreign_keys=[("model_id", "models", "id")],
        )
        db.table("meta").insert_all(
            [
                {"key": "fingerprint", "value": stamp},
                {"key": "schema", "value": SCHEMA_VERSION},
                {"key": "problems", "value": json.dumps(data.problems)},
            ],
            pk="key",
        )
        db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _flat_hardware(h: Hardware) -> dict:
    peaks = {f"{k}_tflops": v for k, v in h.peak_tflops.model_dump().items()}
    return {
        "id": h.id,
        "name": h.name,
        "vendor": h.vendor,
        "kind": h.kind,
        "year": h.year,
        "memory_gb": h.memory_gb,
        "bandwidth_gbs": h.bandwidth_gbs,
        "power_w": h.power_w,
        **peaks,
        "source": h.source,
        "data": h.model_dump_json(),
    }


def _flat_model(m: Model) -> dict:
    return {
        "id": m.id,
        "name": m.name,
        "family": m.family,
        "params": m.params,
        "active_params": m.active_params,
        "tokens": m.tokens,
        "training_flops": m.training_flops,
        "training_flops_kind": m.training_flops_kind,
        "gpu_hours": m.gpu_hours,
        "proxy": m.proxy,
        "source": m.source,
        "data": m.model_dump_json(),
    }


def build(path: Path | None = None) -> Path:
    """Rebuild the database from the data files; return its path."""
    path = path or default_db_path()
    stamp = fingerprint()
    data = load_data()
    for problem in data.problems:
        log.warning("catalog: skipped %s", problem)
    write_database(data, path, stamp)
    log.info(
        "catalog: built %s (%d hardware, %d models)", path, len(data.hardware), len(data.models)
    )
    return path
