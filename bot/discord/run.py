"""`canitrain discord`: run the bot, or register its slash commands.

    canitrain discord                      # run with settings from the environment
    canitrain discord --config bot.toml    # ... and from a TOML file (the environment wins)
    canitrain discord --sync-guild ID      # register the commands in one guild, then run
    canitrain discord --sync-global --sync-only   # register them everywhere and exit

Commands are synced only when asked, as discord.py's examples advise: a global sync takes
up to an hour to reach every client and counts against a daily limit. SIGINT and SIGTERM
close the connection cleanly. docs/discord.md lists every setting.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.discord.settings import MissingToken, Settings

log = logging.getLogger(__name__)
QUIET_LOGGERS = ("discord", "aiohttp")  # shown from WARNING up unless log_level is DEBUG


def add_parser(subparsers: Any) -> None:
    """Register `canitrain discord` on the main command line's sub-parsers."""
    parser = subparsers.add_parser(
        "discord", help="run the Discord bot (see docs/discord.md)", description=__doc__
    )
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="TOML settings file (environment wins)")
    sync = parser.add_mutually_exclusive_group()
    sync.add_argument(
        "--sync-global", action="store_true", help="register slash commands in every guild"
    )
    sync.add_argument(
        "--sync-guild", type=int, metavar="GUILD_ID", help="register them in one guild (testing)"
    )
    parser.add_argument("--sync-only", action="store_true", help="exit after syncing")
    parser.add_argument("--log-level", choices=["DEBUG", "INFO", "WARNING", "ERROR"])


class JsonFormatter(logging.Formatter):
    """One JSON object a line, for journald or a log shipper (log_format = "json")."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class Redact(logging.Filter):
    """Belt and braces: canitrain never logs the token; this blanks it if anything else did."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret and self.secret in record.getMessage():
            record.msg, record.args = record.getMessage().replace(self.secret, "[token]"), None
        return True


def setup_logging(settings: Settings, token: str | None) -> None:
    import discord

    handler = logging.StreamHandler()
    if token:
        handler.addFilter(Redact(token))
    style: dict[str, Any] = {"formatter": JsonFormatter()} if settings.log_format == "json" else {}
    discord.utils.setup_logging(
        handler=handler, level=getattr(logging, settings.log_level), **style
    )
    if settings.log_level != "DEBUG":
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)


async def serve(
    settings: Settings,
    token: str,
    *,
    sync: str | int | None = None,
    sync_only: bool = False,
) -> int:
    """Log in, optionally sync, and run until closed. Returns the process exit status."""
    import discord

    from bot.discord.client import create_bot

    bot = create_bot(settings, sync=sync)
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Task[None]] = []
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        loop.add_signal_handler(sig, functools.partial(_stop, bot, sig, stopping))
    try:
        async with bot:
            if sync_only:
                await bot.login(token)  # runs setup_hook, which syncs
                return 0
            await bot.start(token)
    except discord.LoginFailure:
        log.error("login failed: Discord rejected the token (check DISCORD_TOKEN)")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("answer-all channels need the message content intent; enable it for the app")
        return 1
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
        if stopping:
            await asyncio.gather(*stopping)
    log.info("stopped")
    return 0


def _stop(bot: Any, sig: signal.Signals, stopping: list[asyncio.Task[None]]) -> None:
    log.info("%s received; closing", sig.name)
    if not stopping:
        stopping.append(asyncio.ensure_future(bot.close()))


def main(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """Entry point of `canitrain discord`; takes parsed arguments or an argument list."""
    if not isinstance(args, argparse.Namespace):
        parser = argparse.ArgumentParser(prog="canitrain discord", description=__doc__)
        add_arguments(parser)
        args = parser.parse_args(sys.argv[1:] if args is None else list(args))
    try:
        settings = Settings.load(config=args.config)
        if args.log_level:
            settings = settings.model_copy(update={"log_level": args.log_level})
        token = settings.resolved_token()
    except (ValidationError, MissingToken, OSError, ValueError) as exc:
        print(f"canitrain discord: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings, token)
    sync: str | int | None = "global" if args.sync_global else args.sync_guild
    if args.sync_only and sync is None:
        print("canitrain discord: --sync-only needs --sync-global or --sync-guild", file=sys.stderr)
        return 2
    return asyncio.run(serve(settings, token, sync=sync, sync_only=args.sync_only))


if __name__ == "__main__":
    sys.exit(main())
