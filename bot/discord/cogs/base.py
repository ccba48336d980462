"""What every answering cog shares: the rate-limit check, the reply language, domain errors.

Error handling is layered as in RoboDanny and discord.py's `Cog.cog_app_command_error`: errors
a user can act on (asking too fast, a question too long, a name not in the catalog) become a
friendly ephemeral note here and are marked handled; anything else falls through to the bot's
`tree.on_error`, which logs it and apologises.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.answering import Result
from bot.discord.i18n import interaction_language, ui
from bot.discord.ratelimit import Refusal
from bot.discord.replying import answer_messages, send_interaction, send_notice, with_defer
from bot.discord.views import AnswerView
from core.errors import UnknownHardware, UnknownName

if TYPE_CHECKING:
    from bot.discord.client import CanITrainBot
    from core.types import Query

log = logging.getLogger(__name__)


class RateLimited(app_commands.CheckFailure):
    """The user or the channel asked more than the configured rate."""

    def __init__(self, refusal: Refusal) -> None:
        self.refusal = refusal
        super().__init__(f"rate limited ({refusal.scope})")


class QuestionTooLong(app_commands.AppCommandError):
    """A question over `max_question_chars`."""

    def __init__(self, length: int, limit: int) -> None:
        self.length, self.limit = length, limit
        super().__init__(f"question of {length} characters (limit {limit})")


def refusal_text(lang: str, refusal: Refusal) -> str:
    return ui(lang, f"rate_{refusal.scope}", seconds=math.ceil(refusal.retry_after_s))


def unknown_text(lang: str, error: UnknownName) -> str:
    key = "unknown_hardware" if isinstance(error, UnknownHardware) else "unknown_model"
    text = ui(lang, key, name=error.name)
    if error.suggestions:
        text += " " + ui(lang, "did_you_mean", names=", ".join(error.suggestions))
    return text


class AnswerCog(commands.Cog):
    def __init__(self, bot: CanITrainBot) -> None:
        self.bot = bot
        self.settings = bot.settings
        self.answering = bot.answering

    def language(self, interaction: discord.Interaction) -> str:
        """The reply language for this interaction, kept for the error handlers."""
        lang = interaction_language(interaction, self.settings.language)
        interaction.extras["language"] = lang
        return lang

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        # Runs before every slash command of the cog (not autocomplete, not buttons).
        self.language(interaction)
        where = interaction.channel_id or interaction.user.id
        refusal = self.bot.limits.check(interaction.user.id, where)
        if refusal is not None:
            raise RateLimited(refusal)
        return True

    async def cog_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        lang = interaction.extras.get("language") or self.language(interaction)
        original = getattr(error, "original", error)
        if isinstance(error, RateLimited):
            text = refusal_text(lang, error.refusal)
        elif isinstance(error, QuestionTooLong):
            text = ui(lang, "too_long", length=error.length, limit=error.limit)
        elif isinstance(original, UnknownName):
            text = unknown_text(lang, original)
        else:
            return  # not ours: the tree's on_error logs it and apologises
        interaction.extras["handled"] = True
        await send_notice(interaction, text)

    def view_for(self, result: Result) -> AnswerView:
        return AnswerView(
            result,
            self.answering,
            timeout=self.settings.view_timeout_s,
            defer_after_s=self.settings.defer_after_s,
        )

    async def send_result(self, interaction: discord.Interaction, result: Result) -> None:
        view = self.view_for(result)
        groups, chart = answer_messages(result)
        view.message = await send_interaction(interaction, groups, view=view, file=chart)
        log.info(
            "answered interaction=%s command=%s language=%s understood=%s worker_ms=%.1f",
            interaction.id,
            interaction.command.qualified_name if interaction.command else "?",
            result.answer.language,
            result.answer.understood,
            result.elapsed_s * 1000,
        )

    async def respond(
        self,
        interaction: discord.Interaction,
        produce: Callable[[int, str], Awaitable[Result]],
    ) -> None:
        """Produce an answer in the channel's turn (deferring if slow) and send it."""
        lang = self.language(interaction)
        key = interaction.channel_id or interaction.user.id

        async def work() -> Result:
            async with self.answering.turn(key):
                return await produce(key, lang)

        result = await with_defer(interaction, work(), self.settings.defer_after_s)
        await self.send_result(interaction, result)

    async def answer_text(self, interaction: discord.Interaction, text: str) -> None:
        """Answer free text (from /ask, /help, /sources)."""
        await self.respond(interaction, lambda key, lang: self.answering.text(key, text, lang))

    async def answer_query(self, interaction: discord.Interaction, query: Query, text: str) -> None:
        """Answer a structured query (from /train, /fits, ...)."""
        await self.respond(
            interaction, lambda key, lang: self.answering.query(key, query, lang, text)
        )
