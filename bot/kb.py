"""`canitrain kb`: list, show and check the catalog, and rebuild its database.

    canitrain kb hardware [NAME] [--json]   every accelerator, or one (resolved through aliases)
    canitrain kb models [NAME] [--json]     every model, or one
    canitrain kb sources [--json]           the sources table
    canitrain kb check                      integrity checks; exit 1 with the list on failure
    canitrain kb build                      rebuild the SQLite file from the data files
    canitrain kb path                       where the database and the user data directory are

This module is imported whenever the `canitrain` parser is built, so it imports nothing
heavy at module level (sqlite-utils is loaded by `kb build` / `kb check` only).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.types import Hardware, Model, Source
    from knowledge.catalog import Catalog

HARDWARE_JSON_FIELDS = (
    "id name aliases family_aliases vendor kind memory_gb bandwidth_gbs peak_tflops power_w year"
).split()
MODEL_JSON_FIELDS = (
    "id name family aliases family_aliases year architecture params active_params params_kind"
    " tokens tokens_kind training_flops training_flops_kind gpu_hours gpu_hours_hardware layers"
    " hidden_size heads kv_heads vocab context proxy"
).split()


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register `kb` and its sub-commands on the `canitrain` parser."""
    kb = subparsers.add_parser("kb", help="list, show and check the hardware/model catalog")
    sub = kb.add_subparsers(dest="kb_command", required=True)
    for name, what in (("hardware", "accelerators"), ("models", "models")):
        p = sub.add_parser(name, help=f"list {what}, or show one with each figure's source")
        p.add_argument("name", nargs="*", help="a name or alias (e.g. '4070 ti', 'llama 2 7b')")
        p.add_argument("--json", action="store_true", help="print JSON")
    p = sub.add_parser("sources", help="list the sources every figure cites")
    p.add_argument("--json", action="store_true", help="print JSON")
    sub.add_parser("check", help="integrity checks (sources, aliases, plausibility)")
    sub.add_parser("build", help="rebuild the SQLite database from the data files")
    sub.add_parser("path", help="show the database file and the user data directory")
    return kb


# --- JSON shapes -----------------------------------------------------------------------


def hardware_json(h: Hardware) -> dict[str, Any]:
    row = h.model_dump()
    out = {k: row[k] for k in HARDWARE_JSON_FIELDS}
    return out | {"sources": list(h.sources), "field_sources": h.field_sources, "notes": h.notes}


def model_json(m: Model) -> dict[str, Any]:
    row = m.model_dump()
    out = {k: row[k] for k in MODEL_JSON_FIELDS}
    return out | {"sources": list(m.sources), "field_sources": m.field_sources, "notes": m.notes}


def source_json(s: Source) -> dict[str, Any]:
    return s.model_dump()


# --- text shapes -----------------------------------------------------------------------


def _num(v: float | None) -> str:
    if v is None:
        return "-"
    if abs(v) >= 1e6:
        return f"{v:.4g}"
    return f"{v:g}"


def _hardware_line(h: Hardware) -> str:
    p = h.peak_tflops
    mixed = p.bf16 or p.fp16
    return (
        f"{h.id:<20} {h.name:<38} {_num(h.memory_gb):>6} GB {_num(h.bandwidth_gbs):>6} GB/s"
        f"  fp32 {_num(p.fp32):>6}  bf16/fp16 {_num(mixed):>7}"
    )


def _model_line(m: Model) -> str:
    active = f" ({_num(m.active_params)} active)" if m.active_params else ""
    flops = f"  {_num(m.training_flops)} FLOP" if m.training_flops else ""
    return (
        f"{m.id:<16} {m.name:<26} {_num(m.params):>9} params{active}"
        f"  {_num(m.tokens):>8} tokens{flops}"
    )


def _show(row: Hardware | Model, fields: dict[str, Any], catalog: Catalog) -> str:
    lines = [f"{row.name} ({row.id})"]
    if row.aliases:
        lines.append(f"  aliases: {', '.join(row.aliases)}")
    if row.family_aliases:
        lines.append(f"  family default for: {', '.join(row.family_aliases)}")
    for field, value in fields.items():
        if value is None or field in {"id", "name", "aliases", "family_aliases"}:
            continue
        shown = _num(value) if isinstance(value, int | float) else value
        lines.append(f"  {field:<22} {shown!s:<16} [{row.source_of(field)}]")
    if row.notes:
        lines.append(f"  notes: {row.notes}")
    lines.append("  sources:")
    for src in catalog.source_list(list(row.sources)):
        where = f" - {src.where}" if src.where else ""
        lines.append(f"    [{src.key}] {src.title}, {src.authors or ''} {src.year or ''}")
        lines.append(f"        {src.url or '(no URL)'}{where}")
    return "\n".join(lines)


def _flat_fields(row: Hardware | Model) -> dict[str, Any]:
    fields = row.model_dump(exclude={"field_sources", "notes", "source"})
    peaks = fields.pop("peak_tflops", None) or {}
    return fields | {f"peak_tflops.{k}": v for k, v in peaks.items()}


# --- commands ----------------------------------------------------------------------------


def _emit(obj: Any) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2))


def _lookup(args: argparse.Namespace, catalog: Catalog, kind: str) -> int:
    from core.errors import UnknownName

    rows: dict = catalog.hardware if kind == "hardware" else catalog.models
    to_json = hardware_json if kind == "hardware" else model_json
    if not args.name:
        if args.json:
            _emit([to_json(r) for r in rows.values()])
        else:
            line = _hardware_line if kind == "hardware" else _model_line
            print("\n".join(line(r) for r in rows.values()))
        return 0
    name = " ".join(args.name)
    resolve = catalog.resolve_hardware if kind == "hardware" else catalog.resolve_model
    try:
        hit = resolve(name)
    except UnknownName as exc:
        closest = f"; closest: {', '.join(exc.suggestions)}" if exc.suggestions else ""
        print(f"{name!r} is not in the catalog{closest}", file=sys.stderr)
        return 1
    row = rows[hit.id]
    if args.json:
        _emit(to_json(row) | {"resolved_from": name, "assumed_variant": hit.assumed_variant})
        return 0
    if hit.assumed_variant:
        print(f"{name!r} names a family; its declared default is {row.name}.")
    print(_show(row, _flat_fields(row), catalog))
    return 0


def _sources(args: argparse.Namespace, catalog: Catalog) -> int:
    if args.json:
        _emit([source_json(s) for s in catalog.sources.values()])
        return 0
    for s in catalog.sources.values():
        print(f"[{s.key}] {s.title} ({s.authors or '-'}, {s.year or '-'})")
        print(f"    {s.url or '(no URL)'}" + (f" - {s.where}" if s.where else ""))
    return 0


def _check() -> int:
    from knowledge.check import check_files

    data, problems = check_files()
    if problems:
        print(f"kb check: {len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    assert data is not None
    print(
        f"kb check: ok ({len(data.hardware)} hardware, {len(data.models)} models, "
        f"{len(data.sources)} sources)"
    )
    return 0


def _build() -> int:
    from knowledge.build import build
    from knowledge.errors import CatalogDataError
    from knowledge.load import load_data

    try:
        path = build()
    except CatalogDataError as exc:
        print("kb build: the data files do not load:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    data = load_data()
    print(f"built {path} ({len(data.hardware)} hardware, {len(data.models)} models)")
    for problem in data.problems:
        print(f"  skipped: {problem}", file=sys.stderr)
    return 0


def _path() -> int:
    from knowledge.build import default_db_path
    from knowledge.load import user_data_dir

    print(f"database:  {default_db_path()}")
    print(f"user data: {user_data_dir()}  (*.toml; set CANITRAIN_DATA_DIR to move it)")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run one `kb` sub-command; the exit status."""
    command = args.kb_command
    if command == "check":
        return _check()
    if command == "build":
        return _build()
    if command == "path":
        return _path()
    from knowledge.catalog import Catalog

    catalog = Catalog.open()
    if command == "sources":
        return _sources(args, catalog)
    return _lookup(args, catalog, command)


def main(argv: list[str] | None = None) -> int:
    """`kb` on its own (tests and `python -m bot.kb`)."""
    parser = argparse.ArgumentParser(prog="canitrain")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["kb", *(sys.argv[1:] if argv is None else argv)])
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
