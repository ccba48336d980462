"""User additions: a directory of TOML files that adds or overrides rows without editing
the package, validated with the same schema; bad rows are skipped with file + field named.
"""

from __future__ import annotations

import textwrap

import pytest

from knowledge.catalog import Catalog

NEW_GPU = """
[[source]]
key = "my-datasheet"
title = "Example GPU datasheet"
authors = "Example Corp"
year = 2026
url = "https://example.com/x900.pdf"
where = "Table 1"

[[hardware]]
id = "x900"
name = "Example X900"
vendor = "Example"
kind = "datacenter"
year = 2026
memory_gb = 256
bandwidth_gbs = 9000
power_w = 1200
peak_tflops = { fp32 = 100, bf16 = 3000, fp16 = 3000 }
aliases = ["x900", "example x900"]
source = "my-datasheet"

[[hardware]]
id = "rtx-4090"
name = "GeForce RTX 4090"
vendor = "NVIDIA"
kind = "consumer"
year = 2022
memory_gb = 24
bandwidth_gbs = 1008
power_w = 300
peak_tflops = { fp32 = 82.6, bf16 = 165.2, fp16 = 165.2 }
aliases = ["rtx 4090", "4090"]
source = "my-datasheet"
notes = "Power-limited to 300 W in my rig."
"""


@pytest.fixture
def user_dir(tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv("CANITRAIN_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CANITRAIN_DB", str(tmp_path / "catalog.db"))
    return data_dir


def _open(user_dir, name: str, text: str) -> Catalog:
    (user_dir / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return Catalog.open()


def test_user_file_adds_a_gpu_and_overrides_one(user_dir):
    catalog = _open(user_dir, "mine.toml", NEW_GPU)
    assert catalog.problems == []
    assert catalog.resolve_hardware("Example X900").id == "x900"
    assert catalog.hardware["x900"].peak_tflops.bf16 == 3000
    assert catalog.hardware["rtx-4090"].power_w == 300  # overridden
    assert catalog.sources["my-datasheet"].url.endswith("x900.pdf")
    assert "a100-80gb-sxm" in catalog.hardware  # built-in rows still there


def test_database_is_rebuilt_when_a_user_file_changes(user_dir):
    assert "x900" not in Catalog.open().hardware
    assert "x900" in _open(user_dir, "mine.toml", NEW_GPU).hardware


BAD_ROWS = {
    "wrong type": (
        """
        [[hardware]]
        id = "bad-type"
        name = "Bad Type"
        vendor = "X"
        kind = "consumer"
        memory_gb = "lots"
        peak_tflops = {}
        source = "nvidia-ada-whitepaper"
        """,
        "memory_gb",
    ),
    "missing source": (
        """
        [[hardware]]
        id = "no-source"
        name = "No Source"
        vendor = "X"
        kind = "consumer"
        memory_gb = 8
        peak_tflops = { fp32 = 10 }
        source = "nowhere-2026"
        """,
        "source 'nowhere-2026'",
    ),
    "duplicate alias": (
        """
        [[hardware]]
        id = "thief"
        name = "Thief"
        vendor = "X"
        kind = "consumer"
        memory_gb = 8
        peak_tflops = { fp32 = 10 }
        aliases = ["4090"]
        source = "nvidia-ada-whitepaper"
        """,
        "aliases: '4090' already names rtx-4090",
    ),
    "unknown field": (
        """
        [[model]]
        id = "typo"
        name = "Typo"
        paramz = 7e9
        source = "brown2020"
        """,
        "paramz",
    ),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_bad_user_row_is_rejected_with_file_and_field(user_dir, case):
    text, field = BAD_ROWS[case]
    catalog = _open(user_dir, "bad.toml", text)
    assert catalog.problems, case
    message = " ".join(catalog.problems)
    assert "bad.toml" in message
    assert field in message
    # The built-in catalog keeps working, and the bad row is not in it.
    assert catalog.resolve_hardware("4090").id == "rtx-4090"
    assert len(catalog.hardware) >= 45
    assert not {"bad-type", "no-source", "thief"} & set(catalog.hardware)


def test_unreadable_user_file_is_skipped(user_dir):
    catalog = _open(user_dir, "broken.toml", "[[hardware]\nid = ")
    assert any("broken.toml" in p for p in catalog.problems)
    assert "rtx-4070-ti" in catalog.hardware
