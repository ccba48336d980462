"""Which language a question is written in, and which one the asker wants the reply in.

- Devanagari anywhere in the question → "hi" (a reply in Devanagari).
- Romanized Hindi → "hi-Latn": Hindi function words (`data/lexicon.toml` [markers]: strong ones
  such as "kya", "hai", "mein", "pe", "sakta", "kitne", "chahiye" count one, weak ones such as
  "ko", "se", "din", which are also English or ambiguous, a half) add up to at least one, and to
  at least as many as the English function words ("can", "the", "how", "on", ...). So
  "kya 4090 pe chalega?" is romanized Hindi, while one "bhai" or "yaar" in an English sentence
  ("bhai can a 4090 train llama 2 7b?") is not a marker at all and the question stays English.
- Otherwise English.

A reply language is asked for with a language word in a "reply in" phrase: "reply in English",
"answer in hindi", "hindi mein batao", "हिंदी में जवाब दो", "in hinglish please", or with the
language word alone ("english please"). "Hindi", however it is written, asks for Devanagari;
"Hinglish" or "roman Hindi" asks for romanized Hindi.
"""

from __future__ import annotations

import re

from grammar.lexicon import Lexicon
from grammar.parsed import Language

_DEVANAGARI_LETTER = re.compile(r"[\u0904-\u0939\u0958-\u0961\u0972-\u097f]")
_IN_WORDS = frozenset({"in", "mein", "me", "main", "में", "मे", "into"})
WEAK_MARKER = 0.5  # a weak Hindi marker counts half a strong one
_LANGUAGE_ONLY = frozenset({"LANG", "REPLY"})  # "english please": fillers aside, nothing else


def detect(text: str, words: list[str], lex: Lexicon) -> Language:
    """The language and script of a question (see module docstring)."""
    if _DEVANAGARI_LETTER.search(text):
        return "hi"
    hindi: float = sum(w in lex.hinglish_strong for w in words)
    hindi += WEAK_MARKER * sum(w in lex.hinglish_weak for w in words)
    english = sum(w in lex.english for w in words)
    return "hi-Latn" if hindi >= 1 and hindi >= english else "en"


def reply_language(
    words: list[str], tagged: list[tuple[int, str, str]], language: Language
) -> Language | None:
    """The language a "reply in X" phrase asks for, or None.

    `tagged`: (word index, terminal, value) for each word of the question that is not a filler.
    """
    asked = [(i, value) for i, terminal, value in tagged if terminal == "LANG"]
    if not asked:
        return None
    has_reply_word = any(terminal == "REPLY" for _, terminal, _ in tagged)
    alone = all(terminal in _LANGUAGE_ONLY for _, terminal, _ in tagged)
    for i, value in asked:
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if has_reply_word or alone or before in _IN_WORDS or after in _IN_WORDS:
            return value  # type: ignore[return-value]
    return None
