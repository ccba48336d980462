"""The shared answer flow, run for Discord: per-channel order, conversations, off the event loop.

`bot.answer.answer` is synchronous and CPU-bound, so it runs on a small thread pool: the
event loop stays free for heartbeats and other channels while an answer is computed. One
lock per conversation (channel or DM) keeps a channel's answers in the order its questions
arrived, and keeps a conversation's state (the previous query, for follow-ups) from being
used by two answers at once. asyncio locks wake waiters first-come first-served.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.conversation import Conversation, Conversations
from bot.discord.settings import Settings

if TYPE_CHECKING:
    from bot.answer import Answer
    from core.types import Query
    from knowledge import Catalog

log = logging.getLogger(__name__)


@dataclass
class Result:
    answer: Answer
    chart: bytes | None = None  # PNG, when the answer gets a chart
    elapsed_s: float = 0.0  # time in the worker, not counting the wait for the channel


class Answering:
    """Answers questions and structured queries for the Discord adapter.

    `ask` and `ask_query` default to `bot.answer.answer` / `answer_query`; tests pass wrappers
    (slow, failing) around the real ones.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        ask: Callable[..., Answer] | None = None,
        ask_query: Callable[..., Answer] | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        from bot.answer import answer, answer_query

        self.ask = ask or answer
        self.ask_query = ask_query or answer_query
        self.charts = settings.chart
        self.conversations = Conversations()
        self._catalog = catalog
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._executor = ThreadPoolExecutor(settings.workers, thread_name_prefix="canitrain")
        self._extra = self._estimate_settings(settings)

    @staticmethod
    def _estimate_settings(settings: Settings) -> dict[str, Any]:
        """Keyword arguments carrying deployment choices (the electricity price) to answer()."""
        if settings.electricity_price is None:
            return {}
        from core.conventions import Settings as EstimateSettings

        return {"settings": EstimateSettings(electricity_price_per_kwh=settings.electricity_price)}

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from knowledge import default_catalog

            self._catalog = default_catalog()
        return self._catalog

    async def start(self) -> None:
        """Open (or build) the catalog and warm the answer path, before the first question.

        The first answer in a process builds the grammar's tables and loads the wording
        (~50 ms on a 2-core machine); doing it here keeps that off the first asker's reply.
        """

        def warm() -> None:
            from bot.answer import answer

            answer("help", catalog=self.catalog)

        await asyncio.get_running_loop().run_in_executor(self._executor, warm)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    def turn(self, key: int) -> asyncio.Lock:
        """Conversation `key`'s turn: hold it to answer there (and, for messages, to post).

        Acquire it before the first await of an event's handler: handlers start in the order
        events arrived, and a held lock queues its waiters first-come first-served.
        """
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

    async def _run(self, work: Callable[[], Answer]) -> Result:
        def job() -> Result:
            started = time.perf_counter()
            answer = work()
            chart = None
            if self.charts:
                from bot.discord.chart import chart_png

                try:
                    chart = chart_png(answer)
                except Exception:  # a chart is a nicety; the answer still goes out
                    log.exception("chart failed for %r", answer.question[:100])
            return Result(answer, chart, time.perf_counter() - started)

        return await asyncio.get_running_loop().run_in_executor(self._executor, job)

    async def text(self, key: int, text: str, language: str | None) -> Result:
        """Answer a question in conversation `key` (a channel or DM id); hold `turn(key)`."""
        conversation = self.conversations.get(key)
        return await self._run(
            lambda: self.ask(
                text, conversation, language=language, catalog=self.catalog, **self._extra
            )
        )

    async def query(self, key: int, query: Query, language: str, text: str) -> Result:
        """Answer a slash command's structured query in conversation `key`; hold `turn(key)`."""
        conversation = self.conversations.get(key)
        return await self._run(
            lambda: self.ask_query(
                query,
                conversation,
                language=language,
                catalog=self.catalog,
                text=text,
                **self._extra,
            )
        )

    async def switch(self, answer: Answer, language: str) -> Result:
        """The same answer in another language; leaves every conversation as it was."""
        query = answer.query
        if answer.understood and query is not None and query.intent is not None:
            return await self._run(
                lambda: self.ask_query(
                    query,
                    None,
                    language=language,
                    catalog=self.catalog,
                    text=answer.question,
                    **self._extra,
                )
            )
        # Not a structured answer (help, sources, not understood): ask again with the
        # conversation-level override, which outranks the script of the question.
        once = Conversation(language=language)
        return await self._run(
            lambda: self.ask(
                answer.question, once, language=language, catalog=self.catalog, **self._extra
            )
        )
