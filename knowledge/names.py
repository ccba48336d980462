"""Folding the ways people write a product name onto one key.

`name_key("GeForce RTX-4070 Ti")` and `name_key("आरटीएक्स ४०७० टीआई")` both give
"geforcertx4070ti" / "rtx4070ti": lower case, Devanagari digits and spelled-out Latin letters
turned into Latin, and everything but letters, digits and dots dropped. The tables of
spellings live in `data/letters.toml`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_DEVANAGARI_RUN = re.compile(r"[\u0900-\u097F]+")
_NOT_KEY = re.compile(r"[^a-z0-9.]+")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    from knowledge.cache import cached, files_digest  # that module imports this one

    files = [DATA_DIR / "letters.toml", Path(__file__)]
    return cached("letters", files_digest(files), _read_tables)


def _read_tables() -> tuple[dict[str, str], dict[str, str]]:
    import tomllib  # ~2 ms to import: only when the cache (knowledge/cache.py) misses

    with open(DATA_DIR / "letters.toml", "rb") as f:
        data = tomllib.load(f)
    return data["words"], data["letters"]


def _spell_letters(run: str, letters: dict[str, str]) -> str | None:
    """Read a Devanagari run as spelled-out Latin letters, or None if it is not one.

    Longest letter-name first at each position; the whole run must be consumed.
    """
    out: list[str] = []
    i = 0
    names = sorted(letters, key=len, reverse=True)
    while i < len(run):
        for name in names:
            if run.startswith(name, i):
                out.append(letters[name])
                i += len(name)
                break
        else:
            return None
    return "".join(out)


def latinize(text: str) -> str:
    """Turn Devanagari product spellings into Latin; leave other Hindi words alone.

    A run becomes letters only if it is a known word, spells two or more letters
    (जीपीटी → gpt, टीआई → ti), or one letter glued to digits (ए100 → a100): a lone
    letter-name such as के or जी is an ordinary Hindi word.
    """
    words, letters = _tables()
    text = text.translate(DEVANAGARI_DIGITS)

    def replace(m: re.Match[str]) -> str:
        run = m.group(0)
        if run in words:
            return words[run]
        spelled = _spell_letters(run, letters)
        if spelled is None:
            return run
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        glued_to_digit = before.isdigit() or after.isdigit()
        if len(spelled) >= 2 or glued_to_digit:
            return spelled
        return run

    return _DEVANAGARI_RUN.sub(replace, text)


def name_key(text: str) -> str:
    """The key two spellings of one name share (see module docstring)."""
    text = unicodedata.normalize("NFKC", text)
    text = latinize(text).casefold()
    return _NOT_KEY.sub("", text)
