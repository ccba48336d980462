"""The stand-in as tests hold it: start it, build its world, push events, read what the bot did.

One aiohttp app on 127.0.0.1 (a random port) serves the REST API (`rest.py`) under
`/api/v10` and the gateway (`gateway.py`) at `/gateway/`. Protocol problems (an unknown route,
a missing or misplaced token, a malformed gateway payload) land in `failures`; the harness
turns those into test errors.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.discord_standin import payloads
from tests.discord_standin.gateway import Gateway, message_visible
from tests.discord_standin.rest import Recorded, RestApi

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"


@dataclass
class Sent:
    """An event the stand-in pushed, with what a test needs to find the bot's answer."""

    id: int
    token: str | None
    payload: dict[str, Any]
    at: float


class StandIn:
    """Discord's REST API and gateway on the loopback interface, for one test."""

    def __init__(
        self,
        token: str = "standin-token",
        *,
        guild_locale: str = "en-US",
        channels: tuple[str, ...] = ("general", "random"),
    ) -> None:
        self.token = token
        self.application_id = payloads.snowflake()
        self.bot_user = payloads.user(payloads.snowflake(), "canitrain", bot=True)
        self.owner = payloads.user(payloads.snowflake(), "owner")
        self.users: dict[int, dict[str, Any]] = {}
        self.guilds: dict[int, dict[str, Any]] = {}
        self.dm_channels: dict[int, dict[str, Any]] = {}  # user id -> DM channel
        self.messages: dict[int, dict[str, Any]] = {}  # messages the bot created
        self.interactions: dict[str, dict[str, Any]] = {}  # token -> interaction payload
        self.acknowledged: set[str] = set()
        self.requests: list[Recorded] = []
        self.failures: list[str] = []
        self.connections: list[Any] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" / guild id -> synced
        self.gateway = Gateway(self)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.guild = self.add_guild("canitrain-test", list(channels), locale=guild_locale)

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/"

    @property
    def bot_id(self) -> int:
        return int(self.bot_user["id"])

    async def start(self) -> StandIn:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_get("/gateway/", self.gateway.handle)
        rest = RestApi(self)
        for method, pattern, handler in rest.routes():
            app.router.add_route(method, API_PREFIX + pattern, rest.recording(pattern, handler))
        app.router.add_route("*", "/{tail:.*}", rest.unexpected)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]  # noqa: SLF001
        return self

    async def stop(self) -> None:
        for conn in self.connections:
            await conn.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> StandIn:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def fail(self, message: str) -> None:
        log.error("stand-in: %s", message)
        self.failures.append(message)

    # --- the world -------------------------------------------------------------------------

    def add_user(self, name: str) -> dict[str, Any]:
        data = payloads.user(payloads.snowflake(), name)
        self.users[int(data["id"])] = data
        return data

    def add_guild(
        self,
        name: str,
        channel_names: list[str],
        *,
        locale: str = "en-US",
        shard: tuple[int, int] | None = None,
    ) -> dict[str, Any]:
        guild_id = payloads.snowflake(shard_of=shard)
        channels = [
            payloads.text_channel(payloads.snowflake(), guild_id, channel, i)
            for i, channel in enumerate(channel_names)
        ]
        data = payloads.guild(
            guild_id,
            name,
            channels,
            bot_id=self.bot_id,
            bot_role_id=payloads.snowflake(),
            locale=locale,
        )
        self.guilds[guild_id] = data
        return data

    def bot_role_id(self, guild: dict[str, Any] | None = None) -> int:
        """The bot's managed role, which clients sometimes insert for "@canitrain"."""
        roles = (guild or self.guild)["roles"]
        return next(int(r["id"]) for r in roles if r.get("tags", {}).get("bot_id"))

    def channel(self, index: int = 0, guild: dict[str, Any] | None = None) -> dict[str, Any]:
        return (guild or self.guild)["channels"][index]

    def dm_channel(self, user: dict[str, Any]) -> dict[str, Any]:
        uid = int(user["id"])
        if uid not in self.dm_channels:
            self.dm_channels[uid] = payloads.dm_channel(payloads.snowflake(), user)
        return self.dm_channels[uid]

    def _guild_of(self, channel: dict[str, Any]) -> int | None:
        return int(channel["guild_id"]) if "guild_id" in channel else None

    # --- pushing events --------------------------------------------------------------------

    async def send_message(
        self,
        content: str,
        *,
        author: dict[str, Any],
        channel: dict[str, Any] | None = None,
        mention_bot: bool = False,
        role_ids: tuple[int, ...] = (),
    ) -> Sent:
        """A user posts a message; `mention_bot` writes `<@bot>` in front, as the client does."""
        channel = channel or self.channel()
        guild_id = self._guild_of(channel)
        if mention_bot:
            content = f"<@{self.bot_id}> {content}"
        data = payloads.message(
            payloads.snowflake(),
            int(channel["id"]),
            author,
            content,
            guild_id=guild_id,
            mentions=[self.bot_user] if f"<@{self.bot_id}>" in content else [],
            mention_everyone="@everyone" in content or "@here" in content,
            mention_roles=list(role_ids),
        )
        session = self.gateway.session_for(guild_id)
        visible = message_visible(session, data, str(self.bot_id))
        if visible is not None:
            await self.gateway.dispatch_to(session, "MESSAGE_CREATE", visible)
        return Sent(int(data["id"]), None, data, asyncio.get_running_loop().time())

    async def send_interaction(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        user: dict[str, Any],
        channel: dict[str, Any] | None = None,
        locale: str = "en-US",
        message: dict[str, Any] | None = None,
    ) -> Sent:
        channel = channel or self.channel()
        guild_id = self._guild_of(channel)
        token = "itoken-" + secrets.token_hex(12)
        guild_locale = self.guilds[guild_id]["preferred_locale"] if guild_id else None
        payload = payloads.interaction(
            payloads.snowflake(),
            token,
            self.application_id,
            kind,
            data,
            channel=channel,
            invoker=user,
            guild_id=guild_id,
            locale=locale,
            guild_locale=guild_locale,
            message_data=message,
        )
        self.interactions[token] = payload
        await self.gateway.dispatch("INTERACTION_CREATE", payload, guild_id)
        return Sent(int(payload["id"]), token, payload, asyncio.get_running_loop().time())

    async def send_command(
        self, name: str, options: dict[str, Any] | None = None, **kw: Any
    ) -> Sent:
        data = {
            "id": str(payloads.snowflake()),
            "name": name,
            "type": 1,
            "options": payloads.command_options(options or {}),
        }
        return await self.send_interaction(payloads.INTERACTION_COMMAND, data, **kw)

    async def send_autocomplete(
        self, name: str, options: dict[str, Any], focused: str, **kw: Any
    ) -> Sent:
        data = {
            "id": str(payloads.snowflake()),
            "name": name,
            "type": 1,
            "options": payloads.command_options(options, focused),
        }
        return await self.send_interaction(payloads.INTERACTION_AUTOCOMPLETE, data, **kw)

    async def click(self, message: dict[str, Any], custom_id: str, **kw: Any) -> Sent:
        """Press a button on a message the bot posted."""
        data = {"custom_id": custom_id, "component_type": 2}
        channel_id = int(message["channel_id"])
        channel = next(
            (c for g in self.guilds.values() for c in g["channels"] if int(c["id"]) == channel_id),
            None,
        ) or next(c for c in self.dm_channels.values() if int(c["id"]) == channel_id)
        return await self.send_interaction(
            payloads.INTERACTION_COMPONENT, data, channel=channel, message=message, **kw
        )

    async def drop_connection(self, guild_id: int | None = None) -> None:
        await self.gateway.drop(guild_id if guild_id is not None else int(self.guild["id"]))

    # --- reading what the bot did ----------------------------------------------------------

    def find(self, predicate: Callable[[Recorded], bool]) -> list[Recorded]:
        return [r for r in self.requests if predicate(r)]

    async def wait_for(
        self, predicate: Callable[[Recorded], bool], timeout: float = 10.0, count: int = 1
    ) -> list[Recorded]:
        """The first `count` recorded requests matching `predicate`, waiting for them to come."""

        def enough() -> bool:
            return len(self.find(predicate)) >= count

        try:
            async with self._changed:
                await asyncio.wait_for(self._changed.wait_for(enough), timeout)
        except TimeoutError:
            seen = "\n  ".join(f"{r.method} {r.route} {r.params}" for r in self.requests[-15:])
            raise AssertionError(f"timed out; last requests:\n  {seen}") from None
        return self.find(predicate)[:count]

    @staticmethod
    def is_reply_to(sent: Sent) -> Callable[[Recorded], bool]:
        return lambda r: r.route == "/channels/{channel_id}/messages" and r.reply_to == sent.id

    @staticmethod
    def is_callback_of(sent: Sent) -> Callable[[Recorded], bool]:
        return lambda r: r.route.endswith("/callback") and r.params["token"] == sent.token

    @staticmethod
    def is_followup_of(sent: Sent) -> Callable[[Recorded], bool]:
        return lambda r: r.route == "/webhooks/{app_id}/{token}" and r.params["token"] == sent.token

    async def _record(self, rec: Recorded) -> None:
        async with self._changed:
            self.requests.append(rec)
            self._changed.notify_all()
