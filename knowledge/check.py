"""Integrity checks over the catalog data (`canitrain kb check`; CI runs it).

`check(data)` returns a list of human-readable problems, empty when the catalog is sound:
every number has a source that exists, references resolve, no name points at two rows,
and the figures are physically plausible (bf16 >= fp32 on tensor-core parts, active <= total
parameters, published compute close to 6ND, ...). The thresholds below are deliberately
loose: they catch typos of a factor of 10 or a sparse figure stored as dense, not rounding.
"""

from __future__ import annotations

from pathlib import Path

from core.types import PRECISIONS, Hardware, Model
from knowledge.build import alias_clashes
from knowledge.errors import CatalogDataError
from knowledge.load import CatalogData, load_data, row_problems
from knowledge.names import name_key

TRAIN_FLOPS_PER_PARAM_PER_TOKEN = 6  # Kaplan et al. 2020, section 2.1: C = 6NBS
# Published compute may count recomputation, padding or an encoder-decoder's half-use of
# parameters (T5 in GPT-3 Table D.1 is 0.5x 6ND, Gopher 1.25x), so only a gross mismatch
# is flagged.
FLOPS_VS_6ND_RANGE = (0.3, 3.0)
PEAK_TFLOPS_MAX = 20_000  # no single device in the catalog's era is near this, even sparse
YEARS = (2010, 2030)
POWER_W_RANGE = (1, 2_000)
HARDWARE_FIELDS = {
    "year",
    "memory_gb",
    "bandwidth_gbs",
    "power_w",
    "vendor",
    "kind",
    "name",
    *(f"peak_tflops.{p}" for p in PRECISIONS),
}
MODEL_FIELDS = set(Model.model_fields) - {"id", "aliases", "family_aliases", "source"}


def _numbers(row: Hardware | Model) -> dict[str, float]:
    """Every numeric field that is set, by the name `field_sources` uses for it."""
    values = row.model_dump(exclude={"field_sources"})
    numbers = {
        k: v for k, v in values.items() if isinstance(v, int | float) and not isinstance(v, bool)
    }
    if isinstance(row, Hardware):
        numbers |= {f"peak_tflops.{k}": v for k, v in values["peak_tflops"].items() if v}
    return numbers


def source_problems(row: Hardware | Model, data: CatalogData) -> list[str]:
    """Each numeric field names a source that exists; field_sources name real fields."""
    known = HARDWARE_FIELDS if isinstance(row, Hardware) else MODEL_FIELDS
    problems = [
        f"{row.id}: field_sources names {field!r}, which is not a field"
        for field in row.field_sources
        if field not in known
    ]
    problems += [
        f"{row.id}.{field}: source {row.source_of(field)!r} is not in the sources table"
        for field in _numbers(row)
        if row.source_of(field) not in data.sources
    ]
    return problems


def hardware_problems(h: Hardware) -> list[str]:
    p = h.peak_tflops
    problems = []
    if h.memory_gb <= 0:
        problems.append(f"{h.id}: memory_gb must be positive")
    if h.bandwidth_gbs is not None and h.bandwidth_gbs <= 0:
        problems.append(f"{h.id}: bandwidth_gbs must be positive")
    if h.power_w is not None and not POWER_W_RANGE[0] <= h.power_w <= POWER_W_RANGE[1]:
        problems.append(f"{h.id}: power_w {h.power_w} outside {POWER_W_RANGE}")
    if h.year is not None and not YEARS[0] <= h.year <= YEARS[1]:
        problems.append(f"{h.id}: year {h.year} outside {YEARS}")
    for precision in PRECISIONS:
        value = p.get(precision)
        if value is not None and not 0 < value < PEAK_TFLOPS_MAX:
            problems.append(f"{h.id}: peak_tflops.{precision} {value} is implausible")
    # Tensor paths are never slower than the plain path below them; a violation usually
    # means a sparse or FP16-accumulate figure landed in the wrong column.
    for fast, slow in (("bf16", "fp32"), ("fp16", "fp32"), ("tf32", "fp32"), ("fp8", "bf16")):
        if p.get(fast) and p.get(slow) and p.get(fast) < p.get(slow):  # type: ignore[operator]
            problems.append(f"{h.id}: peak_tflops.{fast} < peak_tflops.{slow}")
    if p.bf16 and p.fp16 and p.bf16 != p.fp16:
        problems.append(f"{h.id}: bf16 {p.bf16} != fp16 {p.fp16} (both FP32-accumulate rates)")
    return problems


def model_problems(m: Model) -> list[str]:
    problems = []
    if m.params is not None and m.params <= 0:
        problems.append(f"{m.id}: params must be positive")
    if m.active_params is not None and (m.params is None or m.active_params > m.params):
        problems.append(f"{m.id}: active_params exceeds params")
    if (m.training_flops is None) != (m.training_flops_kind is None):
        problems.append(f"{m.id}: training_flops and training_flops_kind go together")
    if (m.gpu_hours is None) != (m.gpu_hours_hardware is None):
        problems.append(f"{m.id}: gpu_hours and gpu_hours_hardware go together")
    if m.params is None and m.params_kind == "published":
        problems.append(f"{m.id}: params missing but params_kind is 'published'")
    if m.tokens is None and m.tokens_kind == "published":
        problems.append(f"{m.id}: tokens missing but tokens_kind is 'published'")
    if m.heads and m.kv_heads and (m.kv_heads > m.heads or m.heads % m.kv_heads):
        problems.append(f"{m.id}: kv_heads {m.kv_heads} does not divide heads {m.heads}")
    n, d = m.params_per_token, m.tokens
    if m.training_flops and m.training_flops_kind == "published" and n and d:
        ratio = m.training_flops / (TRAIN_FLOPS_PER_PARAM_PER_TOKEN * n * d)
        low, high = FLOPS_VS_6ND_RANGE
        if not low <= ratio <= high:
            problems.append(f"{m.id}: training_flops is {ratio:.2f}x 6ND (expected {low}-{high})")
    return problems


def shadowed_family_aliases(data: CatalogData) -> list[str]:
    """A family name that another row claims outright would never reach its default."""
    problems = []
    for table in (data.hardware, data.models):
        plain = {
            name_key(a): row.id for row in table.values() for a in (row.name, row.id, *row.aliases)
        }
        for row in table.values():
            for alias in row.family_aliases:
                owner = plain.get(name_key(alias))
                if owner is not None and owner != row.id:
                    problems.append(f"{row.id}: family alias {alias!r} is a plain alias of {owner}")
    return problems


def check(data: CatalogData) -> list[str]:
    """Every problem found in the loaded catalog (empty list: the catalog is sound)."""
    problems = list(data.problems)  # user rows or files that were skipped on load
    problems += alias_clashes(data)
    problems += shadowed_family_aliases(data)
    for h in data.hardware.values():
        problems += row_problems(h, data) + source_problems(h, data) + hardware_problems(h)
    for m in data.models.values():
        problems += row_problems(m, data) + source_problems(m, data) + model_problems(m)
    return problems


def check_files(files: list[Path] | None = None) -> tuple[CatalogData | None, list[str]]:
    """Load the data files and check them; a built-in file that does not load is a problem."""
    try:
        data = load_data(files)
    except CatalogDataError as exc:
        return None, exc.problems
    return data, check(data)
