"""The catalog of hardware, models and sources: reviewed data files → SQLite → lookups."""

from knowledge.catalog import Catalog, Resolved, default_catalog

__all__ = ["Catalog", "Resolved", "default_catalog"]
