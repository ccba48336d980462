"""The grammar's derived tables, cached between processes.

The number words, the lexicon and the catalog's entity index fold every spelling in the data
files and every catalog alias through `normalize.clean` (~20 ms), and the parse table is built
by Lark (grammar/parser.py, ~30 ms plus importing Lark); `canitrain ask` reads them back
instead (~3 ms). The cache key covers every file of the grammar package (code, grammar and
data), the `knowledge` package's code and its letter table, so editing any of them rebuilds
the tables (see `knowledge/cache.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from knowledge import names
from knowledge.cache import cached, files_digest

T = TypeVar("T")
GRAMMAR_DIR = Path(__file__).parent
KNOWLEDGE_DIR = Path(names.__file__).parent


def inputs() -> list[Path]:
    """Every file whose content the tables depend on."""
    return [
        *GRAMMAR_DIR.glob("*.py"),
        *GRAMMAR_DIR.glob("*.lark"),
        *(GRAMMAR_DIR / "data").glob("*.toml"),
        *KNOWLEDGE_DIR.glob("*.py"),  # names (the folding), build (how aliases are made)
        KNOWLEDGE_DIR / "data" / "letters.toml",
    ]


@cache
def inputs_key() -> str:
    return files_digest(inputs())


def cached_table(name: str, build: Callable[[], T], salt: str = "") -> T:
    """`build()`, read back from the cache while the grammar's files and `salt` are unchanged."""
    return cached(name, f"{inputs_key()}:{salt}", build)
