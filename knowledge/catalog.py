"""The catalog as the running bot sees it: rows, aliases and name resolution.

`Catalog.open()` reads the built SQLite file read-only with the standard library; when the
file is missing, stale (the data files changed) or corrupt, it is rebuilt first.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from core.errors import UnknownHardware, UnknownModel
from core.types import Hardware, Model, Source
from knowledge.build import SCHEMA_VERSION, build, default_db_path
from knowledge.load import fingerprint
from knowledge.names import name_key

log = logging.getLogger(__name__)
SAME_PREFIX_BONUS = 20  # suggestions: "h300" is closer to "h100" than to "3090"
SUGGEST_MIN_SCORE = 50
_NAME_SHAPE = re.compile(r"^([a-z]+)\d")  # the letters a product name starts with: "h", "rtx"


@dataclass(frozen=True)
class Resolved:
    """A name resolved to a row; `assumed_variant` when a family name picked its default."""

    id: str
    assumed_variant: bool
    alias: str


def _read(path: Path) -> dict[str, list[sqlite3.Row]] | None:
    """Every table of a built catalog, or None when the file is missing, old or unreadable."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            meta = {r["key"]: r["value"] for r in conn.execute("select key, value from meta")}
            if meta.get("schema") != SCHEMA_VERSION or meta.get("fingerprint") != fingerprint():
                return None
            return {
                t: conn.execute(f"select * from {t}").fetchall()  # noqa: S608 - fixed names
                for t in ("sources", "hardware", "models", "hardware_aliases", "model_aliases")
            } | {"meta": [meta]}  # type: ignore[dict-item]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        log.warning("catalog: %s is unreadable (%s); rebuilding", path, exc)
        return None


def _build_where_possible(path: Path) -> Path:
    """Build at `path`; if that place is not writable, build in the temp directory instead."""
    log.info("catalog: building %s", path)
    try:
        return build(path)
    except OSError as exc:
        import tempfile  # the answer path reads a built database and never gets here

        fallback = Path(tempfile.gettempdir()) / f"canitrain-{os.getuid()}" / "catalog.db"
        log.warning("catalog: cannot write %s (%s); using %s", path, exc, fallback)
        return build(fallback)


class Catalog:
    """Hardware, models and sources, with alias resolution."""

    def __init__(
        self,
        sources: dict[str, Source],
        hardware: dict[str, Hardware],
        models: dict[str, Model],
        hardware_aliases: dict[str, tuple[str, bool, str]],
        model_aliases: dict[str, tuple[str, bool, str]],
        problems: list[str] | None = None,
        path: Path | None = None,
        fingerprint: str | None = None,
    ) -> None:
        self.sources = sources
        self.hardware = hardware
        self.models = models
        self.hardware_aliases = hardware_aliases  # key -> (id, family_default, alias)
        self.model_aliases = model_aliases
        self.problems = problems or []
        self.path = path
        # The data files' fingerprint when opened from a built database: what tables derived
        # from the rows (the grammar's entity index) are cached under. None: not cacheable.
        self.fingerprint = fingerprint

    @classmethod
    def open(cls, path: Path | None = None) -> Catalog:
        """Open the built catalog, building or rebuilding it when needed."""
        path = path or default_db_path()
        tables = _read(path)
        if tables is None:
            path = _build_where_possible(path)
            tables = _read(path)
            if tables is None:
                raise RuntimeError(f"catalog database {path} could not be built")
        return cls._from_tables(tables, path)

    @classmethod
    def _from_tables(cls, t: dict, path: Path) -> Catalog:
        def aliases(rows: list[sqlite3.Row], owner: str) -> dict[str, tuple[str, bool, str]]:
            return {r["key"]: (r[owner], bool(r["family_default"]), r["alias"]) for r in rows}

        return cls(
            # Validated again although the build validated them: pydantic-core reads all rows
            # in ~0.6 ms, model_construct from json.loads takes ~1.5 ms (measured).
            sources={r["key"]: Source(**dict(r)) for r in t["sources"]},
            hardware={r["id"]: Hardware.model_validate_json(r["data"]) for r in t["hardware"]},
            models={r["id"]: Model.model_validate_json(r["data"]) for r in t["models"]},
            hardware_aliases=aliases(t["hardware_aliases"], "hardware_id"),
            model_aliases=aliases(t["model_aliases"], "model_id"),
            problems=json.loads(t["meta"][0].get("problems", "[]")),
            path=path,
            fingerprint=t["meta"][0]["fingerprint"],
        )

    # --- resolution -------------------------------------------------------------------

    def resolve_hardware(self, name: str) -> Resolved:
        """Resolve a hardware name or alias; raise UnknownHardware with close names."""
        hit = self.hardware_aliases.get(name_key(name))
        if hit is None:
            raise UnknownHardware(name, self.suggest(name, "hardware"))
        return Resolved(hit[0], hit[1], hit[2])

    def resolve_model(self, name: str) -> Resolved:
        """Resolve a model name or alias; raise UnknownModel with close names."""
        hit = self.model_aliases.get(name_key(name))
        if hit is None:
            raise UnknownModel(name, self.suggest(name, "model"))
        return Resolved(hit[0], hit[1], hit[2])

    def suggest(self, name: str, kind: str, limit: int = 3) -> list[str]:
        """Display names of the rows closest to an unknown name.

        rapidfuzz's ratio over the alias keys, with a bonus for the same leading letters, so an
        "H300" is shown the H100/H200/H800 before a 3090 that only shares digits.
        """
        from rapidfuzz import fuzz, process

        key = name_key(name)
        lead = _NAME_SHAPE.match(key)
        aliases = self.hardware_aliases if kind == "hardware" else self.model_aliases
        rows = self.hardware if kind == "hardware" else self.models
        scored: dict[str, float] = {}
        for cand, score, _ in process.extract(key, list(aliases), scorer=fuzz.ratio, limit=40):
            if lead and cand.startswith(lead.group(1)):
                score += SAME_PREFIX_BONUS
            display = rows[aliases[cand][0]].name
            scored[display] = max(scored.get(display, 0.0), score)
        best = sorted(scored.items(), key=lambda kv: -kv[1])
        return [display for display, score in best if score >= SUGGEST_MIN_SCORE][:limit]

    @cached_property
    def proxies(self) -> dict[str, Model]:
        return {m.id: self.models[m.proxy] for m in self.models.values() if m.proxy}

    @cached_property
    def reference_hardware(self) -> list[Hardware]:
        """The devices marked `reference` in the data: what a memory figure is set against
        when a question names no device."""
        return [hw for hw in self.hardware.values() if hw.reference]

    def source_list(self, keys: list[str]) -> list[Source]:
        return [self.sources[k] for k in dict.fromkeys(keys) if k in self.sources]


_DEFAULT: Catalog | None = None


def default_catalog() -> Catalog:
    """The process-wide catalog, opened once."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Catalog.open()
    return _DEFAULT
