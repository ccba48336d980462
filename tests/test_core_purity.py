"""`core` is pure: importing it (and running an estimate) pulls in no I/O or other layer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("knowledge", "grammar", "bot", "discord", "sqlite3", "lark", "sqlite_utils")

PROBE = """
import json, sys
import core, core.estimate, core.assumptions, core.conventions
from core.estimate import estimate
from core.types import Query, ModelRef
estimate(Query(intent="training_compute", model=ModelRef(name="x", params=1e9)), None, None)
print(json.dumps(sorted(sys.modules)))
"""


def test_core_imports_nothing_from_other_layers():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = json.loads(out.stdout)
    leaked = [m for m in loaded if m.split(".")[0] in FORBIDDEN]
    assert leaked == []


def test_core_sources_import_only_stdlib_pydantic_and_core():
    allowed = {"__future__", "pydantic", "core"} | set(sys.stdlib_module_names)
    for path in (ROOT / "core").glob("*.py"):
        for line in path.read_text().splitlines():
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1:
                top = words[1].split(".")[0]
                assert top in allowed, f"{path.name} imports {words[1]}"
