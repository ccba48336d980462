"""The one flow every adapter calls: text → grammar → core.estimate → rendered reply.

text ─► grammar.parse ─► Query ─► core.estimate (with catalog rows) ─► Estimate
     ─► bot.render (in the asker's language) ─► Reply ─► text / Discord embed / JSON
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.conversation import Conversation
from bot.reply import Reply
from core.conventions import Settings
from core.errors import CanitrainError, MissingInput
from core.types import Estimate, Hardware, Model, Query
from grammar.parsed import Parsed
from knowledge import Catalog, default_catalog

log = logging.getLogger(__name__)
LANGUAGES = ("en", "hi", "hi-Latn")


class Answer(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    question: str
    language: str
    understood: bool
    query: Query | None
    estimate: Estimate | None
    reply: Reply
    parsed: Parsed | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of `canitrain ask --json` (DESIGN.md)."""
        return {
            "question": self.question,
            "language": self.language,
            "understood": self.understood,
            "query": self.query.model_dump(mode="json") if self.query else None,
            "result": _result_json(self.estimate, self.reply),
            "reply": self.reply.text(),
        }


def _result_json(est: Estimate | None, reply: Reply) -> dict[str, Any] | None:
    if est is None:
        return None
    data = est.model_dump(mode="json", exclude={"assumptions", "sources"})
    if est.memory is not None:
        data["memory"] = est.memory.model_dump(mode="json")
    data["assumptions"] = list(reply.assumptions)
    data["citations"] = [{"key": c.key, "title": c.title, "url": c.url} for c in reply.citations]
    return data


def choose_language(
    parsed_language: str, conversation: Conversation | None, asked: str | None
) -> str:
    """Conversation override, then the question's own script, then the caller's locale."""
    if conversation is not None and conversation.language in LANGUAGES:
        return conversation.language
    if parsed_language != "en":
        return parsed_language
    return asked if asked in LANGUAGES else "en"


def rows_for(
    query: Query, catalog: Catalog
) -> tuple[Hardware | None, Model | None, Model | None, list[tuple[Hardware, int]]]:
    """The catalog rows a query names: device, model, the model's proxy, devices compared."""
    hw = catalog.hardware.get(query.hardware.id) if query.hardware else None
    model = catalog.models.get(query.model.id) if query.model and query.model.id else None
    proxy = catalog.proxies.get(model.id) if model else None
    compare: list[tuple[Hardware, int]] = []
    if hw is not None and query.hardware is not None:
        compare.append((hw, query.hardware.count))
    for ref in query.compare_with:
        if ref.id in catalog.hardware:
            compare.append((catalog.hardware[ref.id], ref.count))
    return hw, model, proxy, compare


def estimate_for(query: Query, catalog: Catalog, settings: Settings | None = None) -> Estimate:
    """The estimate for `query` with its catalog rows. A memory question naming no device is
    set against the catalog's reference devices; a largest-model answer may name any of the
    catalog's models that fit."""
    from core.estimate import estimate

    hw, model, proxy, compare = rows_for(query, catalog)
    references = catalog.reference_hardware if query.hardware is None else []
    candidates = list(catalog.models.values()) if query.intent == "largest_trainable" else []
    return estimate(
        query,
        hw,
        model,
        proxy=proxy,
        compare=compare,
        references=references,
        candidates=candidates,
        settings=settings,
    )


def answer(
    text: str,
    context: Conversation | None = None,
    *,
    language: str | None = None,
    catalog: Catalog | None = None,
    settings: Settings | None = None,
) -> Answer:
    """Answer one question. Never raises for anything a user can type.

    `settings`: deployment choices for the estimate (e.g. the Discord bot's electricity price).
    """
    import grammar

    catalog = catalog or default_catalog()
    previous = context.previous if context else None
    try:
        parsed = grammar.parse(text, catalog, previous=previous)
        if context is not None and parsed.reply_language:
            context.language = parsed.reply_language
        lang = choose_language(parsed.language, context, language)
        return _finish(parsed, context, lang, catalog, settings)
    except Exception:
        # The last line of defence: a bug must cost the user an apology, not a traceback.
        log.exception("internal error answering %r", text[:200])
        return internal_error(text, choose_language("en", context, language))


def internal_error(text: str, lang: str) -> Answer:
    from bot import render

    return Answer(
        question=text,
        language=lang,
        understood=False,
        query=None,
        estimate=None,
        reply=render.render_error("internal", lang),
    )


def answer_query(
    query: Query,
    context: Conversation | None = None,
    *,
    language: str = "en",
    catalog: Catalog | None = None,
    text: str = "",
    settings: Settings | None = None,
) -> Answer:
    """Answer a structured query (Discord slash commands), skipping the grammar."""
    catalog = catalog or default_catalog()
    parsed = Parsed(text=text, language="en", query=query, understood=query.intent is not None)
    if not parsed.understood:
        parsed.missing = ["intent"]
    lang = choose_language("en", context, language)
    return _finish(parsed, context, lang, catalog, settings)


def _finish(
    parsed: Parsed,
    context: Conversation | None,
    lang: str,
    catalog: Catalog,
    settings: Settings | None = None,
) -> Answer:
    from bot import render

    estimate: Estimate | None = None
    if parsed.command is not None:
        reply = render.command_reply(parsed.command, catalog, lang)
    elif parsed.understood:
        try:
            estimate = estimate_for(parsed.query, catalog, settings)
        except MissingInput as exc:
            parsed.understood = False
            parsed.missing = exc.slots
        except CanitrainError:
            log.exception("estimate failed for %r", parsed.text)
            parsed.understood = False
        reply = (
            render.render(parsed, estimate, catalog, lang)
            if parsed.understood
            else render.render_not_understood(parsed, catalog, lang)
        )
    else:
        reply = render.render_not_understood(parsed, catalog, lang)
    if context is not None and parsed.understood:
        context.previous = parsed.query
    return Answer(
        question=parsed.text,
        language=lang,
        understood=parsed.understood,
        query=parsed.query,
        estimate=estimate,
        reply=reply,
        parsed=parsed,
    )
