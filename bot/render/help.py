"""Replies that are not answers: help, a question not (fully) understood, errors."""

from __future__ import annotations

from bot import numbers
from bot.render import locale
from bot.render.common import Ctx
from bot.reply import Reply
from grammar.parsed import Parsed
from knowledge import Catalog

EXAMPLES_SHOWN = 3


def _list(lang: str, key: str) -> list[str]:
    value = locale.raw(lang, key)
    return [str(v) for v in value] if isinstance(value, list) else []


def help_text(lang: str) -> Reply:
    """What can be asked, with example questions in the language."""
    lines = [locale.t(lang, "help.intro")]
    lines += [f"• {item}" for item in _list(lang, "help.topics")]
    lines.append(locale.t(lang, "help.examples_heading"))
    lines += [f"  “{q}”" for q in _list(lang, "help.examples")]
    lines.append(locale.t(lang, "help.languages"))
    return Reply(
        language=lang,
        title=locale.t(lang, "help.title"),
        lines=lines,
        headings=locale.heading_map(lang),
    )


def render_error(kind: str, lang: str, **values: object) -> Reply:
    """An apology for something that is not the asker's question (too long, rate limit, bug)."""
    key = f"error.{kind}" if locale.has(lang, f"error.{kind}") else "error.internal"
    hint = f"{key}_hint"
    lines = [locale.t(lang, hint, **values)] if locale.has(lang, hint) else []
    return Reply(
        language=lang,
        title=locale.t(lang, key, **values),
        lines=lines,
        headings=locale.heading_map(lang),
    )


def language_set(lang: str) -> Reply:
    return Reply(
        language=lang, title=locale.t(lang, "title.language_set"), headings=locale.heading_map(lang)
    )


def _understood(ctx: Ctx) -> list[str]:
    """The slots the question did give, each as "label: value"."""
    q = ctx.query
    slots: list[tuple[str, str]] = []
    if q.intent:
        slots.append(("intent", ctx.t(f"intent.{q.intent}")))
    if q.hardware:
        slots.append(("hardware", ctx.devices()))
    if q.model:
        slots.append(("model", ctx.model_name()))
    if q.task:
        slots.append(("task", ctx.t(f"task.{q.task}")))
    if q.duration_s:
        slots.append(("duration", ctx.duration(q.duration_s)))
    if q.tokens:
        slots.append(("tokens", numbers.short(q.tokens)))
    if q.utilization:
        slots.append(("utilization", numbers.pct(q.utilization)))
    if q.precision:
        slots.append(("precision", ctx.precision(q.precision)))
    return [f"{ctx.t(f'slot.{name}')}: {value}" for name, value in slots]


def _examples(ctx: Ctx) -> list[str]:
    intent = ctx.query.intent
    out = _list(ctx.lang, f"example.{intent}") if intent else []
    for q in _list(ctx.lang, "help.examples"):
        if len(out) >= EXAMPLES_SHOWN:
            break
        if q not in out:
            out.append(q)
    return [f"“{q}”" for q in out[:EXAMPLES_SHOWN]]


def rejected_lines(ctx: Ctx) -> list[str]:
    """What the asker stated but the answer could not use (a 150% utilization, "fp4")."""
    rejected = ctx.parsed.rejected if ctx.parsed else []
    return [ctx.t(f"line.rejected_{r.slot}", text=r.text) for r in rejected]


def render_not_understood(parsed: Parsed, catalog: Catalog, lang: str) -> Reply:
    """What was understood, what is missing, unknown names with the closest catalog names,
    and two or three example questions in the language."""
    ctx = Ctx(lang, catalog, parsed)
    lines: list[str] = []
    for u in parsed.unknown:
        text = ctx.t(f"line.unknown_{u.kind}", name=u.text)
        if u.suggestions:
            text += " " + ctx.t("phrase.closest", names=", ".join(u.suggestions))
        lines.append(text)
    lines += rejected_lines(ctx)
    understood = _understood(ctx)
    if understood:
        lines.append(ctx.t("line.understood", slots="; ".join(understood)))
    missing = [ctx.t(f"missing.{s}") if ctx.has(f"missing.{s}") else s for s in parsed.missing]
    if missing:
        lines.append(ctx.t("line.missing", slots="; ".join(missing)))
    lines.append(ctx.t("line.try"))
    lines += _examples(ctx)
    key = "title.unknown_name" if parsed.unknown else "title.not_understood"
    return ctx.reply(ctx.t(key), lines)
