"""Shared fixtures: every test session gets its own catalog database file."""

from __future__ import annotations

import os
import tempfile

import pytest

# Set before any test module imports knowledge, so no test touches the user's cache.
os.environ.setdefault("CANITRAIN_DB", os.path.join(tempfile.mkdtemp(), "catalog.db"))


@pytest.fixture(scope="session")
def catalog():
    """The built-in catalog, built once per session from the package's data files."""
    from knowledge import default_catalog

    return default_catalog()
