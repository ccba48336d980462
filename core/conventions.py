"""Every default and coefficient the estimator uses, in one place, each with its source.

A reader auditing an answer should find each number here: the name carries the unit,
the comment gives the source key (see `knowledge/data/sources.toml`) and where in it.
`Settings` gathers the ones a user or deployment may change; its defaults come from the
constants below.

References:
- kaplan2020: https://arxiv.org/abs/2001.08361 (C = 6NBS, forward ≈ 2N FLOP/token)
- hoffmann2022: https://arxiv.org/abs/2203.15556 (Table 3: ≈20 tokens per parameter)
- rajbhandari2020: https://arxiv.org/abs/1910.02054 (§3.1: 16Ψ bytes for mixed-precision Adam)
- chowdhery2022: https://arxiv.org/abs/2204.02311 (Table 3: MFU 21.3%–46.2%; App. B)
- korthikanti2022: https://arxiv.org/abs/2205.05198 (§4 Eq. 1: activation bytes per layer;
  full activation recomputation keeps 2·s·b·h·L bytes)
- hu2021: https://arxiv.org/abs/2106.09685 (LoRA)
- dettmers2023: https://arxiv.org/abs/2305.14314 (QLoRA: NF4, block 64, double quantization)
- eleuther2023: https://blog.eleuther.ai/transformer-math/ (inference memory ≈ 1.2 × weights)
- databricks2023: https://www.databricks.com/blog/llm-inference-performance-engineering-best-practices
  (decode is memory-bandwidth bound; model bandwidth utilization, MBU)
- ml-engineering-accel: https://github.com/stas00/ml-engineering (compute/accelerator/README.md:
  Maximum Achievable Matmul FLOPS table)
- grattafiori2024: https://arxiv.org/abs/2407.21783 (Table 4: Llama 3.1 405B at 38–43% BF16 MFU)
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# --- time ----------------------------------------------------------------------------------
SECONDS_PER_HOUR = 3_600
SECONDS_PER_DAY = 86_400
DAYS_PER_YEAR = 365  # DESIGN.md convention; facts.md: 1 year = 3.1536e7 s
YEAR_S = DAYS_PER_YEAR * SECONDS_PER_DAY  # 31,536,000 s
MONTH_S = YEAR_S / 12  # DESIGN.md: a month is a twelfth of the year (30.42 days)
WEEK_S = 7 * SECONDS_PER_DAY
PF_DAY_FLOPS = 1e15 * SECONDS_PER_DAY  # 8.64e19 FLOP; brown2020 Table D.1 unit (PF/s-days)
JOULES_PER_KWH = 3.6e6

# --- training compute ----------------------------------------------------------------------
TRAIN_FLOPS_PER_PARAM_PER_TOKEN = 6  # kaplan2020 §2.1: C = 6NBS (forward 2N + backward 4N)
FORWARD_FLOPS_PER_PARAM_PER_TOKEN = 2  # kaplan2020 §2.1: forward pass ≈ 2N FLOP per token
CHINCHILLA_TOKENS_PER_PARAM = 20  # hoffmann2022 Table 3: 1B→20.2B, 10B→205.1B tokens (≈20)

# --- utilization (MFU) ---------------------------------------------------------------------
UTILIZATION_DEFAULT = 0.40  # within chowdhery2022 Table 3's 21.3–46.2%; Llama 3.1: 38–43%
MFU_REPORTED_LOW = 0.213  # chowdhery2022 Table 3: GPT-3 175B on V100 (PaLM's estimate)
MFU_REPORTED_HIGH = 0.462  # chowdhery2022 Table 3: PaLM 540B on TPU v4
UTILIZATION_RANGE_LOW = 0.30  # DESIGN.md's range for time_range_s: the band large runs land in
UTILIZATION_RANGE_HIGH = 0.50  # (chowdhery2022 Table 3 up to 46.2%; OPT and BLOOM ≈ 47–50%)
UTILIZATION_FLAG_ABOVE = UTILIZATION_RANGE_HIGH  # above this the reply says it is optimistic
MATMUL_CEILING = 0.869  # ml-engineering-accel MAMF table: best BF16 GEMM, A100 SXM 86.9%

# Precision for training when none is asked: the mixed-precision tensor rate (FP32
# accumulate), falling back to plain FP32 where the device has no tensor figure (DESIGN.md).
TRAIN_PRECISION_ORDER: tuple[str, ...] = ("bf16", "fp16", "fp32")
# Precisions a comparison may share, most realistic first (like for like across devices).
COMPARE_PRECISION_ORDER: tuple[str, ...] = ("bf16", "fp16", "tf32", "fp32")

# --- memory: training ----------------------------------------------------------------------
# rajbhandari2020 §3.1: "2Ψ + 2Ψ + KΨ = 16Ψ bytes" with K = 12 for mixed-precision Adam
# (fp32 master weights, momentum and variance); activations are not included.
ADAM_MIXED_PARTS_BYTES_PER_PARAM: dict[str, float] = {
    "weights": 2,  # fp16/bf16 parameters
    "gradients": 2,  # fp16/bf16 gradients
    "optimizer_states": 12,  # fp32 copy + Adam momentum + variance
}
ADAM_MIXED_BYTES_PER_PARAM = sum(ADAM_MIXED_PARTS_BYTES_PER_PARAM.values())  # 16
TRAIN_MICRO_BATCH = 1  # stated convention: the smallest batch, so memory is a lower bound
TRAIN_SEQ_LEN_TOKENS = 2048  # stated convention (GPT-3's context, brown2020 Table 2.1)
ACTIVATION_BYTES_PER_VALUE = 2  # korthikanti2022 §4: activations stored in 16-bit
# korthikanti2022 §4 Eq. (1): one layer stores s·b·h·(34 + 5·a·s/h) bytes of activations.
LAYER_ACTIVATION_BYTES_PER_TOKEN_HIDDEN = 34
ATTENTION_SCORE_BYTES_PER_HEAD_TOKEN2 = 5
# korthikanti2022 (full activation recomputation): only each layer's input is kept, 2·s·b·h
# bytes per layer, 2·s·b·h·L in all (the one layer being recomputed adds Eq. (1) once).
CHECKPOINT_BYTES_PER_TOKEN_HIDDEN_PER_LAYER = 2
CHECKPOINTING = "per_layer"  # full activation recomputation at layer boundaries

# --- memory: LoRA and QLoRA ----------------------------------------------------------------
LORA_RANK = 16  # stated convention; hu2021 uses ranks 1–64 on attention projections
LORA_TARGETS = "q,k,v,o"  # hu2021 §4.2/§7.1 adapts the attention projection matrices
LORA_FROZEN_BYTES_PER_PARAM = 2  # frozen base kept in 16-bit (hu2021; dettmers2023 §2)
LORA_ADAPTER_BYTES_PER_PARAM = ADAM_MIXED_BYTES_PER_PARAM  # adapters train like any weight
NF4_BITS_PER_PARAM = 4  # dettmers2023 §3: 4-bit NormalFloat base weights
NF4_BLOCK_SIZE = 64  # dettmers2023 §3: blocksize 64 for the weights' quantization constants
# dettmers2023 §3 Double Quantization: 8/64 + 32/(64·256) = 0.127 bits per parameter.
NF4_CONSTANTS_BITS_PER_PARAM = 8 / 64 + 32 / (64 * 256)

# --- memory: inference ---------------------------------------------------------------------
WEIGHT_BYTES_PER_PARAM: dict[str, float] = {
    "fp32": 4,
    "tf32": 4,  # TF32 is a math mode; the weights are stored as FP32
    "bf16": 2,
    "fp16": 2,
    "fp8": 1,
    "int8": 1,
    "int4": 0.5,  # facts.md §3a: 4-bit ≈ 0.5 byte/param (plus small quantization constants)
}
INFERENCE_PRECISION_DEFAULT = "bf16"  # models are published in 16-bit; served as such
INFERENCE_CONTEXT_TOKENS = 4096  # stated convention, capped at the model's own context
INFERENCE_BATCH = 1  # a single stream
KV_BYTES_PER_VALUE = 2  # KV cache kept in 16-bit even when weights are quantized
KV_TENSORS_PER_LAYER = 2  # one K and one V per layer (GQA: kv_heads of them, not heads)
INFERENCE_OVERHEAD_FRACTION = 0.20  # eleuther2023: total inference memory ≈ 1.2 × weights

# --- speed ---------------------------------------------------------------------------------
# databricks2023: single-stream decode is memory-bandwidth bound; real stacks reach part of
# the peak bandwidth (MBU). 0.6 is this project's stated convention within what they report.
DECODE_EFFICIENCY = 0.6
PREFILL_UTILIZATION = UTILIZATION_DEFAULT  # prefill is a large matmul, like training

# --- energy and money ----------------------------------------------------------------------
PUE_DEFAULT = 1.0  # board power only: no cooling or facility overhead unless configured
ELECTRICITY_PRICE_PER_KWH = 0.15  # an illustrative round price, always stated; configurable
CURRENCY = "USD"

# --- source keys each convention rests on (added to Estimate.sources when used) -----------
SRC_6ND = "kaplan2020"
SRC_CHINCHILLA = "hoffmann2022"
SRC_ADAM = "rajbhandari2020"
SRC_MFU = "chowdhery2022"
SRC_MFU_LLAMA31 = "grattafiori2024"
SRC_ACTIVATIONS = "korthikanti2022"
SRC_LORA = "hu2021"
SRC_QLORA = "dettmers2023"
SRC_INFERENCE_OVERHEAD = "eleuther2023"
SRC_DECODE = "databricks2023"
SRC_MATMUL_CEILING = "ml-engineering-accel"
SRC_PF_DAY = "brown2020"


class Settings(BaseModel):
    """Deployment- or user-level choices; every default is a constant above."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    utilization: float = Field(default=UTILIZATION_DEFAULT, gt=0, le=1)
    decode_efficiency: float = Field(default=DECODE_EFFICIENCY, gt=0, le=1)
    train_batch: int = Field(default=TRAIN_MICRO_BATCH, ge=1)
    train_seq_len: int = Field(default=TRAIN_SEQ_LEN_TOKENS, ge=1)
    inference_context: int = Field(default=INFERENCE_CONTEXT_TOKENS, ge=1)
    inference_batch: int = Field(default=INFERENCE_BATCH, ge=1)
    lora_rank: int = Field(default=LORA_RANK, ge=1)
    inference_overhead: float = Field(default=INFERENCE_OVERHEAD_FRACTION, ge=0)
    electricity_price_per_kwh: float = Field(default=ELECTRICITY_PRICE_PER_KWH, ge=0)
    currency: str = CURRENCY
    pue: float = Field(default=PUE_DEFAULT, ge=1)
    cloud_price_per_device_hour: float | None = Field(default=None, ge=0)
