"""The grammar as a grammar: LALR without conflicts, error recovery, names from the catalog."""

from __future__ import annotations

import json

import pytest
from grammar_corpus.expect import corpus_catalog

import grammar
from grammar.lexer import Tagged
from grammar.parser import build_parser, parse_tokens
from grammar.transform import Batch, Cue, Device, Duration, Utilization


def test_grammar_builds_in_strict_lalr_mode():
    # strict=True raises on any shift/reduce or reduce/reduce conflict
    assert build_parser(strict=True) is not None


def _tok(kind: str, payload: object = None) -> Tagged:
    return Tagged(kind, str(payload), payload)


def test_phrases_compose_in_any_order():
    hw = corpus_catalog().hardware["h100-sxm"]
    ref = type("Ref", (), {"id": hw.id})()
    facts, skipped = parse_tokens(
        [
            _tok("NUM", 90.0),
            _tok("PCT"),
            _tok("ART"),
            _tok("UNIT", "year"),
            _tok("NUM", 8.0),
            _tok("HW", ref),
            _tok("TRAIN", "train"),
        ]
    )
    assert not skipped
    assert facts == [Utilization(0.9), Duration(365 * 86400), Device(ref, 8), Cue("TRAIN", "train")]


def test_a_half_read_phrase_is_dropped_and_the_rest_still_read():
    # "in 3 ... a year": the 3 has no unit, so it is dropped; the year is still read
    facts, skipped = parse_tokens(
        [_tok("NUM", 3.0), _tok("TRAIN", "train"), _tok("ART"), _tok("UNIT", "year")]
    )
    assert [t.type for t in skipped] == ["NUM"]
    assert facts == [Cue("TRAIN", "train"), Duration(365 * 86400)]


def test_a_token_that_fits_no_phrase_is_skipped():
    facts, skipped = parse_tokens([_tok("UNIT", "day"), _tok("TRAIN", "train"), _tok("PARAMS")])
    assert [t.type for t in skipped] == ["UNIT", "PARAMS"]
    assert facts == [Cue("TRAIN", "train")]


def _toml_value(value: object) -> str:
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items() if v is not None)
            + " }"
        )
    return json.dumps(value, ensure_ascii=False)  # strings, numbers and lists read the same in TOML


def _write_rows(path, table: str, rows: list[dict]) -> None:
    lines = []
    for row in rows:
        lines.append(f"[[{table}]]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in row.items() if v not in (None, {}, [], ())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def extended_catalog(tmp_path, monkeypatch):
    """The real catalog plus a device and a model the grammar has never seen.

    Their figures are copied from the RTX 4090 and Llama 2 7B rows (sources included): only the
    names are new, which is all this test is about.
    """
    from knowledge import Catalog

    base = corpus_catalog()
    device = base.hardware["rtx-4090"].model_dump(mode="json")
    device |= {
        "id": "testchip-z7",
        "name": "Testchip Z7",
        "aliases": ["testchip z7", "tcz7"],
        "family_aliases": [],
    }
    model = base.models["llama-2-7b"].model_dump(mode="json")
    model |= {
        "id": "fable-7b",
        "name": "Fable 7B",
        "family": "Fable",
        "aliases": ["fable 7b", "fable-7b"],
        "family_aliases": ["fable"],
    }
    data = tmp_path / "data"
    data.mkdir()
    _write_rows(data / "extra_hardware.toml", "hardware", [device])
    _write_rows(data / "extra_models.toml", "model", [model])
    monkeypatch.setenv("CANITRAIN_DATA_DIR", str(data))
    catalog = Catalog.open(tmp_path / "c.db")
    assert not catalog.problems, catalog.problems
    return catalog


def test_a_new_catalog_row_is_understood_without_touching_the_grammar(extended_catalog):
    parsed = grammar.parse("can 4 Testchip Z7 train Fable 7B in a month?", extended_catalog)
    assert parsed.understood
    assert parsed.query.hardware.id == "testchip-z7" and parsed.query.hardware.count == 4
    assert parsed.query.model.id == "fable-7b"
    assert (
        grammar.parse("kya tcz7 pe fable chalega?", extended_catalog).query.hardware.id
        == "testchip-z7"
    )


def test_a_new_family_word_gives_unknown_names_with_suggestions(extended_catalog):
    parsed = grammar.parse("can a testchip z9 run fable 70b?", extended_catalog)
    assert [(u.kind, u.text) for u in parsed.unknown] == [
        ("hardware", "testchip z9"),
        ("model", "fable 70b"),
    ]
    assert "Testchip Z7" in parsed.unknown[0].suggestions
    assert "Fable 7B" in parsed.unknown[1].suggestions


def test_recovery_never_repeats_a_phrase():
    # "2 weeks with a batch size of 16": the stray "a" makes the parser go back to the
    # boundary after "2 weeks"; the duration must still be read once, not twice
    tokens = [_tok("NUM", 2.0), _tok("UNIT", "week"), _tok("ART"), _tok("BATCH"), _tok("NUM", 16.0)]
    facts, skipped = parse_tokens(tokens)
    assert [t.type for t in skipped] == ["ART"]
    assert facts == [Duration(14 * 86400), Batch(16)]
