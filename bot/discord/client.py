"""The canitrain bot: a discord.py `commands.Bot` (or `AutoShardedBot`) with its cogs.

Start-up follows discord.py's examples/advanced_startup.py: async set-up in `setup_hook`
(translator, catalog, extensions), and a command sync only when asked for (`--sync-global`,
`--sync-guild`), never at every start. Messages ping nobody (`AllowedMentions.none()`), and
the intents are the minimum: message content only when answer-all channels are configured.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.discord.answering import Answering
from bot.discord.i18n import CommandTranslator
from bot.discord.ratelimit import RateLimits
from bot.discord.replying import apologize
from bot.discord.settings import Settings

log = logging.getLogger(__name__)

INITIAL_EXTENSIONS = (
    "bot.discord.cogs.ask",
    "bot.discord.cogs.estimate",
    "bot.discord.cogs.meta",
)
SYNC_GLOBAL = "global"
# What the bot needs in a channel: read it, reply (also in threads), embeds, the chart file, and
# the history a reply points into. docs/discord.md builds the invite link from these.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)
INVITE_SCOPES = ("bot", "applications.commands")


def point_at(api_base: str | None, gateway_url: str | None) -> None:
    """Aim discord.py at a Discord-compatible server (Spacebar, a test stand-in).

    discord.py builds every REST URL (interaction callbacks and webhooks too) from
    `Route.BASE`, and a non-sharded client, or one with a fixed shard count, dials
    `DiscordWebSocket.DEFAULT_GATEWAY`. Both are class attributes, so this is process-wide.
    """
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def intents_for(settings: Settings) -> discord.Intents:
    intents = discord.Intents.none()
    intents.guilds = True  # channels and guild locales arrive with GUILD_CREATE
    intents.guild_messages = True  # mentions in channels
    intents.dm_messages = True
    intents.message_content = settings.needs_message_content  # privileged: only if needed
    return intents


# For the type checker the mixin is a Bot; at run time it is a plain mixin.
if TYPE_CHECKING:
    _Base = commands.Bot
else:
    _Base = object


class _CanITrain(_Base):
    """What both bot classes share; mixed in before the discord.py class."""

    user: discord.ClientUser

    def __init__(
        self,
        settings: Settings,
        *,
        answering: Answering | None = None,
        sync: str | int | None = None,
        **options: Any,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,  # no prefix commands; see on_message
            help_command=None,
            intents=intents_for(settings),
            allowed_mentions=discord.AllowedMentions.none(),
            owner_id=settings.owner_id,
            guild_ready_timeout=settings.guild_ready_timeout_s,
            **options,
        )
        self.settings = settings
        self.answering = answering or Answering(settings)
        self.limits = RateLimits(settings.rate_user, settings.rate_channel)
        self.sync_target = sync

    async def setup_hook(self) -> None:
        await self.tree.set_translator(CommandTranslator())
        await self.answering.start()
        for extension in INITIAL_EXTENSIONS:
            try:
                await self.load_extension(extension)
            except Exception:
                log.exception("Failed to load extension %s.", extension)
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]
        if self.sync_target is not None:
            await self.sync_commands(self.sync_target)

    async def sync_commands(self, target: str | int) -> list[app_commands.AppCommand]:
        """Register the slash commands with Discord: globally, or in one guild for testing."""
        if target == SYNC_GLOBAL:
            synced = await self.tree.sync()
        else:
            guild = discord.Object(id=int(target))
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        log.info("synced %d commands to %s", len(synced), target)
        return synced

    async def on_ready(self) -> None:
        invite = discord.utils.oauth_url(
            self.application_id or self.user.id,
            permissions=INVITE_PERMISSIONS,
            scopes=INVITE_SCOPES,
        )
        log.info("ready as %s in %d guilds; invite: %s", self.user, len(self.guilds), invite)

    async def on_message(self, message: discord.Message) -> None:
        # commands.Bot would parse prefix commands here; canitrain has none. The ask cog
        # listens to messages itself.
        return

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """The last layer: whatever a cog did not handle is logged and apologised for."""
        if interaction.extras.get("handled"):
            return
        original = getattr(error, "original", error)
        if isinstance(original, discord.NotFound | discord.Forbidden):
            log.warning("interaction %s: %s", interaction.id, original)
            return
        name = interaction.command.qualified_name if interaction.command else "?"
        log.error("command /%s failed", name, exc_info=original)
        await apologize(interaction, interaction.extras.get("language", self.settings.language))

    async def close(self) -> None:
        await super().close()
        self.answering.close()


class CanITrainBot(_CanITrain, commands.Bot):
    """One connection to the gateway (no sharding)."""


class ShardedCanITrainBot(_CanITrain, commands.AutoShardedBot):
    """Several shards in this process; `shard_ids` lets processes split a large bot."""


def create_bot(
    settings: Settings, *, answering: Answering | None = None, sync: str | int | None = None
) -> CanITrainBot | ShardedCanITrainBot:
    """The bot class the shard settings call for, aimed at the configured server."""
    point_at(settings.api_base, settings.gateway_url)
    # canitrain never joins voice: skip discord.py's warnings about missing voice libraries.
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
    if settings.shard_count is None:
        return CanITrainBot(settings, answering=answering, sync=sync)
    return ShardedCanITrainBot(
        settings,
        answering=answering,
        sync=sync,
        shard_count=settings.shard_count,
        shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
    )
