"""Dispatch a `Query` to the arithmetic for its intent (thin version; filled in below)."""

from __future__ import annotations

from collections.abc import Sequence

from core.conventions import Settings
from core.types import Estimate, Hardware, Model, Query


def estimate(
    query: Query,
    hardware: Hardware | None,
    model: Model | None,
    *,
    proxy: Model | None = None,
    compare: Sequence[tuple[Hardware, int]] = (),
    settings: Settings | None = None,
) -> Estimate:
    """The numbers for `query` (work in progress)."""
    return Estimate()
