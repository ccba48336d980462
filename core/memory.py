"""Memory a task needs, in bytes, and the fewest devices that hold it.

- pretrain / finetune: mixed-precision Adam, 16 B/param (rajbhandari2020 §3.1) plus
  activations with per-layer checkpointing (korthikanti2022 §4), sharded ZeRO-3 style.
- lora: frozen 16-bit base + adapters trained with Adam + activations (hu2021).
- qlora: NF4 base + double-quantized constants (dettmers2023 §3) + adapters + activations.
- inference: weights at the precision + GQA-aware KV cache + runtime overhead
  (eleuther2023), split tensor-parallel.
A mixture of experts holds every expert, so memory always uses total parameters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from core import assumptions as A
from core import conventions as C
from core.conventions import Settings
from core.types import Assumption, Hardware, MemoryOption, MemoryVerdict, Model, Task

TRAINING_TASKS = ("pretrain", "finetune")


@dataclass(frozen=True)
class Arch:
    """The architecture figures memory needs; any may be unknown (model named by size)."""

    layers: int | None = None
    hidden: int | None = None
    heads: int | None = None
    kv_heads: int | None = None
    context: int | None = None

    @classmethod
    def of(cls, model: Model | None) -> Arch:
        if model is None:
            return cls()
        return cls(model.layers, model.hidden_size, model.heads, model.kv_heads, model.context)

    @property
    def known(self) -> bool:
        return None not in (self.layers, self.hidden, self.heads)

    @property
    def head_dim(self) -> int:
        assert self.hidden and self.heads, "head_dim needs hidden size and heads"
        return self.hidden // self.heads

    @property
    def kv_dim(self) -> int:
        """Width of K (or V) per layer: kv_heads·head_dim (GQA); all heads when unstated."""
        return (self.kv_heads or self.heads or 0) * self.head_dim


@dataclass
class MemoryNeed:
    """Bytes by part, plus the assumptions and sources behind them."""

    task: Task
    precision: str
    breakdown: dict[str, float]
    assumptions: list[Assumption] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def required_bytes(self) -> float:
        return sum(self.breakdown.values())


def activation_bytes(arch: Arch, batch: int, seq_len: int) -> float:
    """Activations with full per-layer recomputation (korthikanti2022 §4, Eq. 1).

    Kept: each layer's input, 2·s·b·h bytes per layer. Plus the one layer being
    recomputed during the backward pass: s·b·h·(34 + 5·a·s/h) bytes.
    """
    assert arch.known, "activations need layers, hidden size and heads"
    L, h, a, s, b = arch.layers, arch.hidden, arch.heads, seq_len, batch  # noqa: N806
    assert L is not None and h is not None and a is not None
    kept_bytes = C.CHECKPOINT_BYTES_PER_TOKEN_HIDDEN_PER_LAYER * s * b * h * L
    per_layer_bytes = (
        s * b * h * (C.LAYER_ACTIVATION_BYTES_PER_TOKEN_HIDDEN
                     + C.ATTENTION_SCORE_BYTES_PER_HEAD_TOKEN2 * a * s / h)
    )  # fmt: skip
    return kept_bytes + per_layer_bytes


def kv_cache_bytes(arch: Arch, context: int, batch: int, bytes_per_value: float) -> float:
    """KV cache: 2 (K and V) · layers · kv_heads · head_dim · bytes · tokens (GQA-aware)."""
    assert arch.known, "the KV cache needs layers, hidden size and heads"
    assert arch.layers is not None
    per_token_bytes = C.KV_TENSORS_PER_LAYER * arch.layers * arch.kv_dim * bytes_per_value
    return per_token_bytes * context * batch


def lora_adapter_params(arch: Arch, rank: int) -> float:
    """LoRA parameters on q, k, v, o: each d_in×d_out projection gets r·(d_in + d_out)."""
    assert arch.known and arch.layers is not None and arch.hidden is not None
    h, kv = arch.hidden, arch.kv_dim
    per_layer = rank * ((h + h) + (h + kv) + (h + kv) + (h + h))  # q, k, v, o
    return arch.layers * per_layer


def devices_to_fit(required_bytes: float, device_bytes: float) -> int:
    """Fewest devices whose memory together holds `required_bytes` (state fully sharded)."""
    return max(1, math.ceil(required_bytes / device_bytes - 1e-9))


def verdict(need: MemoryNeed, hardware: Hardware, count: int) -> MemoryVerdict:
    """Fits or not on `count` devices, and the fewest devices that would hold it."""
    available_bytes = hardware.memory_bytes * count
    return MemoryVerdict(
        task=need.task,
        precision=need.precision,
        required_bytes=need.required_bytes,
        available_bytes=available_bytes,
        fits=need.required_bytes <= available_bytes,
        devices_to_fit=devices_to_fit(need.required_bytes, hardware.memory_bytes),
        breakdown=dict(need.breakdown),
    )


def requirement(need: MemoryNeed) -> MemoryVerdict:
    """The memory alone, with no device to hold it: the verdict's device fields stay None."""
    return MemoryVerdict(
        task=need.task,
        precision=need.precision,
        required_bytes=need.required_bytes,
        breakdown=dict(need.breakdown),
    )


def options(required_bytes: float, devices: Sequence[Hardware]) -> list[MemoryOption]:
    """How many of each device would hold `required_bytes`; smallest device first."""
    rows = [
        MemoryOption(
            hardware_id=hw.id,
            memory_bytes=hw.memory_bytes,
            devices_to_fit=devices_to_fit(required_bytes, hw.memory_bytes),
        )
        for hw in devices
    ]
    return sorted(rows, key=lambda o: (o.memory_bytes, o.hardware_id))


def sharding_scheme(task: str) -> str:
    """How a state too big for one device is split: tensor parallel to run, ZeRO-3 to train."""
    return "tensor_parallel" if task == "inference" else "zero3"


def bytes_per_param(task: str, precision: str, settings: Settings) -> float:
    """Memory per parameter that grows with the model alone, for `task`.

    Activations, LoRA adapters and the KV cache depend on the architecture, so they are not
    in it: `memory / bytes_per_param` is an upper bound on the parameter count.
    pretrain/finetune: 16 B (rajbhandari2020 §3.1); lora: the frozen 16-bit weights (2 B);
    qlora: NF4 + double-quantized constants (4.127 bits, dettmers2023 §3); inference: the
    weights at `precision` × (1 + runtime overhead) (eleuther2023).
    """
    if task in TRAINING_TASKS:
        return C.ADAM_MIXED_BYTES_PER_PARAM
    if task == "lora":
        return C.LORA_FROZEN_BYTES_PER_PARAM
    if task == "qlora":
        return (C.NF4_BITS_PER_PARAM + C.NF4_CONSTANTS_BITS_PER_PARAM) / 8
    if task == "inference":
        return C.WEIGHT_BYTES_PER_PARAM[precision] * (1 + settings.inference_overhead)
    raise ValueError(f"Unknown task: {task}")


def _train_shape(arch: Arch, settings: Settings, batch: int | None, seq: int | None) -> tuple:
    batch_ = batch or settings.train_batch
    seq_ = seq or min(settings.train_seq_len, arch.context or settings.train_seq_len)
    return batch_, seq_


def _activations(need: MemoryNeed, arch: Arch, batch: int, seq_len: int) -> None:
    if arch.known:
        need.breakdown["activations"] = activation_bytes(arch, batch, seq_len)
        need.sources.append(C.SRC_ACTIVATIONS)
    else:
        need.assumptions.append(A.make(A.ACTIVATIONS_OMITTED))


def training_need(
    params: float,
    arch: Arch,
    settings: Settings,
    *,
    task: Literal["pretrain", "finetune"] = "pretrain",
    batch: int | None = None,
    seq_len: int | None = None,
) -> MemoryNeed:
    """Pretrain or full fine-tune: 16 B/param (weights, gradients, Adam) + activations."""
    b, s = _train_shape(arch, settings, batch, seq_len)
    parts = {k: v * params for k, v in C.ADAM_MIXED_PARTS_BYTES_PER_PARAM.items()}
    need = MemoryNeed(task, "bf16", parts, sources=[C.SRC_ADAM])
    need.assumptions.append(
        A.make(
            A.TRAINING_MEMORY_ADAM,
            [C.SRC_ADAM, C.SRC_ACTIVATIONS],
            bytes_per_param=C.ADAM_MIXED_BYTES_PER_PARAM,
            batch=b,
            seq_len=s,
            checkpointing=C.CHECKPOINTING,
        )
    )
    _activations(need, arch, b, s)
    return need


def _adapters(need: MemoryNeed, arch: Arch, rank: int) -> float | None:
    if not arch.known:
        need.assumptions.append(A.make(A.ADAPTERS_OMITTED))
        return None
    adapter_params = lora_adapter_params(arch, rank)
    need.breakdown["adapters"] = adapter_params * C.LORA_ADAPTER_BYTES_PER_PARAM
    return adapter_params


def lora_need(
    params: float, arch: Arch, settings: Settings, *, batch: int | None = None,
    seq_len: int | None = None,
) -> MemoryNeed:  # fmt: skip
    """LoRA: frozen 16-bit weights + adapters (weights, grads, Adam: 16 B) + activations."""
    b, s = _train_shape(arch, settings, batch, seq_len)
    frozen_bytes = params * C.LORA_FROZEN_BYTES_PER_PARAM
    need = MemoryNeed("lora", "bf16", {"frozen_weights": frozen_bytes}, sources=[C.SRC_LORA])
    adapter_params = _adapters(need, arch, settings.lora_rank)
    need.assumptions.append(
        A.make(
            A.LORA_MEMORY,
            [C.SRC_LORA, C.SRC_ACTIVATIONS],
            rank=settings.lora_rank,
            adapter_params=adapter_params,
            targets=C.LORA_TARGETS,
            batch=b,
            seq_len=s,
        )
    )
    _activations(need, arch, b, s)
    return need


def qlora_need(
    params: float, arch: Arch, settings: Settings, *, batch: int | None = None,
    seq_len: int | None = None,
) -> MemoryNeed:  # fmt: skip
    """QLoRA: NF4 base (4 bits) + double-quantized constants (0.127 bit) + adapters + acts."""
    b, s = _train_shape(arch, settings, batch, seq_len)
    parts = {
        "frozen_weights": params * C.NF4_BITS_PER_PARAM / 8,
        "quantization_constants": params * C.NF4_CONSTANTS_BITS_PER_PARAM / 8,
    }
    need = MemoryNeed("qlora", "nf4", parts, sources=[C.SRC_QLORA])
    adapter_params = _adapters(need, arch, settings.lora_rank)
    need.assumptions.append(
        A.make(
            A.QLORA_MEMORY,
            [C.SRC_QLORA, C.SRC_ACTIVATIONS],
            bits_per_param=C.NF4_BITS_PER_PARAM + C.NF4_CONSTANTS_BITS_PER_PARAM,
            block_size=C.NF4_BLOCK_SIZE,
            rank=settings.lora_rank,
            adapter_params=adapter_params,
            batch=b,
            seq_len=s,
        )
    )
    _activations(need, arch, b, s)
    return need


def inference_context(arch: Arch, settings: Settings, asked: int | None) -> int:
    """Tokens of context held: as asked, else the default capped at the model's context."""
    if asked is not None:
        return asked
    return min(settings.inference_context, arch.context or settings.inference_context)


def inference_need(
    params: float,
    arch: Arch,
    settings: Settings,
    *,
    precision: str,
    context: int | None = None,
    batch: int | None = None,
) -> MemoryNeed:
    """Inference: weights at the precision + KV cache + runtime overhead (× weights)."""
    bytes_per_param = C.WEIGHT_BYTES_PER_PARAM[precision]
    weights_bytes = params * bytes_per_param
    need = MemoryNeed("inference", precision, {"weights": weights_bytes})
    need.assumptions.append(
        A.make(A.INFERENCE_WEIGHTS, precision=precision, bytes_per_param=bytes_per_param)
    )
    ctx, b = inference_context(arch, settings, context), batch or settings.inference_batch
    if arch.known:
        need.breakdown["kv_cache"] = kv_cache_bytes(arch, ctx, b, C.KV_BYTES_PER_VALUE)
        need.assumptions.append(
            A.make(
                A.KV_CACHE,
                context=ctx,
                batch=b,
                layers=arch.layers,
                kv_heads=arch.kv_heads or arch.heads,
                head_dim=arch.head_dim,
                bytes_per_value=C.KV_BYTES_PER_VALUE,
            )
        )
    else:
        need.assumptions.append(A.make(A.KV_CACHE_OMITTED))
    need.breakdown["overhead"] = weights_bytes * settings.inference_overhead
    need.assumptions.append(
        A.make(A.RUNTIME_OVERHEAD, [C.SRC_INFERENCE_OVERHEAD], fraction=settings.inference_overhead)
    )
    need.sources.append(C.SRC_INFERENCE_OVERHEAD)
    return need


def task_need(
    task: str,
    params: float,
    params_per_token: float | None,
    arch: Arch,
    settings: Settings,
    *,
    precision: str,
    batch: int | None = None,
    seq_len: int | None = None,
) -> MemoryNeed:
    """Memory for `task`; `seq_len` is the training sequence or the inference context."""
    if task in TRAINING_TASKS:
        full: Literal["pretrain", "finetune"] = "finetune" if task == "finetune" else "pretrain"
        need = training_need(params, arch, settings, task=full, batch=batch, seq_len=seq_len)
    elif task == "lora":
        need = lora_need(params, arch, settings, batch=batch, seq_len=seq_len)
    elif task == "qlora":
        need = qlora_need(params, arch, settings, batch=batch, seq_len=seq_len)
    elif task == "inference":
        need = inference_need(
            params, arch, settings, precision=precision, context=seq_len, batch=batch
        )
    else:
        raise ValueError(f"Unknown task: {task}")
    if params_per_token is not None and params_per_token < params:
        need.assumptions.append(
            A.make(A.MOE_ALL_EXPERTS_IN_MEMORY, total_params=params, active_params=params_per_token)
        )
    return need


def sharding_assumption(task: str, memory: MemoryVerdict, count: int) -> Assumption | None:
    """How the state splits when it needs more than one device (ZeRO-3 or tensor parallel).

    `devices` is the fewest that hold it; `asked` is the asked `count` when that is enough
    (then all of them share the state), None when it is not.
    """
    if memory.devices_to_fit is None or memory.devices_to_fit <= 1:
        return None
    sources = [] if task == "inference" else [C.SRC_ADAM]
    return A.make(
        A.MEMORY_SHARDING,
        sources,
        scheme=sharding_scheme(task),
        devices=memory.devices_to_fit,
        asked=count if memory.fits else None,
    )
