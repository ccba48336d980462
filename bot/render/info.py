"""Catalog cards: one device, one model, and the list of sources, each figure cited."""

from __future__ import annotations

import logging

from bot import numbers
from bot.render import planning, training
from bot.render.assumptions import lead_lines
from bot.render.common import Ctx
from bot.reply import Reply
from core.errors import CanitrainError
from core.types import PRECISIONS, Estimate, Hardware, HardwareRef, Model, ModelRef, Query
from grammar.parsed import Parsed
from knowledge import Catalog

log = logging.getLogger(__name__)
TOPS_PRECISIONS = ("int8",)  # integer rates are operations, not floating-point operations


def _estimate_for(
    query: Query, hw: Hardware | None, model: Model | None, catalog: Catalog
) -> Estimate | None:
    """The estimator's headline for a card opened without a question (the `kb` command)."""
    from core.estimate import estimate

    try:
        proxy = catalog.proxies.get(model.id) if model else None
        return estimate(query, hw, model, proxy=proxy)
    except (CanitrainError, ValueError):
        log.info("no headline for %s", query.model_dump(exclude_none=True))
        return None


# --- hardware -------------------------------------------------------------------------------


def _peak_lines(ctx: Ctx, hw: Hardware) -> list[str]:
    lines = []
    for p in PRECISIONS:
        tflops = hw.peak_tflops.get(p)
        if tflops is None:
            continue
        figure = numbers.tflops(tflops)
        if p in TOPS_PRECISIONS:
            figure = figure.replace("TFLOPS", "TOPS")
        lines.append(
            ctx.t("card.peak", precision=ctx.precision(p, long=True), peak=figure)
            + ctx.cites.mark(hw.source_of(f"peak_tflops.{p}"))
        )
    return lines


def _headline(ctx: Ctx) -> list[str]:
    """A year's compute per precision shown, e.g. "1 year at 90% = 1.14 × 10²¹ FLOPs at FP32"."""
    est = ctx.estimate
    if est is None or not est.available_by_precision or est.utilization_used is None:
        return []
    duration = est.duration_s or ctx.query.duration_s
    return [
        ctx.t(
            "card.headline",
            duration=ctx.duration(duration),
            utilization=numbers.pct(est.utilization_used),
            flops=numbers.sci(est.available_by_precision[p]),
            precision=ctx.precision(p),
        )
        for p in _headline_precisions(ctx)
    ]


def _headline_precisions(ctx: Ctx) -> list[str]:
    """The training precision and plain FP32, or whichever the estimate has."""
    est = ctx.estimate
    shown = est.available_by_precision if est else {}
    return [p for p in training.precisions(ctx) if p in shown] or list(shown)


def hardware_card(
    hw: Hardware,
    catalog: Catalog,
    lang: str,
    estimate: Estimate | None = None,
    parsed: Parsed | None = None,
) -> Reply:
    """Every figure the catalog holds for `hw`, cited, with a year's compute as headline."""
    if parsed is None:
        query = Query(intent="hardware_info", hardware=HardwareRef(id=hw.id, name=hw.name))
        parsed = Parsed(text=hw.name, language="en", query=query, understood=True)
        estimate = estimate or _estimate_for(query, hw, None, catalog)
    ctx = Ctx(lang, catalog, parsed, estimate)
    title = ctx.t(
        "title.hardware_card",
        name=hw.name,
        vendor=hw.vendor,
        kind=ctx.t(f"hwkind.{hw.kind}"),
        year=hw.year or "—",
    )
    lines = [*lead_lines(ctx), *_headline(ctx)]
    lines.append(
        ctx.t("card.memory", memory=numbers.bytes_(hw.memory_bytes))
        + ctx.cites.mark(hw.source_of("memory_gb"))
    )
    if hw.bandwidth_gbs is not None:
        lines.append(
            ctx.t("card.bandwidth", bandwidth=f"{numbers.num(hw.bandwidth_gbs, 4)} GB/s")
            + ctx.cites.mark(hw.source_of("bandwidth_gbs"))
        )
    if hw.power_w is not None:
        lines.append(
            ctx.t("card.power", power=numbers.num(hw.power_w))
            + ctx.cites.mark(hw.source_of("power_w"))
        )
    lines += _peak_lines(ctx, hw)
    fields = [(ctx.t("field.memory_plain"), numbers.bytes_(hw.memory_bytes))]
    for p in ("bf16", "fp32"):
        tflops = hw.peak_tflops.get(p)
        if tflops is not None:
            fields.append((ctx.precision(p), numbers.tflops(tflops)))
    return ctx.reply(title, lines, fields, training.available_math(ctx) or _card_math(ctx, hw))


def _card_math(ctx: Ctx, hw: Hardware) -> list[str]:
    """The headline's arithmetic when the estimate's duration is a default, not asked."""
    est = ctx.estimate
    duration = est.duration_s if est else None
    if est is None or duration is None or est.utilization_used is None:
        return []
    return [
        ctx.t(
            "math.available",
            precision=ctx.precision(p),
            peak=numbers.e_notation(tflops * 1e12, 12),
            utilization=numbers.e_notation(est.utilization_used),
            seconds=numbers.count(duration),
            count=1,
            flops=numbers.sci(est.available_by_precision[p]),
        )
        for p in _headline_precisions(ctx)
        if (tflops := hw.peak_tflops.get(p)) is not None
    ]


# --- model ------------------------------------------------------------------------------------


def _kinded(ctx: Ctx, x: float, kind: str) -> str:
    """A count in the short scale, marked when it is not the developer's published figure."""
    text = numbers.short(x, 4)
    return text if kind == "published" else f"{text} ({ctx.t(f'figure_kind.{kind}')})"


def _figure(ctx: Ctx, m: Model, key: str, field: str, value: str | None, kind: str) -> str:
    """One model figure, saying when it is undisclosed, an outside estimate or derived."""
    if value is None or kind == "undisclosed":
        return ctx.t(f"card.{key}", value=ctx.t("word.undisclosed")) + ctx.cites.mark(m.source)
    return ctx.t(f"card.{key}", value=value) + ctx.cites.mark(m.source_of(field))


def _model_lines(ctx: Ctx, m: Model) -> list[str]:
    params = _kinded(ctx, m.params, m.params_kind) if m.params else None
    if params and m.active_params:
        params = ctx.t("phrase.moe_params", total=params, active=numbers.short(m.active_params, 4))
    tokens = _kinded(ctx, m.tokens, m.tokens_kind) if m.tokens else None
    lines = [
        _figure(ctx, m, "params", "params", params, m.params_kind),
        _figure(ctx, m, "tokens", "tokens", tokens, m.tokens_kind),
    ]
    if m.training_flops is not None:
        kind = ctx.t(f"figure_kind.{m.training_flops_kind or 'published'}")
        lines.append(
            ctx.t("card.compute", flops=numbers.sci(m.training_flops), kind=kind)
            + ctx.cites.mark(m.source_of("training_flops"))
        )
    if m.gpu_hours is not None:
        lines.append(
            ctx.t(
                "card.gpu_hours",
                hours=numbers.count(m.gpu_hours),
                hardware=ctx.name_of(m.gpu_hours_hardware or "—"),
            )
            + ctx.cites.mark(m.source_of("gpu_hours"))
        )
    if m.layers and m.hidden_size and m.heads:
        lines.append(
            ctx.t(
                "card.architecture",
                layers=m.layers,
                hidden=numbers.count(m.hidden_size),
                heads=m.heads,
                kv_heads=m.kv_heads or m.heads,
                context=numbers.count(m.context) if m.context else "—",
            )
            + ctx.cites.mark(m.source_of("layers"))
        )
    return lines


def _derived_compute_line(ctx: Ctx) -> str | None:
    """An unpublished compute figure worked out by the estimator (6ND), said as such."""
    line = training.required_line(ctx)
    six = ctx.assumption("compute_from_6nd")
    if six is None or ctx.estimate is None or ctx.estimate.compute_required_flops is None:
        return line
    return ctx.t(
        "card.compute_6nd",
        flops=numbers.sci(ctx.estimate.compute_required_flops),
        params=numbers.short(float(six.values.get("params") or 0)),
        tokens=numbers.short(float(six.values.get("tokens") or 0)),
    ) + ctx.cites.mark(*six.sources)


def model_card(
    model: Model,
    catalog: Catalog,
    lang: str,
    estimate: Estimate | None = None,
    parsed: Parsed | None = None,
) -> Reply:
    """The model's published figures (or that they are undisclosed), cited, with the
    training compute they imply as headline."""
    if parsed is None:
        query = Query(intent="model_info", model=ModelRef(id=model.id, name=model.name))
        parsed = Parsed(text=model.name, language="en", query=query, understood=True)
        estimate = estimate or _estimate_for(query, None, model, catalog)
    ctx = Ctx(lang, catalog, parsed, estimate)
    family = f"{model.family}, " if model.family and model.family != model.name else ""
    title = ctx.t("title.model_card", name=model.name, family=family, year=model.year or "—")
    lines: list[str | None] = [*lead_lines(ctx)]
    proxy = catalog.proxies.get(model.id)
    if proxy is not None and not ctx.assumption("proxy_model"):
        lines.append(
            ctx.t("card.proxy", model=model.name, proxy=proxy.name) + ctx.cites.mark(model.source)
        )
    lines += _model_lines(ctx, model)
    est = ctx.estimate
    if est is not None and est.compute_required_flops is not None and model.training_flops is None:
        lines.append(_derived_compute_line(ctx))
    if est is not None and est.pf_days is not None:
        lines.append(ctx.t("line.pf_days", pf_days=numbers.num(est.pf_days)))
    fields = []
    if model.params and model.params_kind != "undisclosed":
        fields.append((ctx.t("field.params"), _kinded(ctx, model.params, model.params_kind)))
    if model.tokens and model.tokens_kind != "undisclosed":
        fields.append((ctx.t("field.tokens"), _kinded(ctx, model.tokens, model.tokens_kind)))
    if est is not None and est.compute_required_flops is not None:
        fields.append((ctx.t("field.required"), numbers.sci(est.compute_required_flops) + " FLOPs"))
    return ctx.reply(
        title, lines, fields, [*training.required_math(ctx), *planning.pf_days_math(ctx)]
    )


# --- sources -----------------------------------------------------------------------------------


def sources_list(catalog: Catalog, lang: str) -> Reply:
    """Every source in the catalog, numbered in the catalog's order."""
    ctx = Ctx(lang, catalog)
    for key in catalog.sources:
        ctx.cites.number(key)
    return ctx.reply(ctx.t("title.sources", count=len(catalog.sources)), [ctx.t("line.sources")])
