"""Hand-built catalog rows and estimates for the renderer's tests.

The rows copy the reviewed figures of facts.md (and knowledge/data at the time of writing),
so the render tests do not move when the catalog grows. The estimates are built by hand
with the arithmetic in the comments, the way core.estimate would build them.
"""

from __future__ import annotations

import estimate_rows as ER

from core import assumptions as A
from core.types import (
    DeviceResult,
    Estimate,
    Hardware,
    HardwareRef,
    LargestTrainable,
    MemoryVerdict,
    Model,
    ModelRef,
    Peaks,
    Query,
    Source,
)
from grammar.parsed import Parsed
from knowledge import Catalog

YEAR_S = 365 * 86_400  # 31,536,000 s: DESIGN.md's 365-day year

SOURCES = [
    Source(
        key="brown2020",
        title="Language Models are Few-Shot Learners",
        authors="Brown et al. (OpenAI)",
        year=2020,
        url="https://arxiv.org/abs/2005.14165",
        where="Appendix D, Table D.1 (training compute)",
    ),
    Source(
        key="openai-model-index",
        title="Model index for researchers (archived 2023-01-21)",
        authors="OpenAI",
        year=2023,
        url="https://archive.li/XDCN0",
        where="GPT-3.5 series: no size or compute given",
    ),
    Source(
        key="kaplan2020",
        title="Scaling Laws for Neural Language Models",
        year=2020,
        url="https://arxiv.org/abs/2001.08361",
    ),
    Source(
        key="hoffmann2022",
        title="Training Compute-Optimal Large Language Models (Chinchilla)",
        year=2022,
        url="https://arxiv.org/abs/2203.15556",
    ),
    Source(
        key="rajbhandari2020",
        title="ZeRO: Memory Optimizations Toward Training Trillion Parameter Models",
        year=2020,
        url="https://arxiv.org/abs/1910.02054",
        where="Section 3.1: 16 bytes per parameter",
    ),
    Source(
        key="chowdhery2022",
        title="PaLM: Scaling Language Modeling with Pathways",
        year=2022,
        url="https://arxiv.org/abs/2204.02311",
        where="Table 3 (MFU 21.3% to 46.2%)",
    ),
    Source(
        key="techpowerup-4070ti",
        title="NVIDIA GeForce RTX 4070 Ti specifications",
        authors="TechPowerUp GPU Database",
        year=2023,
        url="https://www.techpowerup.com/gpu-specs/geforce-rtx-4070-ti.c3950",
    ),
    Source(
        key="nvidia-ada-whitepaper",
        title="NVIDIA Ada GPU Architecture whitepaper v2.01",
        authors="NVIDIA",
        year=2023,
        url="https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf",
    ),
    Source(
        key="nvidia-a100-datasheet",
        title="NVIDIA A100 Tensor Core GPU datasheet (r4)",
        authors="NVIDIA",
        year=2021,
        url="https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf",
    ),
    Source(
        key="epoch-1e25",
        title="Over 20 AI models have been trained at the scale of GPT-4",
        authors="Epoch AI",
        year=2024,
        url="https://epoch.ai/data-insights/models-over-1e25-flop",
    ),
    Source(
        key="touvron2023b",
        title="Llama 2: Open Foundation and Fine-Tuned Chat Models",
        year=2023,
        url="https://arxiv.org/abs/2307.09288",
    ),
]

ADA = "nvidia-ada-whitepaper"
RTX_4070_TI = Hardware(  # facts.md §1a: 40.09 FP32, 80.2 BF16/FP16 (FP32 acc.), 12 GB, 504.2 GB/s
    id="rtx-4070-ti",
    name="GeForce RTX 4070 Ti",
    vendor="NVIDIA",
    kind="consumer",
    year=2023,
    memory_gb=12,
    bandwidth_gbs=504.2,
    power_w=285,
    peak_tflops=Peaks(fp32=40.09, tf32=40.09, bf16=80.2, fp16=80.2, fp8=160.4, int8=321),
    source="techpowerup-4070ti",
    field_sources={f"peak_tflops.{p}": ADA for p in ("tf32", "bf16", "fp16", "fp8", "int8")},
)
A100 = ER.A100_80GB.model_copy(update={"year": 2020})  # facts.md §1b (estimate_rows)
GPT3 = ER.GPT3.model_copy(update={"family": "GPT-3", "year": 2020})  # brown2020 Table D.1
GPT35 = ER.GPT35.model_copy(update={"family": "GPT-3.5", "year": 2022})
GPT4 = Model(  # facts.md §2 and §5: every figure an outside estimate [E]
    id="gpt-4",
    name="GPT-4",
    family="GPT-4",
    year=2023,
    params=1.8e12,
    params_kind="outside_estimate",
    tokens=13e12,
    tokens_kind="outside_estimate",
    training_flops=2.1e25,  # Epoch AI's estimate
    training_flops_kind="outside_estimate",
    source="epoch-1e25",
)
LLAMA2_7B = ER.LLAMA2_7B.model_copy(update={"family": "Llama 2", "year": 2023})


def catalog() -> Catalog:
    return Catalog(
        sources={s.key: s for s in SOURCES},
        hardware={h.id: h for h in (RTX_4070_TI, A100)},
        models={m.id: m for m in (GPT3, GPT35, GPT4, LLAMA2_7B)},
        hardware_aliases={},
        model_aliases={},
    )


def parsed(query: Query, lang: str = "en", text: str = "") -> Parsed:
    return Parsed(text=text, language=lang, query=query, understood=True)  # type: ignore[arg-type]


def hw_ref(hw: Hardware, count: int = 1, assumed: bool = False) -> HardwareRef:
    return HardwareRef(id=hw.id, name=hw.name, count=count, assumed_variant=assumed)


def model_ref(m: Model) -> ModelRef:
    return ModelRef(id=m.id, name=m.name, params=m.params)


# --- the seed question: can a 4070 Ti train GPT-3.5 in a year at 90%? ------------------------

SEED_TEXT = {
    "en": "can a 4070 Ti train GPT-3.5 in a year at 90%?",
    "hi": "क्या एक 4070 Ti 90% उपयोग पर एक साल में GPT-3.5 को ट्रेन कर सकता है?",
    "hi-Latn": "kya ek 4070 Ti ek saal mein 90% utilization pe GPT-3.5 train kar sakta hai?",
}
SEED_REQUIRED_FLOPS = 3.14e23  # GPT-3 175B, brown2020 Table D.1 (the proxy's figure)
SEED_PEAKS_TFLOPS = {"fp32": 40.09, "tf32": 40.09, "bf16": 80.2, "fp16": 80.2, "fp8": 160.4}
# available = peak × 0.9 × 31,536,000 s × 1: bf16 80.2e12 → 2.276e21; fp32 40.09e12 → 1.138e21
SEED_AVAILABLE = {p: t * 1e12 * 0.9 * YEAR_S for p, t in SEED_PEAKS_TFLOPS.items()}
# 16 B/param (rajbhandari2020 §3.1) × 174.6e9 = 2,793.6 GB, split as 2 + 2 + 12 bytes;
# activations with per-layer checkpointing (korthikanti2022): 2·s·h·L = 2·2048·12288·96
# = 4.83e9 B kept, plus one layer s·h·(34 + 5·a·s/h) = 2048·12288·(34 + 80) = 2.87e9 B.
SEED_MEMORY_PARTS = {
    "weights": 2 * 174.6e9,
    "gradients": 2 * 174.6e9,
    "optimizer_states": 12 * 174.6e9,
    "activations": 2 * 2048 * 12288 * 96 + 2048 * 12288 * (34 + 5 * 96 * 2048 / 12288),
}


def seed(lang: str = "en") -> tuple[Parsed, Estimate]:
    query = Query(
        intent="can_train",
        hardware=hw_ref(RTX_4070_TI),
        model=ModelRef(id="gpt-3.5", name="GPT-3.5"),
        duration_s=YEAR_S,
        utilization=0.9,
    )
    req = SEED_REQUIRED_FLOPS
    bf16 = SEED_AVAILABLE["bf16"]
    bf16_rate = 80.2e12  # FLOP/s at BF16 with FP32 accumulate
    required_bytes = sum(SEED_MEMORY_PARTS.values())
    memory = MemoryVerdict(
        task="pretrain",
        precision="bf16",
        required_bytes=required_bytes,
        available_bytes=12e9,
        fits=False,
        devices_to_fit=234,  # ⌈2,801.3 GB ÷ 12 GB⌉
        breakdown=SEED_MEMORY_PARTS,
    )
    est = Estimate(
        verdict="no",
        precision_used="bf16",
        utilization_used=0.9,
        compute_required_flops=req,
        compute_required_kind="proxy",
        compute_available_flops=bf16,
        available_by_precision=SEED_AVAILABLE,
        fraction_of_required=bf16 / req,
        shortfall_factor=req / bf16,
        time_needed_s=req / (bf16_rate * 0.9),
        time_range_s=(req / (bf16_rate * 0.3), req / (bf16_rate * 0.5)),
        time_by_precision={p: req / (t * 1e12 * 0.9) for p, t in SEED_PEAKS_TFLOPS.items()},
        duration_s=YEAR_S,
        memory=memory,
        assumptions=[
            A.make(A.PROXY_MODEL, ["openai-model-index"], model="GPT-3.5", proxy="GPT-3 175B"),
            A.make(A.PUBLISHED_COMPUTE, ["brown2020"], model="GPT-3 175B", flops=req),
            A.make(A.PRECISION_DEFAULT, precision="bf16"),
            A.make(A.FP32_ALSO_SHOWN),
            A.make(
                A.UTILIZATION_ABOVE_MEASURED,
                ["chowdhery2022"],
                utilization=0.9,
                realistic=0.4,
                reported_high=0.462,
                matmul_ceiling=0.869,
                realistic_time_s=req / (bf16_rate * 0.4),
                realistic_fraction=bf16_rate * 0.4 * YEAR_S / req,
            ),
            A.make(A.TIME_RANGE, ["chowdhery2022"], low=0.3, high=0.5),
            A.make(A.YEAR_DAYS, days=365),
            A.make(
                A.TRAINING_MEMORY_ADAM,
                ["rajbhandari2020"],
                bytes_per_param=16,
                batch=1,
                seq_len=2048,
                checkpointing="per_layer",
            ),
            # one 4070 Ti cannot hold it, so no asked count shares it
            A.make(A.MEMORY_SHARDING, ["rajbhandari2020"], scheme="zero3", devices=234, asked=None),
        ],
        sources=[
            "openai-model-index",
            "brown2020",
            "techpowerup-4070ti",
            "nvidia-ada-whitepaper",
            "chowdhery2022",
            "rajbhandari2020",
        ],
    )
    return parsed(query, lang, SEED_TEXT[lang]), est


# --- other intents ----------------------------------------------------------------------------


def fits_llama_on_4070ti() -> tuple[Parsed, Estimate]:
    """Llama 2 7B inference at BF16 on a 12 GB card: weights 7e9 × 2 B = 14 GB alone."""
    query = Query(
        intent="fits", task="inference", hardware=hw_ref(RTX_4070_TI), model=model_ref(LLAMA2_7B)
    )
    # KV cache: 2 × 32 layers × 32 heads × 128 dims × 2 B × 4096 tokens = 2.147e9 B;
    # overhead 20% of the weights = 2.8e9 B (eleuther2023).
    parts = {"weights": 14e9, "kv_cache": 2 * 32 * 32 * 128 * 2 * 4096, "overhead": 2.8e9}
    memory = MemoryVerdict(
        task="inference",
        precision="bf16",
        required_bytes=sum(parts.values()),
        available_bytes=12e9,
        fits=False,
        devices_to_fit=2,  # ⌈18.9 GB ÷ 12 GB⌉
        breakdown=parts,
    )
    est = Estimate(
        verdict="no",
        memory=memory,
        assumptions=[
            A.make(A.INFERENCE_WEIGHTS, precision="bf16", bytes_per_param=2),
            A.make(
                A.KV_CACHE,
                context=4096,
                batch=1,
                layers=32,
                kv_heads=32,
                head_dim=128,
                bytes_per_value=2,
            ),
            A.make(A.RUNTIME_OVERHEAD, fraction=0.2),
        ],
        sources=["touvron2023b"],
    )
    return parsed(query), est


def llama_speed_on_a100() -> tuple[Parsed, Estimate]:
    """Decode: 0.6 × 2,039e9 B/s ÷ (14e9 + 2.147e9) B per token ≈ 75.8 tokens/s."""
    query = Query(
        intent="inference_speed", hardware=hw_ref(A100, assumed=True), model=model_ref(LLAMA2_7B)
    )
    per_token = 14e9 + 2 * 32 * 32 * 128 * 2 * 4096
    est = Estimate(
        tokens_per_second=0.6 * 2039e9 / per_token,
        prefill_tokens_per_second=312e12 * 0.4 / (2 * 7e9),  # ≈ 8,914 tokens/s
        decode_bound="memory_bandwidth",
        assumptions=[
            A.make(A.ASSUMED_VARIANT, kind="hardware", variant="A100 80GB SXM4"),
            A.make(A.DECODE_EFFICIENCY, efficiency=0.6),
            A.make(A.PREFILL_COMPUTE, precision="bf16", utilization=0.4),
        ],
    )
    return parsed(query), est


def llama_compute() -> tuple[Parsed, Estimate]:
    """6 × 7e9 × 2e12 = 8.4e22 FLOP = 8.4e22 ÷ 8.64e19 = 972.2 PF-days."""
    query = Query(intent="training_compute", model=model_ref(LLAMA2_7B))
    flops = 6 * 7e9 * 2e12
    est = Estimate(
        compute_required_flops=flops,
        compute_required_kind="6ND",
        pf_days=flops / 8.64e19,
        assumptions=[
            A.make(A.COMPUTE_FROM_6ND, ["kaplan2020"], params=7e9, tokens=2e12),
            A.make(A.PF_DAY, ["brown2020"], flops=8.64e19),
        ],
        sources=["kaplan2020", "touvron2023b", "brown2020"],
    )
    return parsed(query), est


def largest_on_4070ti() -> tuple[Parsed, Estimate]:
    """A year at 40%: 80.2e12 × 0.4 × 31,536,000 = 1.0117e21 FLOP;
    compute-optimal N = √(C ÷ 120) = 2.904e9; memory: 12e9 B ÷ 16 B = 7.5e8 parameters."""
    query = Query(intent="largest_trainable", hardware=hw_ref(RTX_4070_TI), duration_s=YEAR_S)
    flops = 80.2e12 * 0.4 * YEAR_S
    n_compute = (flops / 120) ** 0.5
    n_memory = 12e9 / 16
    est = Estimate(
        precision_used="bf16",
        utilization_used=0.4,
        compute_available_flops=flops,
        duration_s=YEAR_S,
        largest_trainable=LargestTrainable(
            params=n_memory,
            tokens=20 * n_memory,
            bound_by="memory",
            compute_optimal_params=n_compute,
            memory_max_params=n_memory,
        ),
        assumptions=[
            A.make(
                A.UTILIZATION_DEFAULT, ["chowdhery2022"], utilization=0.4, low=0.213, high=0.462
            ),
            A.make(A.CHINCHILLA_OPTIMAL, ["hoffmann2022"], tokens_per_param=20),
            A.make(A.LARGEST_TRAINABLE_MEMORY, ["rajbhandari2020"], bytes_per_param=16),
        ],
    )
    return parsed(query), est


def compare_a100_4070ti() -> tuple[Parsed, Estimate]:
    """GPT-3 at BF16 and 40%: A100 3.14e23 ÷ (312e12 × 0.4) = 2.516e9 s (79.8 years);
    4070 Ti 3.14e23 ÷ (80.2e12 × 0.4) = 9.788e9 s (310 years); ratio 312 ÷ 80.2 = 3.89."""
    query = Query(
        intent="compare",
        hardware=hw_ref(A100),
        compare_with=[hw_ref(RTX_4070_TI)],
        model=model_ref(GPT3),
    )
    rows = [
        DeviceResult(
            hardware_id=A100.id,
            count=1,
            precision_used="bf16",
            peak_flops=312e12,
            time_needed_s=3.14e23 / (312e12 * 0.4),
            ratio_to_best=1.0,
        ),
        DeviceResult(
            hardware_id=RTX_4070_TI.id,
            count=1,
            precision_used="bf16",
            peak_flops=80.2e12,
            time_needed_s=3.14e23 / (80.2e12 * 0.4),
            ratio_to_best=312 / 80.2,
            memory_fits=False,
            devices_to_fit=234,
        ),
    ]
    est = Estimate(
        compare=rows,
        compare_metric="time_needed_s",
        assumptions=[A.make(A.COMPARE_PRECISION, precision="bf16")],
    )
    return parsed(query), est


def cost_llama_on_a100s() -> tuple[Parsed, Estimate]:
    """Llama 2 7B on 8 A100s at 40%: 8.4e22 ÷ (312e12 × 0.4 × 8) = 8.4135e7 s (2.67 years);
    400 W × 8 × 8.4135e7 s ÷ 3.6e6 = 74,786 kWh; × 0.15 USD = 11,218 USD."""
    query = Query(intent="cost", hardware=hw_ref(A100, count=8), model=model_ref(LLAMA2_7B))
    flops = 6 * 7e9 * 2e12
    seconds = flops / (312e12 * 0.4 * 8)
    kwh = 400 * 8 * seconds / 3.6e6
    est = Estimate(
        precision_used="bf16",
        utilization_used=0.4,
        compute_required_flops=flops,
        compute_required_kind="6ND",
        time_needed_s=seconds,
        energy_kwh=kwh,
        energy_cost=kwh * 0.15,
        energy_currency="USD",
        assumptions=[
            A.make(A.COMPUTE_FROM_6ND, ["kaplan2020"], params=7e9, tokens=2e12),
            A.make(A.BOARD_POWER, power_w=400, devices=8),
            A.make(A.PUE, pue=1.0),
            A.make(A.ELECTRICITY_PRICE_DEFAULT, price_per_kwh=0.15, currency="USD"),
        ],
        sources=["kaplan2020"],
    )
    return parsed(query), est
