"""Posting answers: as a reply to a message, or as an interaction response or follow-up.

Slow work is covered the way Discord expects: a message gets "typing…" once an answer takes
longer than `typing_after_s`; an interaction is deferred (Discord's "thinking…") once it takes
longer than `defer_after_s`, because Discord drops an interaction not acknowledged within 3 s,
and the answer then goes out as a follow-up.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from bot.discord import embeds as layout
from bot.discord.chart import FILENAME
from bot.discord.i18n import ui

if TYPE_CHECKING:
    from bot.discord.answering import Result

log = logging.getLogger(__name__)
T = TypeVar("T")


async def finished_within(task: asyncio.Future[Any], seconds: float) -> bool:
    done, _ = await asyncio.wait({task}, timeout=seconds)
    return bool(done)


async def with_typing(channel: discord.abc.Messageable, work: Awaitable[T], after_s: float) -> T:
    """Await `work`, showing "typing…" in `channel` if it takes longer than `after_s`."""
    task = asyncio.ensure_future(work)
    if not await finished_within(task, after_s):
        async with channel.typing():
            return await task
    return task.result()


async def with_defer(
    interaction: discord.Interaction, work: Awaitable[T], after_s: float, *, ephemeral: bool = False
) -> T:
    """Await `work`, deferring the interaction first if it takes longer than `after_s`."""
    task = asyncio.ensure_future(work)
    if not await finished_within(task, after_s) and not interaction.response.is_done():
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    return await task


def answer_messages(result: Result) -> tuple[list[list[discord.Embed]], discord.File | None]:
    """The answer as groups of embeds (one group a message) and the chart, if any."""
    answer = result.answer
    verdict = answer.estimate.verdict if answer.estimate is not None else None
    embeds = layout.answer_embeds(answer.reply, verdict, ui(answer.language, "continued"))
    chart = None
    if result.chart is not None:
        chart = discord.File(io.BytesIO(result.chart), filename=FILENAME)
        embeds[0].set_image(url=f"attachment://{FILENAME}")
    return layout.per_message(embeds), chart


async def reply_to_message(
    message: discord.Message, result: Result, view: discord.ui.View | None
) -> discord.Message:
    """Post the answer as a reply to the asker's message; the buttons go on the first part.

    Parts past the first (a very long answer) follow as plain messages: the caller holds the
    channel's turn, so nothing gets between them.
    """
    groups, chart = answer_messages(result)
    first: dict[str, Any] = {"embeds": groups[0]}
    if chart is not None:
        first["file"] = chart
    if view is not None:
        first["view"] = view
    sent = await message.reply(**first)
    for group in groups[1:]:
        await message.channel.send(embeds=group)
    return sent


async def send_interaction(
    interaction: discord.Interaction,
    groups: list[list[discord.Embed]],
    *,
    view: discord.ui.View | None = None,
    file: discord.File | None = None,
    ephemeral: bool = False,
) -> discord.InteractionMessage | discord.WebhookMessage | None:
    """Send embeds as the interaction's response, or as follow-ups once it was deferred."""
    extra: dict[str, Any] = {"ephemeral": ephemeral}
    if view is not None:
        extra["view"] = view
    if file is not None:
        extra["file"] = file
    sent: discord.InteractionMessage | discord.WebhookMessage | None
    if not interaction.response.is_done():
        response = await interaction.response.send_message(embeds=groups[0], **extra)
        sent = response.resource if isinstance(response.resource, discord.Message) else None
    else:
        sent = await interaction.followup.send(embeds=groups[0], wait=True, **extra)
    for group in groups[1:]:
        await interaction.followup.send(embeds=group, ephemeral=ephemeral)
    return sent


async def send_notice(interaction: discord.Interaction, text: str) -> None:
    """A short ephemeral note to the one who asked (apology, rate limit, unknown name)."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True)
    else:
        await interaction.response.send_message(text, ephemeral=True)


async def apologize(interaction: discord.Interaction, lang: str) -> None:
    try:
        await send_notice(interaction, ui(lang, "apology"))
    except discord.HTTPException:
        log.warning("could not send the apology for interaction %s", interaction.id)
