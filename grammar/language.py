"""Which language a question is written in, and which one the asker wants the reply in.

- Devanagari anywhere in the question → "hi" (a reply in Devanagari).
- Romanized Hindi → "hi-Latn": one strong marker ("kya", "hai", "sakta", "mein", "chalega",
  "kitne", "chahiye", ...) or two weak ones ("ko", "se", "par", "din", ...), from
  `data/lexicon.toml` [markers].
- Otherwise English.

A reply language is asked for with a language word in a "reply in" phrase: "reply in English",
"answer in hindi", "hindi mein batao", "हिंदी में जवाब दो", "in hinglish please".
"""

from __future__ import annotations

import re

from grammar.lexicon import Lexicon
from grammar.parsed import Language

_DEVANAGARI_LETTER = re.compile(r"[\u0904-\u0939\u0958-\u0961\u0972-\u097f]")
_IN_WORDS = frozenset({"in", "mein", "me", "main", "में", "मे", "into"})


def detect(text: str, words: list[str], lex: Lexicon) -> Language:
    """The language and script of a question (see module docstring)."""
    if _DEVANAGARI_LETTER.search(text):
        return "hi"
    strong = sum(w in lex.hinglish_strong for w in words)
    weak = sum(w in lex.hinglish_weak for w in words)
    return "hi-Latn" if strong >= 1 or weak >= 2 else "en"


def reply_language(
    words: list[str], tagged: list[tuple[int, str, str]], language: Language
) -> Language | None:
    """The language a "reply in X" phrase asks for, or None.

    `tagged`: (word index, terminal, value) for each lexicon word of the question.
    """
    asked = [(i, value) for i, terminal, value in tagged if terminal == "LANG"]
    if not asked:
        return None
    has_reply_word = any(terminal == "REPLY" for _, terminal, _ in tagged)
    for i, value in asked:
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if has_reply_word or before in _IN_WORDS or after in _IN_WORDS or len(words) == 1:
            if value == "hi":
                # asked in Latin letters ("hindi mein batao"): Hindi, but in Latin letters
                return "hi-Latn" if language == "hi-Latn" else "hi"
            return value  # type: ignore[return-value]
    return None
