"""`canitrain discord` plumbing: the command line hook and the logging set-up."""

from __future__ import annotations

import argparse
import json
import logging

from bot.discord.run import JsonFormatter, Redact, add_parser

SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-that-must-never-show"


def record(message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("bot.discord.test", logging.INFO, __file__, 1, message, args, None)


def test_the_hook_registers_the_discord_subcommand_on_the_main_parser():
    parser = argparse.ArgumentParser(prog="canitrain")
    add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["discord", "--sync-guild", "42", "--sync-only"])
    assert (args.command, args.sync_guild, args.sync_only, args.sync_global) == (
        "discord",
        42,
        True,
        False,
    )


def test_json_logs_are_one_object_a_line():
    line = JsonFormatter().format(record("answered message=%s language=%s", 7, "hi"))
    entry = json.loads(line)
    assert entry["msg"] == "answered message=7 language=hi"
    assert (entry["level"], entry["logger"]) == ("INFO", "bot.discord.test")


def test_the_redaction_filter_blanks_a_token_in_any_message():
    rec = record("oops %s", SECRET)
    assert Redact(SECRET).filter(rec)
    assert SECRET not in rec.getMessage() and "[token]" in rec.getMessage()
