"""Running the real discord.py bot against the stand-in, with failures made loud.

discord.py logs handler exceptions instead of raising them, and a bad gateway payload can end
the bot's task without a word; so `running_bot` watches both. Every log record is kept, any
ERROR record from the bot fails the test unless the test said how many it expects, and every
wait races the bot's task so a dead bot fails at once instead of timing out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.discord.answering import Answering
from bot.discord.client import create_bot
from bot.discord.i18n import lookup
from bot.discord.settings import Settings
from tests.discord_standin.server import Recorded, Sent, StandIn

START_TIMEOUT_S = 15.0


class LogWatch(logging.Handler):
    """Keeps every record that reaches the root logger while the bot runs."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def bot_errors(self) -> list[logging.LogRecord]:
        return [
            r
            for r in self.records
            if r.levelno >= logging.ERROR and not r.name.startswith("tests.")
        ]

    def text(self) -> str:
        return "\n".join(
            f"{r.levelname} {r.name}: {r.getMessage()}"
            + (f"\n{logging.Formatter().formatException(r.exc_info)}" if r.exc_info else "")
            for r in self.records
        )


@dataclass
class BotRun:
    standin: StandIn
    bot: Any
    task: asyncio.Task[None]
    logs: LogWatch
    expected_errors: int = 0
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    def user(self, name: str = "asker") -> dict[str, Any]:
        if name not in self.users:
            self.users[name] = self.standin.add_user(name)
        return self.users[name]

    def check(self) -> None:
        """Fail on stand-in protocol failures and on bot errors the test did not expect."""
        assert not self.standin.failures, self.standin.failures
        errors = self.logs.bot_errors()
        assert len(errors) <= self.expected_errors, "bot logged errors:\n" + "\n".join(
            f"{r.name}: {r.getMessage()}\n{logging.Formatter().formatException(r.exc_info)}"
            if r.exc_info
            else f"{r.name}: {r.getMessage()}"
            for r in errors
        )

    async def _race(self, waiter: asyncio.Future[Any]) -> Any:
        done, _ = await asyncio.wait({waiter, self.task}, return_when=asyncio.FIRST_COMPLETED)
        if waiter not in done:
            waiter.cancel()
            problem = self.task.exception() if not self.task.cancelled() else "cancelled"
            raise AssertionError(f"the bot stopped: {problem!r}\n{self.logs.text()[-3000:]}")
        self.check()
        return waiter.result()

    async def wait_for(
        self, predicate: Callable[[Recorded], bool], timeout: float = 10.0, count: int = 1
    ) -> list[Recorded]:
        return await self._race(
            asyncio.ensure_future(self.standin.wait_for(predicate, timeout, count))
        )

    async def reply_to(self, sent: Sent, count: int = 1) -> Recorded:
        return (await self.wait_for(self.standin.is_reply_to(sent), count=count))[count - 1]

    async def callback_of(self, sent: Sent) -> Recorded:
        return (await self.wait_for(self.standin.is_callback_of(sent)))[0]

    async def followup_of(self, sent: Sent) -> Recorded:
        return (await self.wait_for(self.standin.is_followup_of(sent)))[0]


def notice_pattern(key: str, lang: str = "en") -> str:
    """A regex for a rate-limit notice, whose number of seconds depends on the clock."""
    before, _, after = lookup(lang, f"ui.{key}").partition("{seconds}")
    return re.escape(before) + r"\d+" + re.escape(after)


def settings_for(standin: StandIn, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "token": standin.token,
        "api_base": standin.api_base,
        "gateway_url": standin.gateway_url,
        "guild_ready_timeout_s": 0.05,  # discord.py waits this long after the last GUILD_CREATE
        "chart": False,
        # Typing and deferring only when a test asks for them (with a gated, slow answer), so a
        # busy machine cannot change which responses a test sees.
        "typing_after_s": 60.0,
        "defer_after_s": 2.99,
    }
    return Settings(**(values | overrides))


@asynccontextmanager
async def running_bot(
    *,
    standin: StandIn | None = None,
    ask: Callable[..., Any] | None = None,
    ask_query: Callable[..., Any] | None = None,
    token: str | None = None,
    wait_ready: bool = True,
    **overrides: Any,
) -> AsyncIterator[BotRun]:
    """A stand-in (unless given) and the real bot logged in to it, ready; closed afterwards."""
    own = standin is None
    standin = standin or await StandIn().start()
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    logs = LogWatch()
    logging.getLogger().addHandler(logs)
    settings = settings_for(standin, **overrides)
    bot = create_bot(settings, answering=Answering(settings, ask=ask, ask_query=ask_query))
    task = asyncio.create_task(bot.start(token or standin.token))
    run = BotRun(standin, bot, task, logs)
    try:
        if wait_ready:
            ready = asyncio.ensure_future(bot.wait_until_ready())
            await run._race(asyncio.ensure_future(asyncio.wait_for(ready, START_TIMEOUT_S)))
        yield run
        run.check()
    finally:
        await bot.close()
        # A failed start is the test's to assert (it awaits `run.task`), not teardown's.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 5)
        logging.getLogger().removeHandler(logs)
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        if own:
            await standin.stop()
