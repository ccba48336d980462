"""Every source key the estimator cites (core.conventions.SRC_*) is a row of the sources table,
so every assumption in a reply can carry a citation a user can open."""

from __future__ import annotations

from core import conventions


def test_every_convention_source_is_in_the_catalog(catalog):
    keys = {v for k, v in vars(conventions).items() if k.startswith("SRC_")}
    assert keys, "conventions must name their sources"
    missing = sorted(k for k in keys if k not in catalog.sources)
    assert not missing, f"cited by core.conventions but not in sources.toml: {missing}"
