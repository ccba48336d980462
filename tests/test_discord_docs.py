"""docs/discord.md documents every setting, every flag and the real invite permissions."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.discord.client import INVITE_PERMISSIONS
from bot.discord.run import add_arguments
from bot.discord.settings import DISCORD_ENV, ENV_PREFIX, Settings

DOC = (Path(__file__).resolve().parent.parent / "docs" / "discord.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_every_setting_is_in_the_table_with_its_variable_and_file_key(name):
    variable = DISCORD_ENV.get(name, ENV_PREFIX + name.upper())
    assert f"| `{variable}` | `{name}` |" in DOC


def test_every_command_line_flag_is_documented():
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    flags = [f for action in parser._actions for f in action.option_strings if f.startswith("--")]
    for flag in flags:
        if flag != "--help":
            assert flag in DOC, flag


def test_the_invite_link_asks_for_exactly_the_permissions_the_bot_uses():
    assert f"permissions={INVITE_PERMISSIONS.value}" in DOC
    assert "scope=bot+applications.commands" in DOC
