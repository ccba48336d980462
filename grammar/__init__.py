"""Turning a question (English, Hindi in Devanagari, romanized Hindi) into a core.Query.

    >>> parsed = grammar.parse("can a 4070 Ti train GPT-3.5 in a year at 90%?", catalog)
    >>> parsed.query.intent, parsed.query.hardware.id, parsed.query.utilization
    ('can_train', 'rtx-4070-ti', 0.9)

The pipeline: `normalize` (Unicode, digits, number words, transliteration) → `lexer` (catalog
entities and lexicon keywords become terminals) → `parser` (LALR over question.lark, with
error recovery; the `transform` step yields one fact per phrase) → `decide` (intent and missing
slots) → `followup` (merging onto the previous query of the conversation).
"""

from grammar.parse import MAX_CHARS, parse
from grammar.parsed import Parsed, Rejected, UnknownMention

__all__ = ["MAX_CHARS", "Parsed", "Rejected", "UnknownMention", "parse"]
