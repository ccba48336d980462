"""Domain types shared by every layer.

Catalog rows (`Hardware`, `Model`, `Source`) describe the world; `Query` is what a
question asks; `Estimate` is what `core.estimate` answers. No text meant for people
lives here: assumptions are codes with values, and the bot words them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Precision = Literal["fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4"]
PRECISIONS: tuple[str, ...] = ("fp32", "tf32", "bf16", "fp16", "fp8", "int8", "int4")
Intent = Literal[
    "can_train",
    "time_to_train",
    "devices_needed",
    "training_compute",
    "fits",
    "inference_speed",
    "largest_trainable",
    "cost",
    "compare",
    "hardware_info",
    "model_info",
]
INTENTS: tuple[str, ...] = Intent.__args__  # type: ignore[attr-defined]
Task = Literal["pretrain", "finetune", "lora", "qlora", "inference"]
TASKS: tuple[str, ...] = Task.__args__  # type: ignore[attr-defined]
HardwareKind = Literal["consumer", "workstation", "datacenter", "tpu", "apple"]
FigureKind = Literal["published", "outside_estimate", "undisclosed", "derived"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- catalog rows -----------------------------------------------------------------------


class Source(_Frozen):
    """One row of the sources table: where a figure can be checked."""

    key: str
    title: str
    authors: str | None = None  # authors or publisher
    year: int | None = None
    url: str | None = None
    where: str | None = None  # table, section or page inside the source


class Peaks(_Frozen):
    """Dense peak throughput per precision in TFLOPS (TOPS for int8); None = unsupported.

    fp32 is the plain (non-tensor) shader rate; tf32/bf16/fp16/fp8 are tensor rates with
    FP32 accumulate (the rate mixed-precision training gets; on GeForce cards this is
    half the FP16-accumulate marketing figure). Never the 2:4 sparse figure.
    """

    fp32: float | None = None
    tf32: float | None = None
    bf16: float | None = None
    fp16: float | None = None
    fp8: float | None = None
    int8: float | None = None

    def get(self, precision: str) -> float | None:
        return getattr(self, precision, None)


class Hardware(_Frozen):
    """One accelerator (one device as software sees it)."""

    id: str
    name: str
    vendor: str
    kind: HardwareKind
    year: int | None = None
    memory_gb: float  # decimal GB (1e9 bytes) unless noted in the row
    bandwidth_gbs: float | None = None  # GB/s
    power_w: float | None = None  # board power / TDP / TGP as published
    peak_tflops: Peaks
    aliases: tuple[str, ...] = ()
    family_aliases: tuple[str, ...] = ()  # names that pick this row as a family's default
    # One of the common devices a memory figure is set against when a question names none
    # ("how much VRAM does Llama 2 70B need?" → how many of each would hold it).
    reference: bool = False
    source: str  # key of the row-level source
    field_sources: dict[str, str] = Field(default_factory=dict)  # "peak_tflops.bf16" -> key
    notes: str | None = None

    @property
    def memory_bytes(self) -> float:
        return self.memory_gb * 1e9

    def source_of(self, field: str) -> str:
        """The source key for one field (per-field override, else the row's source)."""
        return self.field_sources.get(field, self.source)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.source, *self.field_sources.values()]))


class Model(_Frozen):
    """One trained model as published (or as far as it was)."""

    id: str
    name: str
    family: str | None = None
    year: int | None = None
    architecture: Literal["decoder", "encoder", "encoder-decoder"] = "decoder"
    params: float | None = None  # total parameters; None = undisclosed
    active_params: float | None = None  # per token, MoE only; None = dense (= params)
    params_kind: FigureKind = "published"
    tokens: float | None = None  # training tokens; None = undisclosed
    tokens_kind: FigureKind = "published"
    training_flops: float | None = None
    training_flops_kind: Literal["published", "outside_estimate"] | None = None
    gpu_hours: float | None = None
    gpu_hours_hardware: str | None = None  # hardware id the hours were on
    layers: int | None = None
    hidden_size: int | None = None
    heads: int | None = None
    kv_heads: int | None = None
    vocab: int | None = None
    context: int | None = None
    proxy: str | None = None  # id of the model used in its place when figures are undisclosed
    aliases: tuple[str, ...] = ()
    family_aliases: tuple[str, ...] = ()
    source: str
    field_sources: dict[str, str] = Field(default_factory=dict)
    notes: str | None = None

    @property
    def params_per_token(self) -> float | None:
        """Parameters each token passes through: active for MoE, total otherwise."""
        return self.active_params or self.params

    def source_of(self, field: str) -> str:
        return self.field_sources.get(field, self.source)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([self.source, *self.field_sources.values()]))


# --- the question -----------------------------------------------------------------------


class HardwareRef(BaseModel):
    id: str
    name: str
    count: int = 1
    assumed_variant: bool = False  # a family name was resolved to its declared default


class ModelRef(BaseModel):
    id: str | None = None  # None: a model named by size only ("a 7B model")
    name: str
    params: float | None = None
    active_params: float | None = None
    assumed_variant: bool = False


class Query(BaseModel):
    """What a question asks, in the contract's shape (`canitrain ask --json`)."""

    intent: Intent | None = None
    task: Task | None = None
    hardware: HardwareRef | None = None
    compare_with: list[HardwareRef] = Field(default_factory=list)
    model: ModelRef | None = None
    tokens: float | None = None
    duration_s: float | None = None
    utilization: float | None = None  # 0..1, as asked
    precision: Precision | None = None
    # Not in the contract's required fields, but askable:
    batch: int | None = None
    context: int | None = None  # sequence length / KV context
    price_per_kwh: float | None = None  # currency units per kWh
    price_per_device_hour: float | None = None
    currency: str | None = None  # ISO 4217 code of the prices asked ("INR" for ₹), if named


# --- the answer -------------------------------------------------------------------------


class Assumption(BaseModel):
    """A stated convention or caveat: a code the bot words, plus the values it quotes."""

    code: str
    values: dict[str, float | int | str | None] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)


class MemoryVerdict(BaseModel):
    """The memory a task needs and, when a device was named, whether it holds it.

    With no device named, only `required_bytes` and `breakdown` are set: `available_bytes`,
    `fits` and `devices_to_fit` stay None (the devices it would take are in
    `Estimate.memory_options`).
    """

    task: Task
    precision: str
    required_bytes: float
    available_bytes: float | None = None  # on all the asked devices together
    fits: bool | None = None
    devices_to_fit: int | None = None
    breakdown: dict[str, float] = Field(default_factory=dict)  # part -> bytes


class MemoryOption(BaseModel):
    """One reference device and how many of it would hold the task's memory."""

    hardware_id: str
    memory_bytes: float  # one device's memory
    devices_to_fit: int


class ModelFit(BaseModel):
    """A catalog model whose whole memory for the task fits on the asked devices."""

    model_id: str
    params: float  # total parameters
    required_bytes: float


class LargestTrainable(BaseModel):
    """The largest model the asked devices allow.

    Pre-training with a duration: the smaller of the compute-optimal size and the memory
    bound. Otherwise (fine-tuning, LoRA, QLoRA, inference, or pre-training with no time
    given) memory alone binds: `compute_optimal_params` is None, and `tokens` is the
    compute-optimal token count for pre-training, None for the other tasks.
    """

    params: float
    tokens: float | None
    bound_by: Literal["compute", "memory"]
    compute_optimal_params: float | None  # what the compute alone would allow
    memory_max_params: float  # what the memory alone would allow
    task: Task = "pretrain"


class DeviceResult(BaseModel):
    """One device's row in a comparison.

    A training or peak comparison sets `precision_used` to the compute precision and
    `peak_flops` to the device's peak there (both None when the device has no published
    peak: the row is then not ranked). An inference comparison sets `precision_used` to the
    weights' precision and ranks by `tokens_per_second`, decoded on `speed_devices`
    devices: the asked count when they hold the model, else the fewest that would.
    """

    hardware_id: str
    count: int
    precision_used: str | None = None
    peak_flops: float | None = None  # per device, FLOP/s
    compute_available_flops: float | None = None
    time_needed_s: float | None = None
    tokens_per_second: float | None = None
    speed_devices: int | None = None
    memory_fits: bool | None = None
    devices_to_fit: int | None = None
    # How many times the best row's figure this row's is (1.0 for the best; > 1 is worse),
    # on the metric named by Estimate.compare_metric. None for a row that is not ranked
    # against the first: no figure for the metric, or (inference) it does not hold the
    # model while the first does.
    ratio_to_best: float | None = None


class FewestDevicesRun(BaseModel):
    """A training job on the fewest devices that hold its memory, when the asked ones do
    not: its time, and (cost) its energy and money at the same prices."""

    devices: int
    time_needed_s: float | None = None
    energy_kwh: float | None = None
    energy_cost: float | None = None
    cloud_cost: float | None = None


class Estimate(BaseModel):
    """The numbers for one query, in the contract's `result` shape plus extras."""

    verdict: Literal["yes", "no"] | None = None
    precision_used: str | None = None
    utilization_used: float | None = None
    compute_required_flops: float | None = None
    compute_required_kind: Literal["published", "outside_estimate", "6ND", "proxy"] | None = None
    compute_available_flops: float | None = None
    available_by_precision: dict[str, float] = Field(default_factory=dict)
    fraction_of_required: float | None = None
    shortfall_factor: float | None = None
    time_needed_s: float | None = None
    time_range_s: tuple[float, float] | None = None  # at the low and high realistic MFU
    devices_needed: int | None = None
    memory: MemoryVerdict | None = None
    tokens_per_second: float | None = None
    prefill_tokens_per_second: float | None = None
    decode_bound: Literal["memory_bandwidth", "compute"] | None = None
    # Devices the speed figures assume: the asked count when they hold the model, else the
    # fewest that would (the reply says so in its headline).
    speed_devices: int | None = None
    decode_bytes_per_token: float | None = None  # weights + KV cache read per token, all devices
    energy_kwh: float | None = None
    energy_cost: float | None = None
    energy_currency: str | None = None  # ISO 4217 code of energy_cost
    cloud_cost: float | None = None
    cloud_currency: str | None = None  # ISO 4217 code of cloud_cost
    # The job does not fit on the asked devices: the same job on the fewest that hold it.
    fewest_devices_run: FewestDevicesRun | None = None
    pf_days: float | None = None
    device_hours: float | None = None
    published_device_hours: float | None = None  # the developer's own figure, when published
    largest_trainable: LargestTrainable | None = None
    compare: list[DeviceResult] = Field(default_factory=list)
    # No device named (fits): how many of each reference device would hold the memory.
    memory_options: list[MemoryOption] = Field(default_factory=list)
    # largest_trainable by memory: the largest catalog models that fit, largest first.
    fitting_models: list[ModelFit] = Field(default_factory=list)
    # Added by the estimator (core/estimate.py):
    compare_metric: Literal["time_needed_s", "tokens_per_second", "peak_flops"] | None = None
    time_by_precision: dict[str, float] = Field(default_factory=dict)  # seconds to train
    devices_for_compute: int | None = None  # devices the compute alone needs (devices_needed)
    implied_utilization: float | None = None  # MFU implied by published compute and hours
    duration_s: float | None = None  # the duration the figures are for (asked or default)
    assumptions: list[Assumption] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)  # source keys, in order of first use
