"""Every command is described in English and Hindi; every adapter sentence exists in all three
languages with the same placeholders (like sqlite-utils' test_docs.py, for the bot's words)."""

from __future__ import annotations

import string

import pytest

from bot.discord import i18n
from bot.discord.client import INITIAL_EXTENSIONS, create_bot
from bot.discord.settings import Settings
from core.types import TASKS

TABLES = ("ui", "chart", "durations")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("lang", ["hi", "hi-Latn"])
def test_every_sentence_exists_in_each_language_with_the_same_placeholders(table, lang):
    english, other = i18n.strings("en")[table], i18n.strings(lang)[table]
    assert set(other) == set(english)
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), f"{lang} {table}.{key}"


@pytest.fixture
async def commands():
    bot = create_bot(Settings())
    for extension in INITIAL_EXTENSIONS:
        await bot.load_extension(extension)
    yield {c.qualified_name: c for c in bot.tree.get_commands()}
    await bot.close()


async def test_every_command_and_option_has_an_english_and_a_hindi_description(commands):
    hindi = i18n.strings("hi")["commands"]
    assert set(hindi) == set(commands)  # no command left out, no stale entry
    for name, command in commands.items():
        assert command.description and command.description != "…", name
        assert hindi[name]["description"].strip(), name
        options = {p.name: p for p in command.parameters}
        assert set(hindi[name].get("options", {})) == set(options), name
        for option in options.values():
            assert option.description and option.description != "…", f"{name} {option.name}"


async def test_every_task_choice_has_a_hindi_name(commands):
    [task] = [p for p in commands["fits"].parameters if p.name == "task"]
    assert {c.value for c in task.choices} == set(TASKS)
    assert set(i18n.strings("hi")["choices"]) == set(TASKS)


@pytest.mark.parametrize(
    ("locale", "guild_locale", "expected"),
    [("hi", None, "hi"), ("en-US", "hi", "en"), ("fr", "hi", "hi"), ("fr", "de", "hi-Latn")],
)
def test_reply_language_follows_the_user_then_the_server_then_the_default(
    locale, guild_locale, expected
):
    import discord

    class Interaction:
        pass

    interaction = Interaction()
    interaction.locale = discord.Locale(locale)
    interaction.guild_locale = discord.Locale(guild_locale) if guild_locale else None
    assert i18n.interaction_language(interaction, "hi-Latn") == expected


def test_notices_about_devanagari_messages_are_in_hindi():
    assert i18n.notice_language("क्या 4090 चलेगा?", "en") == "hi"
    assert i18n.notice_language("kya 4090 chalega?", "en") == "en"
