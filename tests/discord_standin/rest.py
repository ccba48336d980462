"""The stand-in's REST routes: what discord.py 2.7 calls, answered as Discord would.

Every request is recorded (`Recorded`). A route the stand-in does not know, a bot route without
the bot's token, or an interaction route *with* it (Discord's interaction and webhook routes
take no Authorization header) is recorded as a failure. JSON goes out with
`Content-Type: application/json` exactly, because discord.py parses a body as JSON only then
(`discord.http.json_or_text`). Interaction callbacks answer `?with_response=1` with the
`interaction` and `resource` objects discord.py 2.7 reads.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from tests.discord_standin import payloads

if TYPE_CHECKING:
    from tests.discord_standin.server import StandIn

EPHEMERAL = 1 << 6  # message flag
CALLBACK_MESSAGE, CALLBACK_DEFERRED, CALLBACK_AUTOCOMPLETE = 4, 5, 8
CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE = 6, 7


@dataclass
class Recorded:
    """One request the bot made."""

    method: str
    route: str  # the pattern, e.g. "/channels/{channel_id}/messages"
    params: dict[str, str]  # the pattern's values
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    files: list[tuple[str, bytes]] = field(default_factory=list)
    at: float = 0.0  # loop time when it arrived
    response: Any = None

    @property
    def reply_to(self) -> int | None:
        ref = (self.json or {}).get("message_reference") if isinstance(self.json, dict) else None
        return int(ref["message_id"]) if ref else None

    @property
    def embeds(self) -> list[dict[str, Any]]:
        data = self.json or {}
        return data.get("data", data).get("embeds") or []


def _json(data: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
    )


class RestApi:
    """The REST half of the stand-in; the state it serves lives on the `StandIn`."""

    def __init__(self, standin: StandIn) -> None:
        self.standin = standin

    def routes(self) -> list[tuple[str, str, Callable]]:
        return [
            ("GET", "/users/@me", self._me),
            ("GET", "/oauth2/applications/@me", self._application),
            ("GET", "/applications/@me", self._application),
            ("GET", "/gateway", self._gateway_url),
            ("GET", "/gateway/bot", self._gateway_bot),
            ("POST", "/channels/{channel_id}/messages", self._create_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_message),
            ("POST", "/channels/{channel_id}/typing", self._typing),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self._callback),
            ("POST", "/webhooks/{app_id}/{token}", self._followup),
            ("PATCH", "/webhooks/{app_id}/{token}/messages/{message_id}", self._edit_webhook),
            ("GET", "/webhooks/{app_id}/{token}/messages/{message_id}", self._get_webhook),
            ("PUT", "/applications/{app_id}/commands", self._sync),
            ("PUT", "/applications/{app_id}/guilds/{guild_id}/commands", self._sync),
        ]

    def recording(self, pattern: str, handler: Callable) -> Callable:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            body, files = await self._read_body(request)
            rec = Recorded(
                method=request.method,
                route=pattern,
                params=dict(request.match_info),
                query=dict(request.query),
                headers=dict(request.headers),
                json=body,
                files=files,
                at=asyncio.get_running_loop().time(),
            )
            interaction_route = pattern.startswith(("/interactions/", "/webhooks/"))
            auth = request.headers.get("Authorization")
            if interaction_route and auth is not None:
                self.standin.fail(f"{request.method} {pattern} carried an Authorization header")
            elif not interaction_route and auth != f"Bot {self.standin.token}":
                response: web.StreamResponse = _json(
                    {"message": "401: Unauthorized", "code": 0}, 401
                )
                if pattern != "/users/@me":  # a login attempt may fail; nothing else may
                    self.standin.fail(f"{request.method} {pattern} without the bot token")
                await self.standin._record(rec)
                return response
            response = await handler(request, rec)
            await self.standin._record(rec)
            return response

        return wrapped

    async def _read_body(self, request: web.Request) -> tuple[Any, list[tuple[str, bytes]]]:
        if request.content_type == "multipart/form-data":
            form = await request.post()
            files = [
                (f.filename, f.file.read())
                for key, f in form.items()
                if key.startswith("files[") and isinstance(f, web.FileField)
            ]
            return json.loads(str(form["payload_json"])), files
        raw = await request.read()
        if not raw:
            return None, []
        if request.content_type != "application/json":
            self.standin.fail(f"{request.method} {request.path} sent {request.content_type}")
        return json.loads(raw), []

    async def unexpected(self, request: web.Request) -> web.Response:
        self.standin.fail(f"unexpected route {request.method} {request.path_qs}")
        return _json({"message": "404: Not Found", "code": 0}, 404)

    async def _me(self, request: web.Request, rec: Recorded) -> web.Response:
        return _json(self.standin.bot_user)

    async def _application(self, request: web.Request, rec: Recorded) -> web.Response:
        return _json(payloads.application(self.standin.application_id, self.standin.owner))

    async def _gateway_url(self, request: web.Request, rec: Recorded) -> web.Response:
        return _json({"url": self.standin.gateway_url})

    async def _gateway_bot(self, request: web.Request, rec: Recorded) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.standin.gateway_url, "shards": 1, "session_start_limit": limit})

    def _new_message(
        self, channel_id: int, body: dict[str, Any], files: list[tuple[str, bytes]]
    ) -> dict[str, Any]:
        data = payloads.message(
            payloads.snowflake(),
            channel_id,
            self.standin.bot_user,
            body.get("content") or "",
            embeds=body.get("embeds"),
            components=body.get("components"),
            reference=body.get("message_reference"),
            flags=int(body.get("flags") or 0),
        )
        data["attachments"] = [
            {
                "id": str(payloads.snowflake()),
                "filename": name,
                "size": len(blob),
                "url": f"{self.standin.base_url}/attachments/{name}",
                "proxy_url": f"{self.standin.base_url}/attachments/{name}",
            }
            for name, blob in files
        ]
        self.standin.messages[int(data["id"])] = data
        return data

    async def _create_message(self, request: web.Request, rec: Recorded) -> web.Response:
        channel_id = int(rec.params["channel_id"])
        rec.response = self._new_message(channel_id, rec.json or {}, rec.files)
        return _json(rec.response)

    async def _edit_message(self, request: web.Request, rec: Recorded) -> web.Response:
        message = self.standin.messages.get(int(rec.params["message_id"]))
        if message is None:
            return _json({"message": "Unknown Message", "code": 10008}, 404)
        message.update({k: v for k, v in (rec.json or {}).items() if k in message})
        rec.response = message
        return _json(message)

    async def _typing(self, request: web.Request, rec: Recorded) -> web.Response:
        return web.Response(status=204)

    async def _callback(self, request: web.Request, rec: Recorded) -> web.Response:
        token = rec.params["token"]
        interaction = self.standin.interactions.get(token)
        if interaction is None or interaction["id"] != rec.params["interaction_id"]:
            return _json({"message": "Unknown interaction", "code": 10062}, 404)
        if rec.query.get("with_response") not in ("1", "true"):
            self.standin.fail("interaction callback without ?with_response=1")
        if token in self.standin.acknowledged:
            return _json(
                {"message": "Interaction has already been acknowledged.", "code": 40060}, 400
            )
        self.standin.acknowledged.add(token)
        kind = int(rec.json["type"])
        data = rec.json.get("data") or {}
        resource: dict[str, Any] = {"type": kind}
        message_id = None
        if kind in (CALLBACK_MESSAGE, CALLBACK_DEFERRED):
            message = self._new_message(int(interaction["channel_id"]), data, rec.files)
            interaction["original_message"] = message
            resource["message"] = message
            message_id = message["id"]
        elif kind in (CALLBACK_DEFERRED_UPDATE, CALLBACK_UPDATE) and "message" in interaction:
            resource["message"] = interaction["message"]
            message_id = interaction["message"]["id"]
        rec.response = {
            "interaction": {
                "id": interaction["id"],
                "type": interaction["type"],
                "response_message_id": message_id,
                "response_message_loading": kind == CALLBACK_DEFERRED,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
            },
            "resource": resource,
        }
        return _json(rec.response)

    def _interaction_for(self, rec: Recorded) -> dict[str, Any] | None:
        interaction = self.standin.interactions.get(rec.params["token"])
        if interaction is None or rec.params["app_id"] != str(self.standin.application_id):
            return None
        if rec.params["token"] not in self.standin.acknowledged:
            self.standin.fail("a follow-up before the interaction was acknowledged")
            return None
        return interaction

    async def _followup(self, request: web.Request, rec: Recorded) -> web.Response:
        interaction = self._interaction_for(rec)
        if interaction is None:
            return _json({"message": "Unknown Webhook", "code": 10015}, 404)
        rec.response = self._new_message(int(interaction["channel_id"]), rec.json or {}, rec.files)
        if rec.query.get("wait") in ("true", "1"):
            return _json(rec.response)
        return web.Response(status=204)

    def _webhook_message(self, rec: Recorded) -> dict[str, Any] | None:
        interaction = self._interaction_for(rec)
        if interaction is None:
            return None
        if rec.params["message_id"] == "@original":
            return interaction.get("original_message")
        return self.standin.messages.get(int(rec.params["message_id"]))

    async def _edit_webhook(self, request: web.Request, rec: Recorded) -> web.Response:
        message = self._webhook_message(rec)
        if message is None:
            return _json({"message": "Unknown Message", "code": 10008}, 404)
        message.update({k: v for k, v in (rec.json or {}).items() if k in message})
        rec.response = message
        return _json(message)

    async def _get_webhook(self, request: web.Request, rec: Recorded) -> web.Response:
        message = self._webhook_message(rec)
        if message is None:
            return _json({"message": "Unknown Message", "code": 10008}, 404)
        return _json(message)

    async def _sync(self, request: web.Request, rec: Recorded) -> web.Response:
        if rec.params["app_id"] != str(self.standin.application_id):
            self.standin.fail(f"commands synced for application {rec.params['app_id']}")
        scope = rec.params.get("guild_id", "global")
        synced = [
            command
            | {
                "id": str(payloads.snowflake()),
                "application_id": rec.params["app_id"],
                "version": "1",
            }
            | ({"guild_id": scope} if scope != "global" else {})
            for command in rec.json or []
        ]
        self.standin.commands[scope] = synced
        rec.response = synced
        return _json(synced)
