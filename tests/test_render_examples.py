"""The example questions the replies offer (help, "try for example") are questions the bot
understands, in the language they are written in, and read as the intent they illustrate."""

from __future__ import annotations

import pytest

from bot.answer import answer
from bot.render import locale
from core.types import INTENTS

LANGS = locale.LANGUAGES
EXAMPLES = [
    (lang, intent, question)
    for lang in LANGS
    for intent in INTENTS
    for question in locale.raw(lang, f"example.{intent}")
]


@pytest.mark.parametrize(("lang", "intent", "question"), EXAMPLES)
def test_each_intents_example_is_understood_as_that_intent(catalog, lang, intent, question):
    result = answer(question, catalog=catalog)
    assert result.understood, result.reply.text()
    assert result.query is not None and result.query.intent == intent
    assert result.language == lang


@pytest.mark.parametrize("lang", LANGS)
def test_help_examples_are_understood(catalog, lang):
    for question in locale.raw(lang, "help.examples"):
        result = answer(question, catalog=catalog)
        assert result.understood, question
