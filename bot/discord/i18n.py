"""The adapter's own words in en / hi / hi-Latn, and the slash-command translator.

Answers are worded by `bot.render`; this module holds only what the Discord adapter says
itself (button labels, the apology, rate-limit and length notices) and the Hindi command
descriptions. They live in `bot/discord/locales/<lang>.toml`.

Reply language for a slash command (STYLE.md, "bilingual in one place"): the user's Discord
locale, then the server's, then the configured default; the question text can still decide
(`bot.answer.choose_language`).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
FALLBACK = "en"
# Discord locales the answers can be written in (https://discord.com/developers/docs/reference#locales)
LOCALE_LANGUAGE = {
    discord.Locale.hindi: "hi",
    discord.Locale.american_english: "en",
    discord.Locale.british_english: "en",
}


@cache
def strings(lang: str) -> dict[str, Any]:
    path = LOCALES_DIR / f"{lang}.toml"
    if not path.exists():
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


def lookup(lang: str, dotted: str) -> Any:
    """The value at a dotted key ("commands.ask.description"), or None."""
    node: Any = strings(lang)
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def ui(lang: str, key: str, **values: Any) -> str:
    """One of the adapter's sentences, in `lang` (English when that language lacks it)."""
    text = lookup(lang, f"ui.{key}") or lookup(FALLBACK, f"ui.{key}") or key
    return text.format(**values) if values else text


def chart_label(lang: str, key: str) -> str:
    return lookup(lang, f"chart.{key}") or lookup(FALLBACK, f"chart.{key}") or key


def other_language(lang: str) -> str:
    """The language the "switch" button offers: Hindi for English, English otherwise."""
    return "hi" if lang == "en" else "en"


def notice_language(text: str, default: str) -> str:
    """A language for the adapter's short notices about a message: Hindi for Devanagari text.

    (The answer itself gets its language from the grammar; a notice is sent without asking it.)
    """
    return "hi" if any("\u0900" <= ch <= "\u097f" for ch in text) else default


def locale_language(locale: discord.Locale | None) -> str | None:
    return LOCALE_LANGUAGE.get(locale) if locale is not None else None


def interaction_language(interaction: discord.Interaction, default: str) -> str:
    """The user's locale, then the server's, then the configured default."""
    return (
        locale_language(interaction.locale) or locale_language(interaction.guild_locale) or default
    )


def translation_key(context: app_commands.TranslationContextTypes) -> str | None:
    """Where a command string's translation lives in the locale files (names stay English)."""
    data = context.data
    if context.location is Where.command_description and isinstance(data, app_commands.Command):
        return f"commands.{data.qualified_name}.description"
    if context.location is Where.parameter_description and isinstance(data, app_commands.Parameter):
        return f"commands.{data.command.qualified_name}.options.{data.name}"
    if context.location is Where.choice_name and isinstance(data, app_commands.Choice):
        return f"choices.{data.value}"
    return None


class CommandTranslator(app_commands.Translator):
    """Gives Discord the Hindi descriptions at sync time; English is the source text."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        lang = locale_language(locale)
        key = translation_key(context)
        if lang is None or lang == "en" or key is None:
            return None
        value = lookup(lang, key)
        return value if isinstance(value, str) else None
