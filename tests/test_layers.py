"""The layers depend one way only: bot → grammar → knowledge → core; discord only in bot.discord.

Checked two ways: statically (every import statement in the source) and at run time (what a
fresh interpreter has loaded after importing a layer, or after `canitrain ask`).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["core", "knowledge", "grammar", "bot"]  # each may import only those before it
SEED = "can a 4070 Ti train GPT-3.5 in a year at 90%?"


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_layers_below_it(layer):
    forbidden = set(LAYERS[LAYERS.index(layer) + 1 :])
    for path in (ROOT / layer).rglob("*.py"):
        bad = imported_top_levels(path) & forbidden
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_only_the_discord_adapter_imports_discord():
    for layer in LAYERS:
        for path in (ROOT / layer).rglob("*.py"):
            if path.relative_to(ROOT).parts[:2] == ("bot", "discord"):
                continue
            assert "discord" not in imported_top_levels(path), path.relative_to(ROOT)


def loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout.split("\n")[-2]
    return {name.split(".")[0] for name in out.split()}


def test_import_core_loads_no_other_layer():
    assert not loaded_after("import core, core.types") & {"knowledge", "grammar", "bot", "discord"}


def test_canitrain_ask_never_imports_discord_or_sqlite_utils(catalog):
    # `catalog` has built the database, so the answer path only reads it.
    loaded = loaded_after(
        "import io, contextlib\nfrom bot.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['ask', {SEED!r}])"
    )
    assert "bot" in loaded and "grammar" in loaded  # the flow really ran
    assert "discord" not in loaded
    assert "prompt_toolkit" not in loaded
    assert "sqlite_utils" not in loaded
