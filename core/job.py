"""One estimate in progress: the resolved inputs plus the assumptions and sources used.

Intent handlers in `core.estimate` ask a `Job` for what they need (precision, MFU, the
compute requirement, a memory verdict); the job records every convention it applies as
an `Assumption`, and every source key it relies on, in order of first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from core import assumptions as A
from core import compute
from core import conventions as C
from core import memory as M
from core.conventions import Settings
from core.errors import MissingInput
from core.types import Assumption, Estimate, Hardware, MemoryVerdict, Model, Query


class Job:
    """The inputs of one `estimate()` call and the notes taken while answering it."""

    def __init__(
        self,
        query: Query,
        hardware: Hardware | None,
        model: Model | None,
        proxy: Model | None,
        settings: Settings,
        *,
        references: Sequence[Hardware] = (),
        candidates: Sequence[Model] = (),
    ) -> None:
        self.query, self.hardware, self.model, self.proxy = query, hardware, model, proxy
        self.settings = settings
        self.references = references  # devices to size a memory against when none is named
        self.candidates = candidates  # models a largest-model answer may name
        self.assumptions: list[Assumption] = []
        self.sources: list[str] = []

    # --- notes --------------------------------------------------------------------------
    def say(self, assumption: Assumption | None) -> None:
        """Record an assumption once (the same code with the same values is not repeated)."""
        if assumption is None:
            return
        key = (assumption.code, assumption.values)
        if any((a.code, a.values) == key for a in self.assumptions):
            return
        self.assumptions.append(assumption)
        self.cite(*assumption.sources)

    def cite(self, *keys: str) -> None:
        for key in keys:
            if key and key not in self.sources:
                self.sources.append(key)

    def finish(self, est: Estimate) -> Estimate:
        """Attach the notes: codes that change what the numbers mean come first."""
        rank = {code: i for i, code in enumerate(A.LEADING)}
        ordered = sorted(self.assumptions, key=lambda a: rank.get(a.code, len(rank)))
        est.assumptions = ordered
        est.sources = list(self.sources)
        return est

    def validate(self) -> None:
        """Refuse impossible figures (ValueError) before any arithmetic divides by them."""
        q = self.query
        positive = {
            "duration_s": q.duration_s,
            "tokens": q.tokens,
            "params": q.model.params if q.model else None,
            "active_params": q.model.active_params if q.model else None,
            "batch": q.batch,
            "context": q.context,
        }
        for name, value in positive.items():
            if value is not None and not value > 0:
                raise ValueError(f"{name} must be positive, got {value}")
        refs = [q.hardware, *q.compare_with]
        for ref in refs:
            if ref is not None and ref.count < 1:
                raise ValueError(f"Device count must be at least 1, got {ref.count}")

    # --- slots --------------------------------------------------------------------------
    @property
    def has_model(self) -> bool:
        return self.model is not None or self.proxy is not None or self.query.model is not None

    def require(self, *slots: str) -> None:
        """Raise MissingInput naming every absent slot among `slots`."""
        present = {
            "hardware": self.hardware is not None,
            "model": self.has_model,
            "duration": self.query.duration_s is not None,
        }
        missing = [s for s in slots if not present[s]]
        if missing:
            raise MissingInput(missing)

    @property
    def hw(self) -> Hardware:
        assert self.hardware is not None, "call require('hardware') first"
        return self.hardware

    @property
    def count(self) -> int:
        return self.query.hardware.count if self.query.hardware is not None else 1

    def note_variants(self) -> None:
        refs = [("hardware", self.query.hardware), ("model", self.query.model)]
        refs += [("hardware", ref) for ref in self.query.compare_with]
        for kind, ref in refs:
            if ref is not None and ref.assumed_variant:
                self.say(A.make(A.ASSUMED_VARIANT, kind=kind, variant=ref.name))

    # --- conventions ----------------------------------------------------------------------
    def task(self, default: str) -> str:
        if self.query.task is not None:
            return self.query.task
        self.say(A.make(A.TASK_DEFAULT, task=default))
        return default

    def utilization(self) -> float:
        """As asked (0 < u ≤ 1), else the default MFU with the reported range of real runs."""
        asked = self.query.utilization
        if asked is not None:
            if not 0 < asked <= 1:
                raise ValueError(f"Utilization must be in (0, 1], got {asked}")
            return asked
        self.say(
            A.make(
                A.UTILIZATION_DEFAULT,
                [C.SRC_MFU, C.SRC_MFU_LLAMA31],
                utilization=self.settings.utilization,
                low=C.MFU_REPORTED_LOW,
                high=C.MFU_REPORTED_HIGH,
            )
        )
        return self.settings.utilization

    def flag_utilization(
        self, used: float, realistic_time_s: float | None, realistic_fraction: float | None
    ) -> None:
        """An asked MFU above what real runs reach gets a line with the realistic figure."""
        if self.query.utilization is None or used <= C.UTILIZATION_FLAG_ABOVE:
            return
        self.say(
            A.make(
                A.UTILIZATION_ABOVE_MEASURED,
                [C.SRC_MFU, C.SRC_MATMUL_CEILING],
                utilization=used,
                realistic=self.settings.utilization,
                reported_high=C.MFU_REPORTED_HIGH,
                matmul_ceiling=C.MATMUL_CEILING,
                realistic_time_s=realistic_time_s,
                realistic_fraction=realistic_fraction,
            )
        )

    def precision(
        self, hardware: Hardware, *, order: tuple[str, ...] = C.TRAIN_PRECISION_ORDER,
        show_fp32: bool = False,
    ) -> tuple[str | None, float | None]:  # fmt: skip
        """Precision and per-device peak FLOP/s: as asked if the device has a figure for it,
        else the first of `order` it has (stated)."""
        asked = self.query.precision
        if asked is not None and compute.peak_flops(hardware, asked) is not None:
            self.cite(hardware.source_of(f"peak_tflops.{asked}"))
            return asked, compute.peak_flops(hardware, asked)
        used = compute.default_precision(hardware, order)
        if used is None:
            self.say(A.make(A.FIGURE_UNPUBLISHED, hardware=hardware.name, figure="peak"))
            return None, None
        if asked is not None:
            self.say(A.make(A.PRECISION_UNAVAILABLE, asked=asked, used=used))
        else:
            self.say(A.make(A.PRECISION_DEFAULT, precision=used))
            if show_fp32 and used != "fp32" and hardware.peak_tflops.fp32 is not None:
                self.say(A.make(A.FP32_ALSO_SHOWN))
        self.cite(hardware.source_of(f"peak_tflops.{used}"))
        return used, compute.peak_flops(hardware, used)

    def inference_precision(self) -> str:
        asked = self.query.precision
        if asked is not None:
            return asked
        self.say(A.make(A.PRECISION_DEFAULT, precision=C.INFERENCE_PRECISION_DEFAULT))
        return C.INFERENCE_PRECISION_DEFAULT

    def note_duration(self, seconds: float) -> None:
        """Durations in whole months or years rest on the 365-day year; say so."""
        months = seconds / C.MONTH_S
        if months >= 1 and abs(months - round(months)) < 1e-6:
            self.say(A.make(A.YEAR_DAYS, days=C.DAYS_PER_YEAR))

    def cite_peaks(self, hardware: Hardware, precisions: list[str]) -> None:
        self.cite(*(hardware.source_of(f"peak_tflops.{p}") for p in precisions))

    # --- the model ------------------------------------------------------------------------
    @cached_property
    def sizes(self) -> compute.Requirement:
        if not self.has_model:
            raise MissingInput(["model"])
        req = compute.model_sizes(self.query, self.model, self.proxy)
        self._absorb(req)
        return req

    def requirement(self, *, need_flops: bool = True) -> compute.Requirement:
        """Training compute for the query's model, with its assumptions recorded."""
        self.sizes  # noqa: B018  (records the proxy note before the compute notes)
        req = compute.training_requirement(
            self.query, self.model, self.proxy, need_flops=need_flops
        )
        self._absorb(req)
        return req

    def _absorb(self, req: compute.Requirement) -> None:
        for a in req.assumptions:
            self.say(a)
        self.cite(*req.sources)

    @property
    def model_name(self) -> str:
        row = self.model or self.proxy
        if row is not None:
            return row.name
        return self.query.model.name if self.query.model is not None else ""

    def memory_need(self, task: str, precision: str) -> M.MemoryNeed | None:
        """Memory the task needs for the query's model; None when its size is undisclosed."""
        sizes = self.sizes
        if sizes.params is None:
            self.say(A.make(A.PARAMS_UNDISCLOSED, model=self.model_name))
            return None
        need = M.task_need(
            task,
            sizes.params,
            sizes.params_per_token,
            M.Arch.of(sizes.row),
            self.settings,
            precision=precision,
            batch=self.query.batch,
            seq_len=self.query.context,
        )
        for a in need.assumptions:
            self.say(a)
        self.cite(*need.sources)
        return need

    def memory(self, task: str, precision: str) -> MemoryVerdict | None:
        """The memory verdict on the asked hardware and device count."""
        need = self.memory_need(task, precision)
        if need is None:
            return None
        verdict = M.verdict(need, self.hw, self.count)
        self.cite(self.hw.source_of("memory_gb"))
        self.say(M.sharding_assumption(task, verdict, self.count))
        return verdict
