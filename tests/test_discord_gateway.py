"""Connection-level behaviour: resuming after a dropped socket, the token, shards, the CLI.

The CLI tests run `canitrain discord` as a real process (through `bot.cli.main`, as the
console script does) pointed at the stand-in with DISCORD_API_BASE / DISCORD_GATEWAY_URL.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

import discord
import pytest

from bot.answer import answer
from bot.discord.run import serve
from tests.discord_standin import StandIn
from tests.discord_standin.harness import running_bot, settings_for

ROOT = Path(__file__).resolve().parent.parent
SEED = "can a 4070 Ti train GPT-3.5 in a year at 90%?"
SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-that-must-never-show"


async def test_the_bot_resumes_after_the_socket_drops_and_gets_what_it_missed():
    async with running_bot() as run:
        standin = run.standin
        first = await standin.send_message(SEED, author=run.user(), mention_bot=True)
        await run.reply_to(first)
        await standin.drop_connection()
        # Sent while the bot is away: Discord keeps it for the session and replays it on RESUME.
        missed = await standin.send_message(SEED, author=run.user(), mention_bot=True)
        await standin.gateway.wait(lambda: bool(standin.gateway.resumes), timeout=30)
        reply = await run.reply_to(missed)
        # A later question in the same channel is answered after any duplicate would have been.
        after = await standin.send_message(SEED, author=run.user(), mention_bot=True)
        await run.reply_to(after)
        assert len(standin.find(standin.is_reply_to(missed))) == 1
    assert len(standin.gateway.identifies) == 1  # resumed, not re-identified
    assert reply.embeds[0]["title"] == answer(SEED).reply.title


async def test_a_rejected_token_fails_login_without_the_token_in_any_log(caplog):
    caplog.set_level(logging.DEBUG)
    async with StandIn() as standin:
        result = await serve(settings_for(standin), SECRET)
        assert result == 1
        login = standin.find(lambda r: r.route == "/users/@me")
    assert login and login[0].headers["Authorization"] == f"Bot {SECRET}"  # it was really sent
    assert "login failed" in caplog.text
    assert SECRET not in caplog.text
    assert all(SECRET not in str(r.args) and SECRET not in str(r.exc_info) for r in caplog.records)


async def test_a_normal_run_at_debug_level_never_logs_the_token(caplog):
    caplog.set_level(logging.DEBUG)
    async with StandIn(token=SECRET) as standin, running_bot(standin=standin) as run:
        sent = await standin.send_message(SEED, author=run.user(), mention_bot=True)
        await run.reply_to(sent)
        assert standin.gateway.identifies[-1]["token"] == SECRET
    assert "IDENTIFY" in caplog.text or "WebSocket Event" in caplog.text  # debug logging was on
    assert SECRET not in caplog.text


async def test_a_shard_process_serves_only_its_guilds():
    async with StandIn() as standin:
        mine = standin.add_guild("shard one", ["general"], shard=(1, 2))
        theirs = standin.add_guild("shard zero", ["general"], shard=(0, 2))
        async with running_bot(standin=standin, shard_count=2, shard_ids=[1]) as run:
            assert isinstance(run.bot, discord.AutoShardedClient)
            assert [i["shard"] for i in standin.gateway.identifies] == [[1, 2]]
            assert run.bot.get_guild(int(mine["id"])) is not None
            assert run.bot.get_guild(int(theirs["id"])) is None
            sent = await standin.send_message(
                SEED, author=run.user(), channel=mine["channels"][0], mention_bot=True
            )
            reply = await run.reply_to(sent)
    assert reply.embeds[0]["title"] == answer(SEED).reply.title


def cli_env(standin: StandIn, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "CANITRAIN_"))}
    env.update(
        DISCORD_TOKEN=standin.token,
        DISCORD_API_BASE=standin.api_base,
        DISCORD_GATEWAY_URL=standin.gateway_url,
        CANITRAIN_DB=os.environ["CANITRAIN_DB"],
        CANITRAIN_GUILD_READY_TIMEOUT_S="0.05",
        CANITRAIN_CHART="false",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


async def start_cli(standin: StandIn, *args: str, **env: str) -> asyncio.subprocess.Process:
    code = "import sys; from bot.cli import main; sys.exit(main(sys.argv[1:]))"
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        code,
        "discord",
        *args,
        env=cli_env(standin, **env),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_canitrain_discord_syncs_answers_in_both_languages_and_stops_on_sigterm():
    async with StandIn() as standin:
        guild_id = standin.guild["id"]
        proc = await start_cli(standin, "--sync-guild", guild_id)
        try:
            await standin.gateway.wait(lambda: bool(standin.gateway.live_sessions()), timeout=60)
            assert len(standin.commands[guild_id]) == 8
            user = standin.add_user("asker")
            mention = await standin.send_message(SEED, author=user, mention_bot=True)
            ask = await standin.send_command("ask", {"question": SEED}, user=user, locale="hi")
            reply = (await standin.wait_for(standin.is_reply_to(mention), timeout=30))[0]
            callback = (await standin.wait_for(standin.is_callback_of(ask), timeout=30))[0]
        finally:
            proc.send_signal(signal.SIGTERM)
            out, err = await asyncio.wait_for(proc.communicate(), 30)
        assert proc.returncode == 0, err.decode()
        await standin.gateway.wait(lambda: not standin.gateway.live_sessions(), timeout=10)
    assert reply.embeds[0]["title"] == answer(SEED).reply.title
    assert callback.json["data"]["embeds"][0]["title"] == answer(SEED, language="hi").reply.title
    assert standin.token not in (out + err).decode()
    assert not standin.failures


async def test_sync_only_registers_global_commands_and_exits_without_connecting():
    async with StandIn() as standin:
        proc = await start_cli(standin, "--sync-global", "--sync-only")
        out, err = await asyncio.wait_for(proc.communicate(), 60)
        assert proc.returncode == 0, err.decode()
    assert len(standin.commands["global"]) == 8
    assert not standin.gateway.identifies
    assert not standin.failures


@pytest.mark.parametrize(
    ("env", "message"),
    [({}, "DISCORD_TOKEN"), ({"CANITRAIN_SHARD_IDS": "3"}, "shard_ids needs shard_count")],
)
async def test_bad_settings_exit_with_a_message_and_no_token(env, message):
    async with StandIn() as standin:
        extra = env or {"DISCORD_TOKEN": ""}
        proc = await start_cli(standin, **extra)
        out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert message in err.decode()
    assert standin.token not in err.decode()
