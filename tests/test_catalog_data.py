"""The built-in catalog's data: it loads, it is complete enough, and it says what sources say.

Expected figures below are quoted from the source named beside each (datasheets, papers);
they are the issue's acceptance spot checks.
"""

from __future__ import annotations

import pytest

from core.types import Hardware, Model, Peaks
from knowledge.check import check, check_files, hardware_problems, model_problems
from knowledge.load import load_data

GIB = 2**30


@pytest.fixture(scope="module")
def data():
    return load_data()


def test_builtin_catalog_passes_every_check():
    data, problems = check_files()
    assert data is not None
    assert problems == []


def test_catalog_is_large_enough(data):
    assert len(data.hardware) >= 45
    assert len(data.models) >= 55


def test_every_row_cites_sources_that_exist(data):
    for row in [*data.hardware.values(), *data.models.values()]:
        assert row.sources, row.id
        for key in row.sources:
            assert key in data.sources, (row.id, key)


def test_every_source_says_where(data):
    for source in data.sources.values():
        assert source.title and source.where, source.key


def test_every_hardware_row_has_the_required_figures(data):
    for h in data.hardware.values():
        assert h.memory_gb > 0 and h.vendor and h.kind and h.year, h.id
        assert h.bandwidth_gbs or "bandwidth" in (h.notes or ""), h.id


def test_unpublished_figures_are_labelled(data):
    assert data.models["gpt-3.5"].params is None
    assert data.models["gpt-3.5"].params_kind == "undisclosed"
    assert data.models["gpt-3.5"].proxy == "gpt-3-175b"
    gpt4 = data.models["gpt-4"]
    assert gpt4.training_flops_kind == "outside_estimate"
    assert gpt4.params_kind == "outside_estimate"
    # Apple publishes no TFLOPS or TDP for its GPUs; the rows must not pretend otherwise.
    for apple in ("m2-ultra", "m3-max", "m4-max"):
        assert data.hardware[apple].power_w is None
        assert "publish" in data.hardware[apple].notes


HARDWARE_SPOT_CHECKS = [
    # NVIDIA Ada whitepaper ratios applied to TechPowerUp's 40.09 FP32; 12 GB, 504 GB/s.
    ("rtx-4070-ti", {"fp32": 40.09, "bf16": 80.2}, 12, 504),
    # Ada whitepaper appendix: 82.6 FP32, 165.2 FP16/BF16 with FP32 accumulate, 1,008 GB/s.
    ("rtx-4090", {"fp32": 82.6, "bf16": 165.2}, 24, 1008),
    # A100 datasheet (dense): BF16 312, TF32 156, FP32 19.5; 2,039 GB/s.
    ("a100-80gb-sxm", {"bf16": 312, "tf32": 156, "fp32": 19.5}, 80, 2039),
    # H100 datasheet halved (sparse -> dense): BF16 989.4, FP8 1,978.9; 3,350 GB/s.
    ("h100-sxm", {"bf16": 989.4, "fp8": 1978.9}, 80, 3350),
    # MI300X: 2,100 MHz x 256 FMA x 2 x 1,216 = 1,307.4 TFLOPS BF16; 192 GB.
    ("mi300x", {"bf16": 1307.4}, 192, 5300),
]


@pytest.mark.parametrize("hw_id,peaks,memory_gb,bandwidth", HARDWARE_SPOT_CHECKS)
def test_hardware_spot_checks(data, hw_id, peaks, memory_gb, bandwidth):
    h = data.hardware[hw_id]
    for precision, tflops in peaks.items():
        assert h.peak_tflops.get(precision) == pytest.approx(tflops, rel=1e-3), precision
    assert h.memory_gb == pytest.approx(memory_gb)
    assert h.bandwidth_gbs == pytest.approx(bandwidth, rel=0.01)


def test_tpu_v4_spot_check(data):
    # Google Cloud TPU v4 docs: 275 TFLOPS bf16, 32 GiB HBM2 (stored in decimal GB).
    tpu = data.hardware["tpu-v4"]
    assert tpu.peak_tflops.bf16 == 275
    assert tpu.memory_gb * 1e9 == pytest.approx(32 * GIB, rel=1e-3)
    assert tpu.peak_tflops.fp32 is None  # not published


def test_geforce_mixed_precision_is_half_the_fp16_accumulate_rate(data):
    # Ada whitepaper: RTX 4090 FP16 tensor 330.3 with FP16 accumulate, 165.2 with FP32.
    assert data.hardware["rtx-4090"].peak_tflops.fp16 == pytest.approx(330.3 / 2, rel=1e-3)


def test_mi250x_figures_span_two_dies(data):
    package, gcd = data.hardware["mi250x"], data.hardware["mi250x-gcd"]
    assert gcd.peak_tflops.bf16 == pytest.approx(package.peak_tflops.bf16 / 2)
    assert gcd.memory_gb == pytest.approx(package.memory_gb / 2)
    assert "two" in package.notes.lower() or "2 gcd" in package.notes.lower()


MODEL_SPOT_CHECKS = [
    # Brown et al. Table D.1: 3.14e23 FLOP, 300B tokens.
    ("gpt-3-175b", {"training_flops": 3.14e23, "tokens": 300e9}),
    # Llama 3 herd paper abstract: 3.8e25 FLOP; 15.6T tokens.
    ("llama-3.1-405b", {"training_flops": 3.8e25, "tokens": 15.6e12, "params": 405e9}),
    # Mixtral paper abstract: 47B total, 13B active.
    ("mixtral-8x7b", {"params": 47e9, "active_params": 13e9}),
    # DeepSeek-V3 report abstract: 671B total, 37B activated, 14.8T tokens, 2.788M H800-h.
    ("deepseek-v3", {"params": 671e9, "active_params": 37e9, "tokens": 14.8e12}),
    ("deepseek-v3", {"gpu_hours": 2.788e6}),
    # Llama 2 paper Table 2: 184,320 A100-80GB GPU-hours for 7B.
    ("llama-2-7b", {"gpu_hours": 184320}),
]


@pytest.mark.parametrize("model_id,figures", MODEL_SPOT_CHECKS)
def test_model_spot_checks(data, model_id, figures):
    m = data.models[model_id]
    for field, value in figures.items():
        assert getattr(m, field) == pytest.approx(value, rel=0.02), field


def test_gpt3_table_d1_compute_is_6nd(data):
    # Table D.1 computes every GPT-3 size as 6 x params x 300B tokens; a typo breaks this.
    sizes = [m for m in data.models.values() if m.family == "GPT-3"]
    assert len(sizes) == 8
    for m in sizes:
        assert m.training_flops == pytest.approx(6 * m.params * 300e9, rel=0.03), m.id


def test_gopher_keeps_its_own_compute_and_notes_the_other(data):
    gopher = data.models["gopher"]
    assert gopher.training_flops == 6.31e23
    assert "5.76e23" in gopher.notes


def test_v100_notes_the_launch_figure(data):
    assert data.hardware["v100-sxm2-32gb"].peak_tflops.fp16 == 125
    assert "120" in data.hardware["v100-sxm2-16gb"].notes


# --- the checks themselves catch bad rows -----------------------------------------------


def _hardware(**peaks: float) -> Hardware:
    return Hardware(
        id="x", name="X", vendor="V", kind="datacenter", memory_gb=10, source="s",
        peak_tflops=Peaks(**peaks),
    )  # fmt: skip


def test_check_flags_a_sparse_figure_in_the_fp32_column():
    assert any(
        "bf16 < peak_tflops.fp32" in p for p in hardware_problems(_hardware(fp32=300, bf16=150))
    )
    assert hardware_problems(_hardware(fp32=19.5, bf16=312, fp16=312)) == []


def test_check_flags_active_params_above_total():
    m = Model(id="moe", name="MoE", params=10e9, active_params=20e9, source="s")
    assert any("active_params" in p for p in model_problems(m))


def test_check_flags_published_compute_far_from_6nd():
    # 6 x 1e9 x 1e12 = 6e21; a stored 6e22 is a factor-of-ten typo.
    m = Model(
        id="m", name="M", params=1e9, tokens=1e12, training_flops=6e22,
        training_flops_kind="published", source="s",
    )  # fmt: skip
    assert any("6ND" in p for p in model_problems(m))


def test_check_flags_missing_sources_and_alias_clashes(data):
    broken = load_data()
    broken.hardware["rtx-4090"] = broken.hardware["rtx-4090"].model_copy(
        update={"source": "no-such-source", "aliases": ("4070 ti",)}
    )
    problems = check(broken)
    assert any("no-such-source" in p for p in problems)
    assert any("'4070 ti'" in p or "4070ti" in p for p in problems)
