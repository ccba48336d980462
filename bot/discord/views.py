"""The buttons under an answer: "show the math" and "switch language".

Each press answers with an ephemeral message, seen only by whoever pressed it, so asking
for the arithmetic or a translation never adds noise to the channel. The buttons live for
`view_timeout_s`; then they are taken off the message.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.discord import embeds as layout
from bot.discord.i18n import other_language, ui
from bot.discord.replying import answer_messages, apologize, send_interaction, with_defer

if TYPE_CHECKING:
    from bot.discord.answering import Answering, Result

log = logging.getLogger(__name__)


class AnswerView(discord.ui.View):
    def __init__(
        self, result: Result, answering: Answering, *, timeout: float, defer_after_s: float
    ):
        super().__init__(timeout=timeout)
        self.answer = result.answer
        self.answering = answering
        self.defer_after_s = defer_after_s
        self.message: discord.Message | None = None
        lang = self.answer.language
        self.target = other_language(lang)
        self.show_math.label = ui(lang, "math")
        self.switch_language.label = ui(self.target, "language_name")
        if not self.answer.reply.math:
            self.remove_item(self.show_math)

    @discord.ui.button(style=discord.ButtonStyle.secondary, emoji="🧮")
    async def show_math(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        lang = self.answer.language
        embeds = layout.math_embeds(
            self.answer.reply, ui(lang, "math_title"), ui(lang, "continued")
        )
        await send_interaction(interaction, layout.per_message(embeds), ephemeral=True)

    @discord.ui.button(style=discord.ButtonStyle.secondary, emoji="🌐")
    async def switch_language(
        self, interaction: discord.Interaction, button: discord.ui.Button
    ) -> None:
        work = self.answering.switch(self.answer, self.target)
        result = await with_defer(interaction, work, self.defer_after_s, ephemeral=True)
        groups, chart = answer_messages(result)
        await send_interaction(interaction, groups, file=chart, ephemeral=True)

    async def on_timeout(self) -> None:
        if self.message is None:
            return
        try:
            await self.message.edit(view=None)
        except discord.HTTPException:  # deleted, or the channel is gone: nothing to tidy
            log.debug("could not remove the buttons from message %s", self.message.id)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item
    ) -> None:
        log.error("button %s failed", getattr(item, "custom_id", item), exc_info=error)
        await apologize(interaction, self.answer.language)
