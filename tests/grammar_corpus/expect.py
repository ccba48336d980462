"""Checking a `Parsed` against an expected reading from the corpus files.

Each corpus line is {"q": "...", "expect": {...}}; only the keys present are checked:

- intent, task, precision, currency, language, reply_language, command: equal (null = must
  be null)
- hardware / model: the catalog id (null = no device / no model); count; compare_with: [ids]
- assumed: the device was a family name resolved to its default row
- params, tokens, utilization, batch, context, price_per_kwh, price_per_device_hour: numbers
- duration: [n, unit], in days by DESIGN.md's conventions (below); null = no duration
- understood, follow_up, too_long: booleans; missing: the exact list of missing slots
- unread: the exact list of words read as nothing
- unknown: [[kind, text], ...] exactly; suggest: names that must be among the suggestions
- rejected: [[slot, text], ...] exactly: values read but not used (150%, fp4, a few weeks)
"""

from __future__ import annotations

import json
import math
import tempfile
from functools import lru_cache
from pathlib import Path

from grammar.parsed import Parsed

HERE = Path(__file__).parent
# DESIGN.md: year = 365 days, month = year / 12, week = 7 days.
DAYS_PER_UNIT = {
    "hour": 1 / 24,
    "day": 1,
    "week": 7,
    "month": 365 / 12,
    "year": 365,
    "decade": 3650,
}
NUMBER_KEYS = (
    "tokens", "utilization", "batch", "context", "price_per_kwh", "price_per_device_hour",
)  # fmt: skip
EQUAL_KEYS = ("intent", "task", "precision", "currency")
PARSED_KEYS = (
    "language", "reply_language", "command", "understood", "follow_up", "too_long", "unread",
)  # fmt: skip


def load(name: str) -> list[dict]:
    path = HERE / name
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def cases(name: str) -> list:
    """pytest params for one corpus file, each with the question as its id."""
    import pytest

    return [pytest.param(c, id=c["q"][:60]) for c in load(name)]


@lru_cache(maxsize=1)
def corpus_catalog():
    """The catalog built from the package's real data files, in a temporary database."""
    from knowledge import Catalog

    return Catalog.open(Path(tempfile.mkdtemp(prefix="canitrain-grammar-")) / "c.db")


def _close(got: object, want: float) -> bool:
    return isinstance(got, int | float) and math.isclose(got, want, rel_tol=1e-9)


def mismatches(p: Parsed, expect: dict) -> list[str]:
    """Every expectation the reading does not meet, as readable lines (empty = all met)."""
    q = p.query
    bad: list[str] = []

    def check(key: str, ok: bool, got: object) -> None:
        if not ok:
            bad.append(f"{key}: expected {expect[key]!r}, got {got!r}")

    for key in EQUAL_KEYS:
        if key in expect:
            check(key, getattr(q, key) == expect[key], getattr(q, key))
    for key in PARSED_KEYS:
        if key in expect:
            check(key, getattr(p, key) == expect[key], getattr(p, key))
    if "hardware" in expect:
        got = q.hardware.id if q.hardware else None
        check("hardware", got == expect["hardware"], got)
    if "count" in expect:
        got = q.hardware.count if q.hardware else None
        check("count", got == expect["count"], got)
    if "assumed" in expect:
        got = q.hardware.assumed_variant if q.hardware else None
        check("assumed", got == expect["assumed"], got)
    if "compare_with" in expect:
        got = [h.id for h in q.compare_with]
        check("compare_with", got == expect["compare_with"], got)
    if "model" in expect:
        got = q.model.id if q.model else None
        check("model", got == expect["model"] and (q.model is not None or got is None), got)
        if expect["model"] is None and "params" not in expect:
            check("model", q.model is None, q.model)
    if "params" in expect:
        got = q.model.params if q.model else None
        check("params", _close(got, expect["params"]), got)
    for key in NUMBER_KEYS:
        if key in expect:
            got = getattr(q, key)
            ok = got is None if expect[key] is None else _close(got, expect[key])
            check(key, ok, got)
    if "duration" in expect:
        got = q.duration_s / 86400 if q.duration_s else None
        if expect["duration"] is None:
            check("duration", got is None, got)
        else:
            n, unit = expect["duration"]
            check("duration", _close(got, n * DAYS_PER_UNIT[unit]), got)
    if "missing" in expect:
        check("missing", p.missing == expect["missing"], p.missing)
    if "unknown" in expect:
        got = [[u.kind, u.text] for u in p.unknown]
        check("unknown", got == expect["unknown"], got)
    if "rejected" in expect:
        got = [[x.slot, x.text] for x in p.rejected]
        check("rejected", got == expect["rejected"], got)
    if "suggest" in expect:
        got = [s for u in p.unknown for s in u.suggestions]
        check("suggest", all(name in got for name in expect["suggest"]), got)
    return bad
