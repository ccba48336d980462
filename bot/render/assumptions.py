"""Assumption codes (core.assumptions.CODES) worded in the reply's language.

Each code has a wording `assumption.<code>` whose placeholders are the code's value names.
A value that may be missing (None) gets its sentence from `assumption_if.<code>.<value>`,
added only when the value is there. The codes that change what the figures mean
(core.assumptions.LEADING, and utilization above what real runs reach) also get a
`lead.<code>` sentence placed in the reply's first lines.
A code without wording is still shown, by name with its values, never dropped.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot import numbers
from core.assumptions import (
    ASSUMED_VARIANT,
    CODES,
    LEADING,
    OUTSIDE_ESTIMATE,
    PROXY_MODEL,
    UTILIZATION_ABOVE_MEASURED,
)
from core.types import Assumption

if TYPE_CHECKING:
    from bot.render.common import Ctx

log = logging.getLogger(__name__)

# Codes said in the reply's first lines (and again, fuller, among the assumptions).
LEAD_CODES: tuple[str, ...] = (*LEADING, UTILIZATION_ABOVE_MEASURED)
PERCENT_VALUES = frozenset(
    {
        "utilization",
        "low",
        "high",
        "realistic",
        "reported_high",
        "matmul_ceiling",
        "realistic_fraction",
        "efficiency",
        "fraction",
    }
)
SHORT_SCALE_VALUES = frozenset(
    {"params", "tokens", "total_params", "active_params", "adapter_params"}
)
MONEY_VALUES = frozenset({"price_per_kwh", "price_per_device_hour"})
# Values that are a word from a closed set, worded through `<group>.<value>` keys.
ENUM_GROUPS = {
    "task": "task",
    "kind": "kind",
    "scheme": "scheme",
    "checkpointing": "checkpointing",
    "figure": "figure",
}
PRECISION_VALUES = frozenset({"precision", "asked", "used"})
NAME_VALUES = frozenset({"model", "proxy", "hardware", "variant"})


def format_value(ctx: Ctx, name: str, value: object) -> str:
    """One assumption value written for people, chosen by the value's name."""
    if value is None:
        return ctx.t("word.unknown")
    if isinstance(value, str):
        return _word(ctx, name, value)
    if not isinstance(value, int | float):
        return str(value)
    return _figure(ctx, name, float(value))


def _word(ctx: Ctx, name: str, value: str) -> str:
    if name in NAME_VALUES:
        return ctx.name_of(value)
    if name in PRECISION_VALUES:
        return ctx.precision(value)
    group = ENUM_GROUPS.get(name)
    if group and ctx.has(f"{group}.{value}"):
        return ctx.t(f"{group}.{value}")
    return value


def _figure(ctx: Ctx, name: str, x: float) -> str:
    if name in PERCENT_VALUES:
        return numbers.pct(x)
    if name.endswith("_s"):
        return ctx.duration(x)
    if name.endswith("_bytes"):
        return numbers.bytes_(x)
    if name == "flops" or name.endswith("_flops"):
        return numbers.sci(x)
    if name in SHORT_SCALE_VALUES:
        return numbers.short(x)
    if name in MONEY_VALUES:
        return numbers.money(x)
    if name == "device_hours":
        return numbers.count(x)
    return numbers.num(x)


def _filled(ctx: Ctx, a: Assumption) -> dict[str, str]:
    values = {name: format_value(ctx, name, a.values.get(name)) for name in CODES.get(a.code, ())}
    if a.code == ASSUMED_VARIANT:
        values["variant"] = _variant_row_name(ctx, a)
    currency = a.values.get("currency")
    for name in MONEY_VALUES & set(a.values):
        amount = a.values[name]
        if isinstance(amount, int | float):  # a price is written in its own currency
            values[name] = numbers.money(amount, str(currency) if currency else None)
    return values


def _variant_row_name(ctx: Ctx, a: Assumption) -> str:
    """The catalog row a family name was resolved to ("A100" → "A100 80GB SXM4"): the
    question's reference may carry the name as typed."""
    typed = str(a.values.get("variant") or "")
    q = ctx.query
    refs = [q.model] if a.values.get("kind") == "model" else [q.hardware, *q.compare_with]
    for ref in refs:
        if ref is None or not ref.assumed_variant or not ref.id:
            continue
        row = ctx.catalog.models.get(ref.id) or ctx.catalog.hardware.get(ref.id)
        if row is not None and typed in (ref.name, ref.id, row.name):
            return row.name
    return ctx.name_of(typed)


def word(ctx: Ctx, a: Assumption, prefix: str = "assumption") -> str:
    """The sentence for one assumption, with the optional sentences its values allow."""
    key = f"{prefix}.{a.code}"
    if not ctx.has(key):
        log.warning("render: no wording for assumption code %s", a.code)
        shown = ", ".join(f"{k}={v}" for k, v in a.values.items())
        return ctx.t("assumption_unknown", code=a.code, values=shown)
    values = _filled(ctx, a) | {
        k: format_value(ctx, k, v) for k, v in a.values.items() if k not in CODES.get(a.code, ())
    }
    parts = [ctx.t(key, **values)]
    for name, value in a.values.items():
        extra = f"{prefix}_if.{a.code}.{name}"
        if value is not None and ctx.has(extra):
            parts.append(ctx.t(extra, **values))
    return " ".join(parts)


def word_all(ctx: Ctx) -> list[str]:
    """Every assumption of the estimate, worded and cited, in the estimate's order."""
    est = ctx.estimate
    if est is None:
        return []
    return [word(ctx, a) + ctx.cites.mark(*a.sources) for a in est.assumptions]


def lead_lines(ctx: Ctx) -> list[str]:
    """The first-lines sentences: proxy, outside estimate, assumed variant."""
    est = ctx.estimate
    if est is None:
        return []
    return [
        word(ctx, a, "lead") + ctx.cites.mark(*a.sources, *_lead_sources(ctx, a.code))
        for a in est.assumptions
        if a.code in LEADING and ctx.has(f"lead.{a.code}")
    ]


def _lead_sources(ctx: Ctx, code: str) -> list[str]:
    """Where a first-line caveat can be checked: the asked model's own row says its figures
    are undisclosed (proxy); the figure's row names who made the outside estimate."""
    if code == PROXY_MODEL and ctx.model is not None:
        return [ctx.model.source]
    if code == OUTSIDE_ESTIMATE and ctx.figures_model is not None:
        return [ctx.figures_model.source_of("training_flops")]
    return []


def utilization_flag(ctx: Ctx) -> str | None:
    """The line saying an asked utilization is above what real runs reach."""
    a = ctx.assumption(UTILIZATION_ABOVE_MEASURED)
    if a is None:
        return None
    return word(ctx, a, "lead") + ctx.cites.mark(*a.sources)
