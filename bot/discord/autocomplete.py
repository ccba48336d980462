"""Autocomplete choices for hardware, model and duration options.

Names match on the catalog's alias keys (`knowledge.names.name_key`), so "4070ti", "rtx 4070 ti"
and "आरटीएक्स ४०७०" all find the RTX 4070 Ti: prefix matches first, then matches inside the
name, then the catalog's fuzzy suggestions for typos. A choice's value is the row's display
name, which the catalog resolves; the command still validates it, because autocomplete is only
a suggestion and the user may type anything (discord.py's `Command.autocomplete` docstring).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from core.conventions import MONTH_S, SECONDS_PER_DAY, WEEK_S, YEAR_S
from knowledge.names import name_key

if TYPE_CHECKING:
    from knowledge import Catalog

MAX_CHOICES = 25  # Discord shows at most 25 autocomplete choices
CHOICE_NAME_CHARS = 100
# (name key in the locale files, days): DESIGN.md's conventions, year = 365 days, month = year/12
DURATIONS = (
    ("week", WEEK_S / SECONDS_PER_DAY),
    ("month", MONTH_S / SECONDS_PER_DAY),
    ("quarter", 3 * MONTH_S / SECONDS_PER_DAY),
    ("half_year", 6 * MONTH_S / SECONDS_PER_DAY),
    ("year", YEAR_S / SECONDS_PER_DAY),
    ("two_years", 2 * YEAR_S / SECONDS_PER_DAY),
)


def _label(name: str, alias: str) -> str:
    label = name if name_key(alias) == name_key(name) else f"{name} ({alias})"
    return label[:CHOICE_NAME_CHARS]


def name_choices(
    rows: Mapping[str, Any],
    aliases: Mapping[str, tuple[str, bool, str]],
    typed: str,
    limit: int = MAX_CHOICES,
) -> list[tuple[str, str]]:
    """(label, value) pairs for the rows whose name or an alias matches what was typed."""
    key = name_key(typed)
    if not key:
        names = sorted(row.name for row in rows.values())
        return [(n[:CHOICE_NAME_CHARS], n) for n in names[:limit]]
    # row id -> (rank, length of the matched key, label): the closest alias labels the row
    best: dict[str, tuple[int, int, str]] = {}
    for alias_key, (row_id, _default, alias) in aliases.items():
        if alias_key.startswith(key):
            rank = 0
        elif key in alias_key:
            rank = 1
        else:
            continue
        candidate = (rank, len(alias_key), _label(rows[row_id].name, alias))
        if row_id not in best or candidate < best[row_id]:
            best[row_id] = candidate
    ranked = sorted(best.items(), key=lambda item: (item[1][0], rows[item[0]].name))
    return [(label, rows[row_id].name) for row_id, (_, _, label) in ranked[:limit]]


def catalog_choices(catalog: Catalog, kind: str, typed: str) -> list[tuple[str, str]]:
    """Hardware or model choices; fuzzy suggestions fill in when nothing matches literally."""
    rows = catalog.hardware if kind == "hardware" else catalog.models
    aliases = catalog.hardware_aliases if kind == "hardware" else catalog.model_aliases
    choices = name_choices(rows, aliases, typed)
    if not choices and typed.strip():
        choices = [(name[:CHOICE_NAME_CHARS], name) for name in catalog.suggest(typed, kind)]
    return choices


def duration_choices(typed: str, names: Mapping[str, str]) -> list[tuple[str, float]]:
    """Common durations in days, plus the number typed so far read as days."""
    choices: list[tuple[str, float]] = []
    try:
        days = float(typed)
    except ValueError:
        days = 0.0
    if days > 0:
        choices.append((names.get("days", "{days} days").format(days=f"{days:g}"), days))
    for key, value in DURATIONS:
        label = names.get(key, key).format(days=f"{value:g}")
        if typed.strip().lower() in label.lower() or days > 0:
            choices.append((label, round(value, 4)))
    return choices[:MAX_CHOICES]
