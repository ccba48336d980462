"""`canitrain kb ...`: listing, showing, checking and building the catalog."""

from __future__ import annotations

import json
import sqlite3

import pytest

from bot.kb import main

HARDWARE_FIELDS = {
    "id", "name", "aliases", "vendor", "kind", "memory_gb", "bandwidth_gbs", "peak_tflops",
    "power_w", "year", "sources",
}  # fmt: skip
MODEL_FIELDS = {
    "id", "name", "aliases", "params", "active_params", "tokens", "training_flops",
    "training_flops_kind", "gpu_hours", "layers", "hidden_size", "heads", "kv_heads",
    "context", "sources",
}  # fmt: skip


def _json(capsys, *argv: str):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_kb_check_passes_on_the_builtin_catalog(capsys):
    assert main(["check"]) == 0
    assert "ok" in capsys.readouterr().out


def test_kb_hardware_shows_one_entry_resolved_through_aliases(capsys):
    row = _json(capsys, "hardware", "4070ti", "--json")
    assert set(row) >= HARDWARE_FIELDS
    assert row["id"] == "rtx-4070-ti"
    assert set(row["peak_tflops"]) == {"fp32", "tf32", "bf16", "fp16", "fp8", "int8"}
    assert row["peak_tflops"]["bf16"] == 80.2
    assert "nvidia-ada-whitepaper" in row["sources"]
    assert row["assumed_variant"] is False


def test_kb_hardware_family_name_reports_the_assumed_variant(capsys):
    row = _json(capsys, "hardware", "A100", "--json")
    assert row["id"] == "a100-80gb-sxm" and row["assumed_variant"] is True
    assert main(["hardware", "A100"]) == 0
    assert "declared default" in capsys.readouterr().out


def test_kb_models_show_has_the_contract_fields(capsys):
    row = _json(capsys, "models", "mixtral", "8x7b", "--json")
    assert set(row) >= MODEL_FIELDS
    assert row["active_params"] == 13e9
    assert row["training_flops_kind"] is None


def test_kb_lists_every_row_as_json(capsys):
    assert len(_json(capsys, "hardware", "--json")) >= 45
    assert len(_json(capsys, "models", "--json")) >= 55
    sources = _json(capsys, "sources", "--json")
    assert {"key", "title", "url", "where"} <= set(sources[0])


def test_kb_text_show_cites_each_figure(capsys):
    assert main(["models", "gpt-3"]) == 0
    out = capsys.readouterr().out
    assert "3.14e+23" in out and "[brown2020]" in out and "arxiv.org/abs/2005.14165" in out


def test_kb_unknown_name_says_not_in_catalog_with_closest(capsys):
    assert main(["hardware", "RTX", "9090"]) == 1
    err = capsys.readouterr().err
    assert "not in the catalog" in err and "RTX" in err


def test_kb_build_writes_an_ordinary_sqlite_file(tmp_path, monkeypatch, capsys):
    db = tmp_path / "kb.db"
    monkeypatch.setenv("CANITRAIN_DB", str(db))
    assert main(["build"]) == 0
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        assert {"sources", "hardware", "models", "hardware_aliases", "model_aliases"} <= tables
        (bf16,) = conn.execute("select bf16_tflops from hardware where id='rtx-4090'").fetchone()
        assert bf16 == pytest.approx(165.2)


def test_kb_check_fails_with_a_clear_list_on_bad_user_data(tmp_path, monkeypatch, capsys):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "bad.toml").write_text(
        '[[hardware]]\nid = "x"\nname = "X"\nvendor = "V"\nkind = "gpu"\n'
        'memory_gb = 8\npeak_tflops = {}\nsource = "brown2020"\n'
    )
    monkeypatch.setenv("CANITRAIN_DATA_DIR", str(data_dir))
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "bad.toml" in err and "kind" in err
