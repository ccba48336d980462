"""Start-up shortcuts (issue 7) that must not change an answer.

- The catalog's rows, read back from the database, equal the rows validated from the data files.
- Tables cached between processes (knowledge/cache.py) equal freshly built ones, and a changed
  data file or builder never serves a stale table.
- `canitrain ask` imports neither Lark nor the modules only some questions need.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pydantic import BaseModel

from grammar.entities import EntityIndex, entity_index
from grammar.lexicon import build_lexicon, lexicon
from grammar.normalize import build_number_words, number_words
from grammar.parser import build_parser, export_tables, parser
from knowledge import Catalog, cache
from knowledge.load import load_data

ROOT = Path(__file__).resolve().parent.parent
SEED = "can a 4070 Ti train GPT-3.5 in a year at 90%?"


def same_values(a: object, b: object) -> bool:
    """Equal, and of the same type all the way down (24 == 24.0, but a reply may print either)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        fields = type(a).model_fields
        return all(same_values(getattr(a, f), getattr(b, f)) for f in fields) and a == b
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_values(a[k], b[k]) for k in a)  # type: ignore[attr-defined]
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(same_values, a, b))  # type: ignore[arg-type]
    return a == b


def test_catalog_rows_from_the_database_equal_the_validated_rows(catalog):
    data = load_data()
    assert catalog.hardware.keys() == data.hardware.keys()
    assert catalog.models.keys() == data.models.keys()
    assert catalog.sources.keys() == data.sources.keys()
    for table, validated in (
        (catalog.hardware, data.hardware),
        (catalog.models, data.models),
        (catalog.sources, data.sources),
    ):
        for key, row in table.items():
            assert same_values(row, validated[key]), key


def test_the_row_types_check_that_comparison():
    # same_values would let a list pass for a tuple or an int for a float otherwise
    row = next(iter(load_data().hardware.values()))
    assert same_values(row, row.model_copy())
    assert not same_values(row, row.model_copy(update={"aliases": list(row.aliases)}))
    assert not same_values(1, 1.0)


def test_cached_grammar_tables_equal_fresh_ones(catalog):
    assert number_words() == build_number_words()
    assert lexicon() == build_lexicon()
    index = entity_index(catalog, lexicon())
    assert index.tables() == EntityIndex.build(catalog, lexicon()).tables()
    # Lark numbers its states differently from one process to the next (set order), so the
    # cached parse table is checked by parsing: tests/test_grammar_lalr.py runs it beside Lark.
    fresh = export_tables(build_parser())
    assert parser().tables.rules == fresh.rules
    assert len(parser().tables.states) == len(fresh.states)


def test_a_cached_value_is_read_back_under_the_same_key(tmp_path, monkeypatch):
    monkeypatch.setenv("CANITRAIN_DB", str(tmp_path / "catalog.db"))
    calls: list[int] = []

    def build() -> dict:
        calls.append(1)
        return {"n": len(calls)}

    assert cache.cached("t", "key-1", build) == {"n": 1}
    assert cache.cached("t", "key-1", build) == {"n": 1}
    assert cache.cached("t", "key-2", build) == {"n": 2}  # a new key: built again
    assert calls == [1, 1]
    assert cache.cache_path("t").parent == tmp_path / "catalog.db-cache"


def test_editing_an_input_file_changes_the_key(tmp_path):
    data = tmp_path / "lexicon.toml"
    data.write_text("a = 1\n")
    before = cache.files_digest([data])
    data.write_text("a = 2\n")
    assert cache.files_digest([data]) != before
    extra = tmp_path / "more.toml"
    extra.write_text("")
    assert cache.files_digest([data, extra]) != cache.files_digest([data])


def test_a_damaged_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("CANITRAIN_DB", str(tmp_path / "catalog.db"))
    cache.cached("t", "k", lambda: 1)
    cache.cache_path("t").write_bytes(b"not a pickle")
    assert cache.cached("t", "k", lambda: 2) == 2
    with open(cache.cache_path("t"), "rb") as f:
        assert pickle.load(f)[1] == 2


def test_an_unwritable_cache_place_still_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("CANITRAIN_DB", str(blocker / "catalog.db"))  # under a file: unwritable
    assert cache.cached("t", "k", lambda: 3) == 3


def test_a_catalog_data_change_gives_a_new_entity_index(tmp_path, monkeypatch):
    # The index of names is cached under the catalog's fingerprint; a user's new row (and its
    # aliases) must be found by the next process, not hidden by the index of the old data.
    monkeypatch.setenv("CANITRAIN_DB", str(tmp_path / "catalog.db"))
    monkeypatch.setenv("CANITRAIN_DATA_DIR", str(tmp_path / "data"))
    before = Catalog.open()
    assert "zz9000" not in entity_index(before, lexicon()).keys
    row = before.hardware["rtx-4090"].model_dump(exclude_none=True)
    row |= {"id": "zz-9000", "name": "ZZ 9000", "aliases": ["zz9000"], "family_aliases": []}
    row.pop("notes", None)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mine.toml").write_text(_toml_hardware(row), encoding="utf-8")
    after = Catalog.open()
    assert after.fingerprint != before.fingerprint
    assert entity_index(after, lexicon()).keys["zz9000"] == ("hardware", "zz-9000", False)


def _toml_hardware(row: dict) -> str:
    def value(v: object) -> str:
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(v)  # strings and numbers read the same in TOML

    return "[[hardware]]\n" + "".join(f"{k} = {value(v)}\n" for k, v in row.items())


def loaded_by_ask(db: Path, *, runs: int = 2, env: dict[str, str] | None = None) -> set[str]:
    """The modules a `canitrain ask` process has loaded (the last of `runs`, caches warm)."""
    code = textwrap.dedent(
        f"""
        import contextlib, io, sys
        from bot.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["ask", {SEED!r}])
        print(" ".join(sys.modules))
        """
    )
    env = os.environ | {"CANITRAIN_DB": str(db)} | (env or {})
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=ROOT,
        )
    return set(out.stdout.split())


@pytest.fixture(scope="module")
def ask_modules(tmp_path_factory) -> set[str]:
    return loaded_by_ask(tmp_path_factory.mktemp("ask") / "catalog.db")


@pytest.mark.parametrize(
    "module",
    [
        "lark",  # the parse table is cached; grammar/lalr.py runs it
        "importlib.metadata",  # pydantic's plugin lookup (bot/cli.py skip_pydantic_plugins)
        "rapidfuzz",  # only for a misspelled or unknown name
        "tomllib",  # the data files' tables are cached
        "sqlite_utils",  # only to build the database
        "tempfile",  # only to write a cache or a database
    ],
)
def test_canitrain_ask_does_not_import(ask_modules, module):
    assert "grammar.parse" in ask_modules and "bot.render" in ask_modules  # the flow ran
    assert module not in ask_modules


def test_pydantic_plugins_load_when_the_user_asks_for_them(tmp_path):
    # skip_pydantic_plugins stands in for PYDANTIC_DISABLE_PLUGINS=__all__ only; any other
    # setting is the user's, and pydantic's own loader (which imports importlib.metadata) runs.
    loaded = loaded_by_ask(tmp_path / "catalog.db", env={"PYDANTIC_DISABLE_PLUGINS": "logfire"})
    assert "importlib.metadata" in loaded


def test_a_first_run_builds_what_later_runs_read(tmp_path):
    # The first run builds the database and the caches (importing Lark for the parse table);
    # an answer is the same either way.
    db = tmp_path / "catalog.db"
    cmd = [sys.executable, "-m", "bot.cli", "ask", "--json", SEED]
    env = os.environ | {"CANITRAIN_DB": str(db)}
    first = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    names = {p.name for p in (tmp_path / "catalog.db-cache").iterdir()}
    assert {"parse-table.pickle", "lexicon.pickle", "entity-index.pickle"} <= names
    second = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env, cwd=ROOT)
    assert first.stdout == second.stdout
