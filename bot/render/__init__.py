"""Every answer rendered in English, Hindi (Devanagari) or romanized Hindi.

`render(parsed, estimate, catalog, lang)` picks the layout for the query's intent; the
wording comes from `bot/locales/<lang>.toml` (see `bot.render.locale`), the figures from
the estimate, written by `bot.numbers`. Each figure carries a numbered citation, in the
order the reply uses them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.render.common import Ctx
from bot.render.compare import render_compare
from bot.render.cost import render_cost
from bot.render.help import (
    help_text,
    language_set,
    rejected_lines,
    render_error,
    render_not_understood,
)
from bot.render.info import hardware_card, model_card, sources_list
from bot.render.locale import LANGUAGES
from bot.render.memory import render_fits, render_inference_speed
from bot.render.planning import render_largest_trainable, render_training_compute
from bot.render.training import render_training
from bot.reply import Reply
from core.types import Estimate
from grammar.parsed import Parsed
from knowledge import Catalog

log = logging.getLogger(__name__)

__all__ = [
    "LANGUAGES",
    "command_reply",
    "hardware_card",
    "help_text",
    "model_card",
    "render",
    "render_error",
    "render_not_understood",
    "sources_list",
]

LAYOUTS: dict[str, Callable[[Ctx], Reply]] = {
    "can_train": render_training,
    "time_to_train": render_training,
    "devices_needed": render_training,
    "training_compute": render_training_compute,
    "fits": render_fits,
    "inference_speed": render_inference_speed,
    "largest_trainable": render_largest_trainable,
    "cost": render_cost,
    "compare": render_compare,
}


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "en"


def render(parsed: Parsed, estimate: Estimate | None, catalog: Catalog, lang: str) -> Reply:
    """The reply to an understood question, in `lang` ("en" | "hi" | "hi-Latn")."""
    lang = _lang(lang)
    intent = parsed.query.intent
    ctx = Ctx(lang, catalog, parsed, estimate)
    if intent == "hardware_info" and ctx.hw is not None:
        return hardware_card(ctx.hw, catalog, lang, estimate, parsed)
    if intent == "model_info" and ctx.model is not None:
        return model_card(ctx.model, catalog, lang, estimate, parsed)
    layout = LAYOUTS.get(intent or "")
    if layout is None:
        return render_not_understood(parsed, catalog, lang)
    reply = layout(ctx)
    reply.lines[:0] = rejected_lines(ctx)  # said first: the answer ignores these words
    return reply


def command_reply(command: str, catalog: Catalog, lang: str) -> Reply:
    """Replies to the bot's commands: help, the sources list, a language switch."""
    lang = _lang(lang)
    if command == "sources":
        return sources_list(catalog, lang)
    if command == "language":
        return language_set(lang)
    return help_text(lang)
