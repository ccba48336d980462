"""Questions in plain words: mentions, DMs, answer-all channels, and `/ask`.

A message is answered when it is a DM, when it mentions the bot (its user or its managed
role), or when it is in an answer-all channel (those need the message-content intent). The
bot ignores other bots, itself, webhooks, and messages with no question left once the mention
is taken out. In an answer-all channel it stays quiet unless the message was understood as
a question, so ordinary chat gets no "I did not understand" replies.
"""

from __future__ import annotations

import logging
import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.cogs.base import AnswerCog, QuestionTooLong, refusal_text
from bot.discord.i18n import notice_language, ui
from bot.discord.replying import reply_to_message, with_typing

log = logging.getLogger(__name__)


def strip_mentions(content: str, user_id: int, role_id: int | None) -> str:
    ids = str(user_id) if role_id is None else f"{user_id}|&{role_id}"
    return re.sub(rf"<@!?(?:{ids})>", " ", content).strip()


class Ask(AnswerCog):
    @app_commands.command(name="ask")
    @app_commands.describe(question="Your question, in English, Hindi or romanized Hindi")
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        """Ask anything: can this hardware train (or run) that model?"""
        if len(question) > self.settings.max_question_chars:
            raise QuestionTooLong(len(question), self.settings.max_question_chars)
        await self.answer_text(interaction, question)

    def addressed(self, message: discord.Message) -> tuple[str, bool] | None:
        """(question, overheard) for a message the bot should answer, else None.

        `overheard`: the bot was not asked directly (an answer-all channel).
        """
        if message.author.bot or message.webhook_id is not None:
            return None
        me = self.bot.user
        if message.guild is None:
            text, overheard = message.content, False
        else:
            role = message.guild.self_role
            mentioned = me in message.mentions or (
                role is not None and role in message.role_mentions
            )
            if mentioned:
                text = strip_mentions(message.content, me.id, role.id if role else None)
                overheard = False
            elif message.channel.id in self.settings.answer_all_channels:
                text, overheard = message.content, True
            else:
                return None
        text = text.strip()
        return (text, overheard) if text else None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        found = self.addressed(message)
        if found is None:
            return
        text, overheard = found
        try:
            await self.answer_message(message, text, overheard)
        except Exception:
            log.exception(
                "answering message %s in channel %s failed", message.id, message.channel.id
            )
            await self.apologize(message, notice_language(text, self.settings.language))

    async def answer_message(self, message: discord.Message, text: str, overheard: bool) -> None:
        # Whether to answer is decided now, in arrival order, and the channel's turn is taken
        # before anything is awaited: every reply, notices included, keeps the questions' order.
        lang = notice_language(text, self.settings.language)
        limit = self.settings.max_question_chars
        notice = None
        if len(text) > limit:
            if overheard:
                return
            notice = ui(lang, "too_long", length=len(text), limit=limit)
        elif not overheard:
            refusal = self.bot.limits.check(message.author.id, message.channel.id)
            if refusal is not None:
                log.info("rate limited message=%s scope=%s", message.id, refusal.scope)
                if not refusal.first:
                    return
                notice = refusal_text(lang, refusal)
        async with self.answering.turn(message.channel.id):
            if notice is not None:
                await message.reply(notice)
                return
            work = self.answering.text(message.channel.id, text, self.settings.language)
            result = await with_typing(message.channel, work, self.settings.typing_after_s)
            if overheard and not result.answer.understood:
                return
            if overheard and self.bot.limits.check(message.author.id, message.channel.id):
                return
            view = self.view_for(result)
            view.message = await reply_to_message(message, result, view)
        log.info(
            "answered message=%s channel=%s language=%s understood=%s worker_ms=%.1f",
            message.id,
            message.channel.id,
            result.answer.language,
            result.answer.understood,
            result.elapsed_s * 1000,
        )

    async def apologize(self, message: discord.Message, lang: str) -> None:
        try:
            await message.reply(ui(lang, "apology"))
        except discord.HTTPException:
            log.warning("could not apologise for message %s", message.id)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Ask(bot))  # type: ignore[arg-type]
