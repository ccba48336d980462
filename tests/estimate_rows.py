"""Hardware and model rows for the estimator's tests, built here from facts.md.

The catalog's data files are edited by others while these tests run, so the estimator is
tested against rows written out here, each figure with where it comes from
(`/work/shared/reference/facts.md`, section, and the primary source it cites).
"""

from __future__ import annotations

from core.types import Hardware, HardwareRef, Model, ModelRef, Peaks, Query

# --- hardware ------------------------------------------------------------------------------

# facts.md §1a: 7,680 cores @ 2,610 MHz → 40.09 TFLOPS FP32; tensor rates by the Ada
# whitepaper's GeForce ratios (BF16/FP16 with FP32 accumulate 80.2); 12 GB; 504.2 GB/s; 285 W.
RTX_4070_TI = Hardware(
    id="rtx-4070-ti",
    name="GeForce RTX 4070 Ti",
    vendor="NVIDIA",
    kind="consumer",
    memory_gb=12,
    bandwidth_gbs=504.2,
    power_w=285,
    peak_tflops=Peaks(fp32=40.09, tf32=40.09, bf16=80.2, fp16=80.2, fp8=160.4, int8=321),
    source="techpowerup-4070ti",
    field_sources={"peak_tflops.bf16": "nvidia-ada-whitepaper"},
)

# facts.md §1a: RTX 3060 12GB, 12.7 TFLOPS FP32, 25.5 FP16/BF16 (FP32 acc), 360 GB/s, 170 W.
RTX_3060 = Hardware(
    id="rtx-3060-12gb",
    name="GeForce RTX 3060 12GB",
    vendor="NVIDIA",
    kind="consumer",
    memory_gb=12,
    bandwidth_gbs=360,
    power_w=170,
    peak_tflops=Peaks(fp32=12.7, tf32=12.7, bf16=25.5, fp16=25.5, int8=102),
    source="techpowerup-3060",
)

# facts.md §1a: Ada whitepaper v2.01 appendix: 82.6 FP32, 165.2 FP16/BF16 (FP32 acc) dense,
# 24 GB, 1,008 GB/s, 450 W.
RTX_4090 = Hardware(
    id="rtx-4090",
    name="GeForce RTX 4090",
    vendor="NVIDIA",
    kind="consumer",
    memory_gb=24,
    bandwidth_gbs=1008,
    power_w=450,
    peak_tflops=Peaks(fp32=82.6, tf32=82.6, bf16=165.2, fp16=165.2, fp8=330.3, int8=660.6),
    source="nvidia-ada-whitepaper",
)

# facts.md §1b: A100 80GB SXM4 datasheet: 19.5 FP32, 156 TF32, 312 BF16/FP16 dense,
# 624 INT8, 80 GB, 2,039 GB/s, 400 W.
A100_80GB = Hardware(
    id="a100-80gb-sxm",
    name="A100 80GB SXM4",
    vendor="NVIDIA",
    kind="datacenter",
    memory_gb=80,
    bandwidth_gbs=2039,
    power_w=400,
    peak_tflops=Peaks(fp32=19.5, tf32=156, bf16=312, fp16=312, int8=624),
    source="nvidia-a100-datasheet",
)

# facts.md §1b: H100 SXM5 datasheet (dense = half the asterisked sparse figures): 67 FP32,
# 494.7 TF32, 989.4 BF16/FP16, 1,978.9 FP8, 80 GB, 3,350 GB/s, 700 W.
H100_SXM = Hardware(
    id="h100-sxm",
    name="H100 SXM5 80GB",
    vendor="NVIDIA",
    kind="datacenter",
    memory_gb=80,
    bandwidth_gbs=3350,
    power_w=700,
    peak_tflops=Peaks(fp32=67, tf32=494.7, bf16=989.4, fp16=989.4, fp8=1978.9, int8=1979),
    source="nvidia-h100-datasheet",
)

# facts.md §3b derives DeepSeek-V3's implied MFU on the H100's BF16 peak for its H800-hours
# (the H800 is the export variant with the H100 SXM's compute), so the H800 row here is the
# H100 SXM's figures under the H800's id.
H800 = H100_SXM.model_copy(update={"id": "h800", "name": "H800"})

# facts.md §3a: Lambda's "Demystifying GPT-3" assumes "theoretical 28 TFLOPS for V100"
# (FP16, non-tensor) and "a single RTX 8000, assuming 15 TFLOPS". Memory: V100 32 GB (§1b).
LAMBDA_V100 = Hardware(
    id="lambda-v100",
    name="V100 (Lambda's 28 TFLOPS)",
    vendor="NVIDIA",
    kind="datacenter",
    memory_gb=32,
    power_w=300,
    peak_tflops=Peaks(fp16=28),
    source="lambda2020",
)
LAMBDA_RTX_8000 = LAMBDA_V100.model_copy(
    update={"id": "lambda-rtx-8000", "name": "RTX 8000", "peak_tflops": Peaks(fp16=15)}
)

# facts.md §1c: TPU v4: 32 GiB HBM2, 1,200 GB/s, 275 BF16; no FP32 figure, no TDP published.
TPU_V4 = Hardware(
    id="tpu-v4",
    name="TPU v4",
    vendor="Google",
    kind="tpu",
    memory_gb=32 * 2**30 / 1e9,
    bandwidth_gbs=1200,
    peak_tflops=Peaks(bf16=275, int8=275),
    source="google-tpu-v4",
)

# facts.md §1a: RTX 3090 (GA102 whitepaper v2, App. A): 35.6 FP32, 71 FP16/BF16 with FP32
# accumulate (dense), 24 GB, 936 GB/s, 350 W.
RTX_3090 = Hardware(
    id="rtx-3090",
    name="GeForce RTX 3090",
    vendor="NVIDIA",
    kind="consumer",
    memory_gb=24,
    bandwidth_gbs=936,
    power_w=350,
    peak_tflops=Peaks(fp32=35.6, tf32=35.6, bf16=71, fp16=71),
    source="nvidia-ampere-whitepaper",
)

# Quadro RTX 8000 as the catalog holds it (source sysrqmts-quadro-rtx6000): 48 GB at
# 672 GB/s, 16.31 TFLOPS FP32, 260 W; no tensor-core figure stored.
QUADRO_RTX_8000 = Hardware(
    id="quadro-rtx-8000",
    name="Quadro RTX 8000",
    vendor="NVIDIA",
    kind="workstation",
    memory_gb=48,
    bandwidth_gbs=672,
    power_w=260,
    peak_tflops=Peaks(fp32=16.31),
    source="sysrqmts-quadro-rtx6000",
)

# facts.md §1d: Apple M2 Ultra: 192 GB unified at 800 GB/s; ~27.2 TFLOPS FP32 (third-party,
# huggingface.js hardware.ts); no TDP published.
M2_ULTRA = Hardware(
    id="m2-ultra",
    name="Apple M2 Ultra",
    vendor="Apple",
    kind="apple",
    memory_gb=192,
    bandwidth_gbs=800,
    peak_tflops=Peaks(fp32=27.2),
    source="apple-m2-ultra",
)

# Apple M4 Max (catalog source macrumors-m4max, Apple's announcement): 128 GB unified at
# 546 GB/s. Apple publishes neither GPU TFLOPS nor TDP (facts.md note 9), so no peak at all.
M4_MAX = Hardware(
    id="m4-max",
    name="Apple M4 Max",
    vendor="Apple",
    kind="apple",
    memory_gb=128,
    bandwidth_gbs=546,
    peak_tflops=Peaks(),
    source="macrumors-m4max",
)

# --- models --------------------------------------------------------------------------------

# facts.md §2 / brown2020 Table 2.1 and D.1: 174,600M params, 300B tokens, 3.14e23 FLOP;
# 96 layers, d_model 12,288, 96 heads, context 2,048.
GPT3 = Model(
    id="gpt-3-175b",
    name="GPT-3 175B",
    params=174.6e9,
    tokens=300e9,
    training_flops=3.14e23,
    training_flops_kind="published",
    layers=96,
    hidden_size=12288,
    heads=96,
    kv_heads=96,
    context=2048,
    source="brown2020",
)

# facts.md §2: GPT-3.5's size, tokens and compute are undisclosed (OpenAI model index).
GPT35 = Model(
    id="gpt-3.5",
    name="GPT-3.5",
    params_kind="undisclosed",
    tokens_kind="undisclosed",
    proxy="gpt-3-175b",
    source="openai-model-index",
)

# facts.md §2: GPT-4: size undisclosed; ~2.1e25 FLOP is Epoch AI's outside estimate [E].
GPT4 = Model(
    id="gpt-4",
    name="GPT-4",
    params_kind="undisclosed",
    tokens_kind="undisclosed",
    training_flops=2.1e25,
    training_flops_kind="outside_estimate",
    source="epoch-ai",
)

# facts.md §2 (Llama 2 Table 1/2): 7B and 13B on 2.0T tokens; 7B took 184,320 A100-80GB
# hours. Architecture as LLaMA (touvron2023a Table 2): 7B 32 layers × 4096, 32 heads;
# 13B 40 layers × 5120, 40 heads; context 4,096 (Llama 2 Table 1).
LLAMA2_7B = Model(
    id="llama-2-7b",
    name="Llama 2 7B",
    params=7e9,
    tokens=2e12,
    gpu_hours=184_320,
    gpu_hours_hardware="a100-80gb-sxm",
    layers=32,
    hidden_size=4096,
    heads=32,
    kv_heads=32,
    context=4096,
    source="touvron2023b",
)
LLAMA2_13B = Model(
    id="llama-2-13b",
    name="Llama 2 13B",
    params=13e9,
    tokens=2e12,
    layers=40,
    hidden_size=5120,
    heads=40,
    kv_heads=40,
    context=4096,
    source="touvron2023b",
)
# Llama 2 70B: GQA (Llama 2 Table 1); 80 layers × 8192, 64 heads, 8 KV heads (released config).
LLAMA2_70B = Model(
    id="llama-2-70b",
    name="Llama 2 70B",
    params=70e9,
    tokens=2e12,
    layers=80,
    hidden_size=8192,
    heads=64,
    kv_heads=8,
    context=4096,
    source="touvron2023b",
)

# facts.md §2: Llama 3.1 405B: dense, 15.6T tokens, 3.8e25 FLOP, 30.84M H100-80GB hours.
LLAMA31_405B = Model(
    id="llama-3.1-405b",
    name="Llama 3.1 405B",
    params=405e9,
    tokens=15.6e12,
    training_flops=3.8e25,
    training_flops_kind="published",
    gpu_hours=30.84e6,
    gpu_hours_hardware="h100-sxm",
    source="llama31-card",
)

# facts.md §2: Mixtral 8x7B: 47B total / 13B active (Jiang et al. 2024 abstract); tokens
# undisclosed. Architecture (Jiang et al. 2024 Table 1): 32 layers, dim 4096, 32 heads,
# 8 KV heads, context 32,768.
MIXTRAL = Model(
    id="mixtral-8x7b",
    name="Mixtral 8x7B",
    params=47e9,
    active_params=13e9,
    tokens_kind="undisclosed",
    layers=32,
    hidden_size=4096,
    heads=32,
    kv_heads=8,
    context=32768,
    source="jiang2024",
)

# facts.md §2: DeepSeek-V3: 671B total / 37B active, 14.8T tokens, 2.788M H800 GPU-hours.
DEEPSEEK_V3 = Model(
    id="deepseek-v3",
    name="DeepSeek-V3",
    params=671e9,
    active_params=37e9,
    tokens=14.8e12,
    gpu_hours=2.788e6,
    gpu_hours_hardware="h800",
    source="deepseek2024",
)

# facts.md §2: Mistral 7B: "a 7.3B parameter model"; tokens not disclosed.
MISTRAL_7B = Model(
    id="mistral-7b",
    name="Mistral 7B",
    params=7.3e9,
    tokens_kind="undisclosed",
    source="mistral2023",
)

# --- queries -------------------------------------------------------------------------------


def hw_ref(hw: Hardware, count: int = 1) -> HardwareRef:
    return HardwareRef(id=hw.id, name=hw.name, count=count)


def model_ref(model: Model) -> ModelRef:
    return ModelRef(id=model.id, name=model.name, params=model.params)


def query(intent: str, hw: Hardware | None = None, model: Model | None = None, **kw) -> Query:
    """A Query as the grammar would build it for a catalog hardware and model."""
    count = kw.pop("count", 1)
    return Query(
        intent=intent,
        hardware=hw_ref(hw, count) if hw is not None else None,
        model=model_ref(model) if model is not None else None,
        **kw,
    )
