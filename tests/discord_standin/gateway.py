"""The stand-in's gateway: HELLO, IDENTIFY/READY, RESUME, heartbeats and dispatches.

One `Session` per IDENTIFY, kept across connections so a dropped connection can RESUME and get
every event it missed, in order (as Discord does). Each connection compresses with one zlib
stream when the client asks for `compress=zlib-stream`: every payload is compressed on that
stream and flushed with Z_SYNC_FLUSH, then sent as one binary frame
(https://discord.com/developers/docs/events/gateway#zlibstream).
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from tests.discord_standin import payloads

if TYPE_CHECKING:
    from tests.discord_standin.server import StandIn

log = logging.getLogger(__name__)

OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_PRESENCE = 0, 1, 2, 3
OP_RESUME, OP_RECONNECT, OP_REQUEST_MEMBERS, OP_INVALID_SESSION = 6, 7, 8, 9
OP_HELLO, OP_HEARTBEAT_ACK = 10, 11
CLOSE_AUTHENTICATION_FAILED = (
    4004  # https://discord.com/developers/docs/topics/opcodes-and-status-codes
)
HEARTBEAT_INTERVAL_MS = 41250  # what Discord sends; the tests never wait for a heartbeat


@dataclass
class Session:
    """A gateway session: what IDENTIFY created and RESUME continues."""

    session_id: str
    shard: tuple[int, int]  # (shard_id, shard_count)
    intents: int
    seq: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    connection: Connection | None = None

    def owns_guild(self, guild_id: int | None) -> bool:
        shard_id, count = self.shard
        if guild_id is None:  # DMs go to shard 0
            return shard_id == 0
        return (guild_id >> 22) % count == shard_id


class Connection:
    """One websocket from the bot."""

    def __init__(self, request: web.Request, ws: web.WebSocketResponse, compress: bool) -> None:
        self.request = request
        self.ws = ws
        self.compressed = compress
        self._zlib = zlib.compressobj() if compress else None
        self._send_lock = asyncio.Lock()

    async def send(self, payload: dict[str, Any]) -> None:
        raw = json.dumps(payload).encode()
        async with self._send_lock:  # keep the zlib stream's frames in order
            if self._zlib is None:
                await self.ws.send_str(raw.decode())
            else:
                data = self._zlib.compress(raw) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.ws.send_bytes(data)


class Gateway:
    """The websocket endpoint and the sessions behind it."""

    def __init__(self, standin: StandIn) -> None:
        self.standin = standin
        self.sessions: dict[str, Session] = {}
        self.identifies: list[dict[str, Any]] = []
        self.resumes: list[dict[str, Any]] = []
        self.changed = asyncio.Condition()

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions.values() if s.connection is not None]

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        query = request.query
        compress = query.get("compress")
        if query.get("v") != "10" or query.get("encoding") != "json":
            self.standin.fail(f"gateway dialled with unexpected query {dict(query)}")
        if compress not in (None, "zlib-stream"):
            self.standin.fail(f"gateway asked for unsupported compression {compress!r}")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        conn = Connection(request, ws, compress == "zlib-stream")
        self.standin.connections.append(conn)
        session: Session | None = None
        await conn.send({"op": OP_HELLO, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    self.standin.fail(f"gateway got a {msg.type} frame from the bot")
                    continue
                session = await self._on_payload(conn, json.loads(msg.data), session)
        finally:
            if session is not None and session.connection is conn:
                session.connection = None
            await self._notify()
        return ws

    async def _on_payload(
        self, conn: Connection, payload: dict[str, Any], session: Session | None
    ) -> Session | None:
        op, data = payload.get("op"), payload.get("d")
        if op == OP_HEARTBEAT:
            await conn.send({"op": OP_HEARTBEAT_ACK})
        elif op == OP_IDENTIFY:
            session = await self._identify(conn, data)
        elif op == OP_RESUME:
            session = await self._resume(conn, data)
        elif op in (OP_PRESENCE, OP_REQUEST_MEMBERS):
            pass
        else:
            self.standin.fail(f"gateway got unexpected op {op}: {payload}")
        return session

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        self.identifies.append(data)
        if data.get("token") != self.standin.token:
            await conn.ws.close(code=CLOSE_AUTHENTICATION_FAILED, message=b"Authentication failed")
            return None
        shard_id, count = data.get("shard") or [0, 1]
        session = Session(secrets.token_hex(16), (shard_id, count), int(data.get("intents", 0)))
        self.sessions[session.session_id] = session
        session.connection = conn
        standin = self.standin
        ready = {
            "v": 10,
            "user": standin.bot_user,
            "guilds": [
                {"id": g["id"], "unavailable": True}
                for g in standin.guilds.values()
                if session.owns_guild(int(g["id"]))
            ],
            "session_id": session.session_id,
            "resume_gateway_url": standin.gateway_url,
            "application": {"id": str(standin.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if data.get("shard") is not None:
            ready["shard"] = [shard_id, count]
        await self.dispatch_to(session, "READY", ready)
        for g in standin.guilds.values():
            if session.owns_guild(int(g["id"])):
                await self.dispatch_to(session, "GUILD_CREATE", g)
        await self._notify()
        return session

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> Session | None:
        self.resumes.append(data)
        session = self.sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self.standin.token:
            await conn.send({"op": OP_INVALID_SESSION, "d": False})
            return None
        session.connection = conn
        missed = [p for p in session.history if p["s"] > (data.get("seq") or 0)]
        for p in missed:
            await conn.send(p)
        await self.dispatch_to(session, "RESUMED", {})
        await self._notify()
        return session

    async def dispatch_to(self, session: Session, event: str, data: dict[str, Any]) -> None:
        """Number the event in its session, keep it for RESUME, and send it if connected."""
        session.seq += 1
        payload = {"op": OP_DISPATCH, "t": event, "s": session.seq, "d": data}
        session.history.append(payload)
        if session.connection is not None:
            try:
                await session.connection.send(payload)
            except ConnectionResetError:
                session.connection = None  # kept in history: RESUME replays it

    def session_for(self, guild_id: int | None) -> Session:
        owners = [s for s in self.sessions.values() if s.owns_guild(guild_id)]
        if not owners:
            raise AssertionError(f"no gateway session owns guild {guild_id}")
        return owners[-1]  # the newest IDENTIFY

    async def dispatch(self, event: str, data: dict[str, Any], guild_id: int | None) -> None:
        await self.dispatch_to(self.session_for(guild_id), event, data)

    async def drop(self, guild_id: int | None = None) -> None:
        """Cut a live connection without a close frame, as a network failure would."""
        session = self.session_for(guild_id)
        conn = session.connection
        if conn is None:
            raise AssertionError("the session has no live connection to drop")
        session.connection = None
        if conn.request.transport is not None:
            conn.request.transport.abort()

    async def wait(self, predicate, timeout: float) -> None:  # noqa: ANN001
        async with self.changed:
            await asyncio.wait_for(self.changed.wait_for(predicate), timeout)


def message_visible(session: Session, data: dict[str, Any], bot_id: str) -> dict[str, Any] | None:
    """The MESSAGE_CREATE a session receives given its intents, or None when it gets none.

    Without the message-content intent, Discord blanks content, embeds and components except
    in DMs, in messages that mention the bot, and in the bot's own messages
    (https://discord.com/developers/docs/events/gateway#message-content-intent).
    """
    in_guild = "guild_id" in data
    needed = payloads.INTENT_GUILD_MESSAGES if in_guild else payloads.INTENT_DIRECT_MESSAGES
    if not session.intents & needed:
        return None
    if session.intents & payloads.INTENT_MESSAGE_CONTENT or not in_guild:
        return data
    if data["author"]["id"] == bot_id or any(u["id"] == bot_id for u in data["mentions"]):
        return data
    return data | {"content": "", "embeds": [], "components": [], "attachments": []}
