"""Reading the reviewed data files into validated rows.

The package's own files live in `knowledge/data/`. A user can add or override rows in
`*.toml` files of their own directory (`CANITRAIN_DATA_DIR`, else
`$XDG_CONFIG_HOME/canitrain/data`): a row whose `id` (or `key`) matches a built-in one
replaces it. A user file that does not validate is skipped with a message naming the file
and the field; the built-in catalog keeps working.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from core.types import Hardware, Model, Source
from knowledge.errors import CatalogDataError
from knowledge.names import name_key

DATA_DIR = Path(__file__).parent / "data"
BUILTIN_FILES = ("sources.toml", "hardware.toml", "models.toml")
TABLES: dict[str, type[Source] | type[Hardware] | type[Model]] = {
    "source": Source,
    "hardware": Hardware,
    "model": Model,
}


@dataclass
class CatalogData:
    sources: dict[str, Source] = field(default_factory=dict)
    hardware: dict[str, Hardware] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # skipped user rows and files

    def add(self, row: Source | Hardware | Model) -> None:
        if isinstance(row, Source):
            self.sources[row.key] = row
        elif isinstance(row, Hardware):
            self.hardware[row.id] = row
        else:
            self.models[row.id] = row


def user_data_dir() -> Path:
    if env := os.environ.get("CANITRAIN_DATA_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "canitrain" / "data"


def data_files() -> list[Path]:
    """Every file the catalog is built from: built-in first, then the user's, sorted."""
    files = [DATA_DIR / name for name in BUILTIN_FILES]
    user_dir = user_data_dir()
    if user_dir.is_dir():
        files += sorted(user_dir.glob("*.toml"))
    return files


def fingerprint(files: list[Path] | None = None) -> str:
    """A hash of the data files' names and contents: the database is stale when it changes."""
    digest = hashlib.sha256()
    for path in files if files is not None else data_files():
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def _describe(error: ValidationError, path: Path, table: str, i: int, row: object) -> list[str]:
    name = row.get("id") or row.get("key") if isinstance(row, dict) else None
    where = f"{path}: {table}[{i}]" + (f" ({name})" if name else "")
    return [f"{where}.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]


def read_file(path: Path) -> tuple[list[Source | Hardware | Model], list[str]]:
    """Validate one file; return its rows and the problems found (file and field named)."""
    import tomllib  # only the build reads the data files; the answer path reads the database

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [], [f"{path}: cannot read: {exc}"]
    rows: list[Source | Hardware | Model] = []
    problems: list[str] = []
    for table, model_cls in TABLES.items():
        for i, raw in enumerate(data.pop(table, [])):
            try:
                rows.append(model_cls.model_validate(raw))
            except ValidationError as exc:
                problems += _describe(exc, path, table, i, raw)
    problems += [f"{path}: unknown table [[{name}]]" for name in data]
    return rows, problems


def row_problems(row: Hardware | Model, data: CatalogData) -> list[str]:
    """References a row makes that the catalog cannot resolve."""
    problems = [
        f"{row.id}: source {key!r} is not in the sources table"
        for key in row.sources
        if key not in data.sources
    ]
    if isinstance(row, Model):
        if row.proxy and row.proxy not in data.models:
            problems.append(f"{row.id}: proxy {row.proxy!r} is not a model")
        if row.gpu_hours_hardware and row.gpu_hours_hardware not in data.hardware:
            problems.append(f"{row.id}: gpu_hours_hardware {row.gpu_hours_hardware!r} unknown")
    return problems


def _alias_keys(row: Hardware | Model) -> dict[str, str]:
    """Every key a row claims, mapped to the field that claims it."""
    keys = {name_key(alias): "family_aliases" for alias in row.family_aliases}
    keys |= {name_key(alias): "aliases" for alias in (row.name, row.id, *row.aliases)}
    return keys


def alias_conflicts(row: Hardware | Model, data: CatalogData) -> list[str]:
    """Names of `row` that already name a different row of the same table."""
    table = data.hardware if isinstance(row, Hardware) else data.models
    owners = {
        key: other.id
        for other in table.values()
        if other.id != row.id
        for key in _alias_keys(other)
    }
    return [
        f"{row.id}.{field}: {key!r} already names {owners[key]}"
        for key, field in _alias_keys(row).items()
        if key in owners
    ]


def _merge(
    data: CatalogData, rows: list[Source | Hardware | Model], user: bool = False
) -> list[str]:
    """Add the rows; take back (restoring what they replaced) those whose references fail.

    A user row is also taken back when one of its names already names another row, so a
    user file can never silently re-point a name people type (`a100`) at a different row.
    """
    previous: dict[str, Hardware | Model | None] = {}
    for row in rows:
        if not isinstance(row, Source):
            table = data.hardware if isinstance(row, Hardware) else data.models
            previous.setdefault(row.id, table.get(row.id))
        data.add(row)
    problems: list[str] = []
    for row in rows:
        if isinstance(row, Source):
            continue
        found = row_problems(row, data)
        if user:
            found += alias_conflicts(row, data)
        if found:
            problems += found
            table = data.hardware if isinstance(row, Hardware) else data.models
            old = previous.get(row.id)
            if old is None:
                table.pop(row.id, None)
            else:
                table[row.id] = old  # type: ignore[assignment]
    return problems


def load_data(files: list[Path] | None = None) -> CatalogData:
    """Load every data file. Built-in problems raise; a bad user row or file is skipped."""
    files = files if files is not None else data_files()
    builtin = [p for p in files if p.parent == DATA_DIR]
    user = [p for p in files if p.parent != DATA_DIR]
    data = CatalogData()
    rows: list[Source | Hardware | Model] = []
    for path in builtin:
        found, problems = read_file(path)
        if problems:
            raise CatalogDataError(problems)
        rows += found
    problems = _merge(data, rows)
    if problems:
        raise CatalogDataError(problems)
    for path in user:
        found, problems = read_file(path)
        if problems:
            data.problems += problems
            continue
        data.problems += [f"{path}: {p}" for p in _merge(data, found, user=True)]
    return data
