"""The wording of every reply, read once from `bot/locales/<lang>.toml`.

`t("hi", "verdict.no")` picks a string and fills its `{placeholders}`; a key missing in
Hindi falls back to English, and a key missing everywhere comes back as the key itself, so
a gap in the wording shows up in the reply instead of crashing it (tests/test_locales.py
keeps the gaps at zero).
"""

from __future__ import annotations

import logging
import string
from functools import cache
from pathlib import Path
from typing import Any

from knowledge.cache import cached, files_digest

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES: tuple[str, ...] = ("en", "hi", "hi-Latn")
FALLBACK = "en"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out |= _flatten(value, f"{name}.")
        else:
            out[name] = value
    return out


@cache
def strings(lang: str) -> dict[str, Any]:
    """Every key of one language, dotted ("assumption.proxy_model") → wording.

    Read back from the cache beside the catalog (knowledge/cache.py) while the file is
    unchanged: parsing the TOML costs ~3 ms of a one-shot `canitrain ask`.
    """
    path = LOCALES_DIR / f"{lang}.toml"
    if not path.exists():
        return {}
    key = files_digest([path, Path(__file__)])
    return cached(f"locale-{lang}", key, lambda: _read(path))


def _read(path: Path) -> dict[str, Any]:
    import tomllib

    with open(path, "rb") as f:
        return _flatten(tomllib.load(f))


def placeholders(text: str) -> set[str]:
    """The `{names}` a wording expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class _Keep(dict):
    """Leaves an unfilled placeholder visible rather than raising KeyError."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def has(lang: str, key: str) -> bool:
    return key in strings(lang) or key in strings(FALLBACK)


def raw(lang: str, key: str) -> Any:
    """The stored value for `key` (a string or a list), falling back to English."""
    value = strings(lang).get(key)
    if value is None:
        value = strings(FALLBACK).get(key)
    return value


def t(lang: str, key: str, **values: Any) -> str:
    """The wording for `key` in `lang` with its placeholders filled."""
    text = raw(lang, key)
    if not isinstance(text, str):
        log.warning("locale: no wording for %s (%s)", key, lang)
        return key
    try:
        return text.format_map(_Keep(values))
    except (ValueError, IndexError, AttributeError):
        log.warning("locale: bad wording for %s (%s): %r", key, lang, text)
        return text


def heading_map(lang: str) -> dict[str, str]:
    """Reply.headings: the localized "Assumptions" / "Sources" / "Arithmetic"."""
    return {name: t(lang, f"heading.{name}") for name in ("assumptions", "sources", "math")}
