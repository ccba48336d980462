"""Discord API objects as JSON, shaped as discord.py 2.7 reads them.

Only the fields discord.py requires (or that the adapter looks at) are filled; the shapes
follow Discord's API reference (https://discord.com/developers/docs/resources/message and
https://discord.com/developers/docs/interactions/receiving-and-responding).
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000  # 2015-01-01, the epoch of Discord snowflakes

# Intent bits (https://discord.com/developers/docs/events/gateway#gateway-intents)
INTENT_GUILDS = 1 << 0
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15

CHANNEL_TEXT = 0
CHANNEL_DM = 1

INTERACTION_COMMAND = 2
INTERACTION_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4

OPTION_STRING = 3
OPTION_INTEGER = 4
OPTION_NUMBER = 10

_counter = itertools.count(1)


def snowflake(shard_of: tuple[int, int] | None = None) -> int:
    """A fresh, increasing snowflake; `shard_of=(shard_id, count)` makes a guild id on that shard.

    A guild's shard is `(guild_id >> 22) % shard_count`, so the timestamp part is nudged until
    it lands on the wanted shard.
    """
    stamp = int(time.time() * 1000) - DISCORD_EPOCH_MS
    if shard_of is not None:
        shard_id, count = shard_of
        stamp += (shard_id - stamp) % count
    return (stamp << 22) | (next(_counter) & 0x3FFFFF)


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


def user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


def member(user_data: dict[str, Any]) -> dict[str, Any]:
    return {
        "user": user_data,
        "roles": [],
        "joined_at": iso_now(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": "2147483647",
    }


def text_channel(channel_id: int, guild_id: int, name: str, position: int = 0) -> dict[str, Any]:
    return {
        "id": str(channel_id),
        "guild_id": str(guild_id),
        "type": CHANNEL_TEXT,
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def dm_channel(channel_id: int, recipient: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(channel_id), "type": CHANNEL_DM, "recipients": [recipient]}


def role(role_id: int, name: str, *, position: int = 0, bot_id: int | None = None):
    data: dict[str, Any] = {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "hoist": False,
        "position": position,
        "permissions": "2147483647",
        "managed": bot_id is not None,
        "mentionable": False,
        "flags": 0,
    }
    if bot_id is not None:  # the role Discord creates for a bot when it joins a server
        data["tags"] = {"bot_id": str(bot_id)}
    return data


def guild(
    guild_id: int,
    name: str,
    channels: list[dict[str, Any]],
    *,
    bot_id: int,
    bot_role_id: int,
    locale: str = "en-US",
) -> dict[str, Any]:
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "owner_id": str(guild_id),
        "unavailable": False,
        "member_count": 2,
        "large": False,
        "channels": channels,
        "threads": [],
        "roles": [
            role(guild_id, "@everyone"),  # @everyone has the guild's id
            role(bot_role_id, "canitrain", position=1, bot_id=bot_id),
        ],
        "emojis": [],
        "stickers": [],
        "features": [],
        "members": [],
        "voice_states": [],
        "presences": [],
        "preferred_locale": locale,
        "premium_tier": 0,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "system_channel_flags": 0,
        "nsfw_level": 0,
        "joined_at": iso_now(),
    }


def message(
    message_id: int,
    channel_id: int,
    author: dict[str, Any],
    content: str,
    *,
    guild_id: int | None = None,
    mentions: list[dict[str, Any]] | None = None,
    mention_everyone: bool = False,
    mention_roles: list[int] | None = None,
    embeds: list[dict[str, Any]] | None = None,
    components: list[dict[str, Any]] | None = None,
    reference: dict[str, Any] | None = None,
    flags: int = 0,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author,
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": mention_everyone,
        "mentions": mentions or [],
        "mention_roles": [str(r) for r in mention_roles or []],
        "attachments": [],
        "embeds": embeds or [],
        "components": components or [],
        "pinned": False,
        "type": 0 if reference is None else 19,  # 19: a reply
        "flags": flags,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
        data["member"] = {k: v for k, v in member(author).items() if k != "user"}
    if reference is not None:
        data["message_reference"] = reference
    return data


def interaction(
    interaction_id: int,
    token: str,
    application_id: int,
    kind: int,
    data: dict[str, Any],
    *,
    channel: dict[str, Any],
    invoker: dict[str, Any],
    guild_id: int | None,
    locale: str = "en-US",
    guild_locale: str | None = None,
    message_data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": str(interaction_id),
        "application_id": str(application_id),
        "type": kind,
        "data": data,
        "token": token,
        "version": 1,
        "channel": channel,
        "channel_id": channel["id"],
        "locale": locale,
        "app_permissions": "2147483647",
        "entitlements": [],
        "attachment_size_limit": 10 * 1024 * 1024,
        "authorizing_integration_owners": {},
        "context": 0 if guild_id is not None else 1,
    }
    if guild_id is not None:
        payload["guild_id"] = str(guild_id)
        payload["member"] = member(invoker)
        payload["guild_locale"] = guild_locale or "en-US"
    else:
        payload["user"] = invoker
    if message_data is not None:
        payload["message"] = message_data
    return payload


def application(application_id: int, owner: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": str(application_id),
        "name": "canitrain",
        "description": "",
        "icon": None,
        "rpc_origins": [],
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": owner,
        "team": None,
        "verify_key": "0" * 64,
        "flags": 0,
        "summary": "",
    }


def command_options(options: dict[str, Any], focused: str | None = None) -> list[dict[str, Any]]:
    """Slash-command options as Discord sends them; the option type follows the Python type."""
    out = []
    for name, value in options.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            kind = OPTION_STRING
        else:
            kind = OPTION_INTEGER if isinstance(value, int) else OPTION_NUMBER
        option: dict[str, Any] = {"name": name, "type": kind, "value": value}
        if name == focused:
            option["focused"] = True
        out.append(option)
    return out
