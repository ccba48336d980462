"""Commands about the bot itself: /help and /sources.

Both go through the same `answer()` flow as a typed "help" or "sources", so the CLI, the
REPL and Discord show the same words.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.cogs.base import AnswerCog


class Meta(AnswerCog):
    @app_commands.command(name="help")
    async def help_command(self, interaction: discord.Interaction) -> None:
        """What this bot can answer, and how to ask."""
        await self.answer_text(interaction, "help")

    @app_commands.command()
    async def sources(self, interaction: discord.Interaction) -> None:
        """Every source the figures come from."""
        await self.answer_text(interaction, "sources")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Meta(bot))  # type: ignore[arg-type]
