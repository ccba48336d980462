"""The stand-in and harness make failures loud: a dead bot, a logged handler error, an
unknown route. discord.py would otherwise only log them, or end its task without a word."""

from __future__ import annotations

import discord
import pytest
from discord.http import Route

from tests.discord_standin.harness import running_bot

SEED = "can a 4070 Ti train GPT-3.5 in a year at 90%?"


async def test_the_gateway_is_zlib_stream_compressed_as_the_client_asked():
    async with running_bot() as run:
        [connection] = run.standin.connections
        assert connection.request.query["compress"] == "zlib-stream"
        assert connection.compressed


async def test_a_malformed_gateway_payload_that_kills_the_bot_fails_the_wait():
    with pytest.raises(AssertionError, match="the bot stopped"):
        async with running_bot() as run:
            guild_id = int(run.standin.guild["id"])
            await run.standin.gateway.dispatch("MESSAGE_CREATE", {"id": "1"}, guild_id)
            await run.reply_to(await run.standin.send_message(SEED, author=run.user()))


async def test_an_error_the_bot_only_logs_still_fails_the_test():
    def broken(text, context=None, **kw):
        raise RuntimeError("unexpected")

    with pytest.raises(AssertionError, match="bot logged errors"):
        async with running_bot(ask=broken) as run:  # expected_errors left at 0
            sent = await run.standin.send_message(SEED, author=run.user(), mention_bot=True)
            await run.reply_to(sent)  # the apology arrives; the logged error is caught after


async def test_an_unknown_route_is_a_failure():
    with pytest.raises(AssertionError, match="unexpected route"):
        async with running_bot() as run:
            with pytest.raises(discord.NotFound):  # the stand-in's answer to what it does not know
                await run.bot.http.request(Route("GET", "/guilds/1/audit-logs"))
            run.check()
