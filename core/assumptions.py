"""Every assumption code the estimator can emit, with the names of the values it carries.

`core` states its conventions as codes plus values (no human language here); `bot`
words each code in English and Hindi. `CODES` is the registry the renderer tests
against, so every `Assumption` built in `core` goes through `make()`, which checks the
code and that the values are exactly the registered names.

Values that are a time are in seconds (`*_s`), memory in bytes (`*_bytes`), compute in
FLOP (`*_flops`), utilization and efficiency as fractions (0..1).
"""

from __future__ import annotations

from core.types import Assumption

# --- figures: where the model's numbers come from (first in the list when present) -------
OUTSIDE_ESTIMATE = "outside_estimate"  # compute is not the developer's figure (GPT-4)
PROXY_MODEL = "proxy_model"  # undisclosed model answered with a stand-in (GPT-3.5 → GPT-3)
ASSUMED_VARIANT = "assumed_variant"  # a family name resolved to its declared default row
PUBLISHED_COMPUTE = "published_compute"  # training compute as the developer published it
COMPUTE_FROM_6ND = "compute_from_6nd"  # C = 6·N·D (Kaplan 2020)
MOE_ACTIVE_PARAMS = "moe_active_params"  # compute / decode use active params (MoE)
TOKENS_UNDISCLOSED_CHINCHILLA = "tokens_undisclosed_chinchilla"  # D = 20·N assumed
PARAMS_UNDISCLOSED = "params_undisclosed"  # no size known: memory cannot be estimated
PUBLISHED_DEVICE_HOURS = "published_device_hours"  # the developer's GPU-hours
IMPLIED_UTILIZATION = "implied_utilization"  # MFU implied by published compute and hours

# --- compute side ------------------------------------------------------------------------
PRECISION_DEFAULT = "precision_default"  # no precision asked: this one used
PRECISION_UNAVAILABLE = "precision_unavailable"  # asked precision has no figure: fallback
FP32_ALSO_SHOWN = "fp32_also_shown"  # plain FP32 figure given beside the realistic one
UTILIZATION_DEFAULT = "utilization_default"  # no utilization asked: default MFU
UTILIZATION_ABOVE_MEASURED = "utilization_above_measured"  # asked MFU above real runs
TIME_RANGE = "time_range"  # time also given at a low..high MFU
YEAR_DAYS = "year_days"  # a year is 365 days, a month a twelfth of it
DURATION_DEFAULT = "duration_default"  # no duration asked: this one used (headlines)
NO_DURATION = "no_duration"  # can_train asked without a duration: time reported instead
LINEAR_SCALING = "linear_scaling"  # several devices: ideal scaling at the same MFU
DEVICES_BOUND_BY_MEMORY = "devices_bound_by_memory"  # memory needs more devices than compute
PF_DAY = "pf_day"  # 1 PF/s-day = 8.64e19 FLOP
COMPARE_PRECISION = "compare_precision"  # compare: one precision class for every device
COMPARE_OWN_PRECISION = "compare_own_precision"  # compare: no shared class; each its own
COMPARE_HOLDERS_FIRST = "compare_holders_first"  # inference compare: holders ranked first

# --- memory side ---------------------------------------------------------------------------
TASK_DEFAULT = "task_default"  # no task named: this one used
TRAINING_MEMORY_ADAM = "training_memory_adam"  # 16 B/param + activations (ZeRO)
MEMORY_SHARDING = "memory_sharding"  # how the state is split across devices
LORA_MEMORY = "lora_memory"  # frozen 16-bit base + adapters with Adam
QLORA_MEMORY = "qlora_memory"  # NF4 base with double-quantized constants + adapters
INFERENCE_WEIGHTS = "inference_weights"  # bytes per parameter at the precision
KV_CACHE = "kv_cache"  # 2·layers·kv_heads·head_dim·bytes·tokens
RUNTIME_OVERHEAD = "runtime_overhead"  # inference memory beyond weights and KV
MOE_ALL_EXPERTS_IN_MEMORY = "moe_all_experts_in_memory"  # every expert held in memory
ACTIVATIONS_OMITTED = "activations_omitted"  # no architecture figures: activations left out
KV_CACHE_OMITTED = "kv_cache_omitted"  # no architecture figures: KV cache left out
ADAPTERS_OMITTED = "adapters_omitted"  # no architecture figures: LoRA adapters left out
MEMORY_OPTIONS = "memory_options"  # no device named: set against the reference devices

# --- speed ---------------------------------------------------------------------------------
DECODE_EFFICIENCY = "decode_efficiency"  # fraction of peak bandwidth decode reaches
PREFILL_COMPUTE = "prefill_compute"  # prefill at 2·N FLOP/token at this peak and MFU
PREFILL_OMITTED = "prefill_omitted"  # no compute peak: prefill left out, decode by bandwidth

# --- planning ------------------------------------------------------------------------------
CHINCHILLA_OPTIMAL = "chinchilla_optimal"  # D = 20·N, C = 6·N·D
LARGEST_TRAINABLE_MEMORY = "largest_trainable_memory"  # max N = memory / bytes per param
LARGEST_BY_MEMORY = "largest_by_memory"  # a task's max N = memory / its bytes per param
LARGEST_NO_DURATION = "largest_no_duration"  # pre-training with no time: memory alone binds
FITTING_MODELS = "fitting_models"  # catalog models checked with their whole memory

# --- energy and money ----------------------------------------------------------------------
BOARD_POWER = "board_power"  # energy = board power × devices × time
PUE = "pue"  # data-centre overhead multiplier applied to energy
ELECTRICITY_PRICE = "electricity_price"  # the asked price per kWh and its currency
ELECTRICITY_PRICE_DEFAULT = "electricity_price_default"  # none asked: the default price
PRICE_DEFAULT_CURRENCY = "price_default_currency"  # currency named, no price in it
CLOUD_PRICE = "cloud_price"  # price per device-hour and currency used

# --- missing figures -----------------------------------------------------------------------
FIGURE_UNPUBLISHED = "figure_unpublished"  # a hardware figure the catalog lacks

CODES: dict[str, tuple[str, ...]] = {
    OUTSIDE_ESTIMATE: ("model",),
    PROXY_MODEL: ("model", "proxy"),
    ASSUMED_VARIANT: ("kind", "variant"),  # kind: "hardware" | "model"; variant: row name
    PUBLISHED_COMPUTE: ("model", "flops"),
    COMPUTE_FROM_6ND: ("params", "tokens"),
    MOE_ACTIVE_PARAMS: ("active_params", "total_params"),
    TOKENS_UNDISCLOSED_CHINCHILLA: ("tokens_per_param", "tokens"),
    PARAMS_UNDISCLOSED: ("model",),
    PUBLISHED_DEVICE_HOURS: ("model", "device_hours", "hardware"),
    IMPLIED_UTILIZATION: ("utilization", "precision"),
    PRECISION_DEFAULT: ("precision",),
    PRECISION_UNAVAILABLE: ("asked", "used"),
    FP32_ALSO_SHOWN: (),
    UTILIZATION_DEFAULT: ("utilization", "low", "high"),  # low/high: reported MFU of runs
    UTILIZATION_ABOVE_MEASURED: (
        "utilization",
        "realistic",
        "reported_high",
        "matmul_ceiling",
        "realistic_time_s",  # None when there is no compute requirement
        "realistic_fraction",  # None when no duration was asked
    ),
    TIME_RANGE: ("low", "high"),
    YEAR_DAYS: ("days",),
    DURATION_DEFAULT: ("days",),
    NO_DURATION: (),
    LINEAR_SCALING: ("devices",),
    DEVICES_BOUND_BY_MEMORY: ("compute_devices", "memory_devices"),
    PF_DAY: ("flops",),
    COMPARE_PRECISION: ("precision",),
    COMPARE_OWN_PRECISION: (),
    COMPARE_HOLDERS_FIRST: (),
    TASK_DEFAULT: ("task",),
    TRAINING_MEMORY_ADAM: ("bytes_per_param", "batch", "seq_len", "checkpointing"),
    # scheme: "zero3" | "tensor_parallel"; devices: the fewest that hold it; asked: the asked
    # count when it holds it (all of them share the state), None when it does not
    MEMORY_SHARDING: ("scheme", "devices", "asked"),
    LORA_MEMORY: ("rank", "adapter_params", "targets", "batch", "seq_len"),
    QLORA_MEMORY: ("bits_per_param", "block_size", "rank", "adapter_params", "batch", "seq_len"),
    INFERENCE_WEIGHTS: ("precision", "bytes_per_param"),
    KV_CACHE: ("context", "batch", "layers", "kv_heads", "head_dim", "bytes_per_value"),
    RUNTIME_OVERHEAD: ("fraction",),
    MOE_ALL_EXPERTS_IN_MEMORY: ("total_params", "active_params"),
    ACTIVATIONS_OMITTED: (),
    KV_CACHE_OMITTED: (),
    ADAPTERS_OMITTED: (),
    MEMORY_OPTIONS: ("scheme",),  # how several devices would share it
    DECODE_EFFICIENCY: ("efficiency",),
    PREFILL_COMPUTE: ("precision", "utilization"),
    PREFILL_OMITTED: ("hardware",),
    CHINCHILLA_OPTIMAL: ("tokens_per_param",),
    LARGEST_TRAINABLE_MEMORY: ("bytes_per_param",),
    LARGEST_BY_MEMORY: ("task", "precision", "bytes_per_param"),
    LARGEST_NO_DURATION: (),
    FITTING_MODELS: ("batch", "context"),  # context: training sequence or inference context
    BOARD_POWER: ("power_w", "devices"),
    PUE: ("pue",),
    ELECTRICITY_PRICE: ("price_per_kwh", "currency"),
    ELECTRICITY_PRICE_DEFAULT: ("price_per_kwh", "currency"),
    PRICE_DEFAULT_CURRENCY: ("asked_currency", "currency"),
    CLOUD_PRICE: ("price_per_device_hour", "currency"),
    FIGURE_UNPUBLISHED: ("hardware", "figure"),  # figure: "bandwidth" | "power" | "peak"
}

# Codes that change what the numbers mean; the reply says them in its first lines.
LEADING: tuple[str, ...] = (OUTSIDE_ESTIMATE, PROXY_MODEL, ASSUMED_VARIANT)

Value = float | int | str | None


def make(code: str, sources: list[str] | tuple[str, ...] = (), **values: Value) -> Assumption:
    """Build an `Assumption`, checking `code` is registered and `values` match its names."""
    if code not in CODES:
        raise ValueError(f"Unknown assumption code: {code}")
    if set(values) != set(CODES[code]):
        raise ValueError(f"{code} carries {CODES[code]}, got {tuple(values)}")
    ordered = {name: values[name] for name in CODES[code]}
    return Assumption(code=code, values=ordered, sources=list(sources))
