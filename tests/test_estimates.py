"""Intent dispatch, verdicts, stated assumptions and missing inputs of `core.estimate`."""

from __future__ import annotations

import itertools
import math

import pytest
from estimate_rows import (
    A100_80GB,
    GPT3,
    GPT4,
    GPT35,
    H100_SXM,
    LLAMA2_7B,
    LLAMA2_13B,
    LLAMA2_70B,
    M4_MAX,
    MISTRAL_7B,
    MIXTRAL,
    RTX_4070_TI,
    RTX_4090,
    TPU_V4,
    hw_ref,
    query,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from core import assumptions as A
from core.conventions import MONTH_S, YEAR_S, Settings
from core.errors import MissingInput
from core.estimate import estimate
from core.types import INTENTS, PRECISIONS, TASKS, HardwareRef, ModelRef, Query


def codes(est) -> list[str]:
    return [a.code for a in est.assumptions]


# --- every intent, every emitted assumption registered ------------------------------------


def _run(intent, hw, model, task, **kw):
    proxy = GPT3 if model is GPT35 else None
    compare = [(hw, 1), (A100_80GB, 2)] if intent == "compare" else ()
    q = query(intent, hw, model, task=task, **kw)
    q.compare_with = [hw_ref(A100_80GB, 2)] if intent == "compare" else []
    return estimate(q, hw, model, proxy=proxy, compare=compare)


MODELS = (GPT35, GPT4, LLAMA2_13B, MIXTRAL, MISTRAL_7B)


@pytest.mark.parametrize(
    "intent,model,task",
    list(itertools.product(INTENTS, MODELS, (*TASKS, None))),
)
def test_every_assumption_uses_a_registered_code_and_its_value_names(intent, model, task):
    try:
        est = _run(intent, RTX_4090, model, task, duration_s=MONTH_S, tokens=None)
    except MissingInput as e:
        # only the documented slot names, and only when a slot really is absent
        assert set(e.slots) <= {"hardware", "model", "duration", "tokens", "params"}
        return
    for a in est.assumptions:
        assert a.code in A.CODES
        assert tuple(a.values) == A.CODES[a.code]
    assert len(est.sources) == len(set(est.sources))


def test_codes_registry_is_consistent():
    constants = {v for k, v in vars(A).items() if k.isupper() and isinstance(v, str)}
    assert constants == set(A.CODES)
    assert set(A.LEADING) <= set(A.CODES)
    with pytest.raises(ValueError):
        A.make(A.PROXY_MODEL, model="GPT-3.5")  # missing "proxy"
    with pytest.raises(ValueError):
        A.make("made_up_code")


# --- can_train -----------------------------------------------------------------------------


def test_can_train_yes_needs_both_compute_and_memory():
    # Llama 2 7B on 2T tokens: 6 × 7e9 × 2e12 = 8.4e22 FLOP. 256 H100s for a month at 40%:
    # 989.4e12 × 0.4 × 2.628e6 × 256 = 2.663e23 ≥ 8.4e22; memory 113.5 GB ≤ 256 × 80 GB
    q = query("can_train", H100_SXM, LLAMA2_7B, duration_s=MONTH_S, count=256)
    est = estimate(q, H100_SXM, LLAMA2_7B)
    assert est.compute_available_flops == pytest.approx(2.663e23, rel=1e-3)
    assert est.fraction_of_required == pytest.approx(2.663e23 / 8.4e22, rel=1e-3)
    assert est.shortfall_factor is None
    assert est.memory.fits
    assert est.verdict == "yes"
    assert "linear_scaling" in codes(est)


def test_can_train_enough_compute_but_no_memory_is_no():
    # Llama 2 7B on 1e9 tokens: 4.2e19 FLOP; one 4090 for a year delivers
    # 165.2e12 × 0.4 × 3.1536e7 = 2.08e21 — plenty — but 113.5 GB of state > 24 GB
    q = query("can_train", RTX_4090, LLAMA2_7B, duration_s=YEAR_S, tokens=1e9)
    est = estimate(q, RTX_4090, LLAMA2_7B)
    assert est.fraction_of_required > 1
    assert not est.memory.fits
    assert est.verdict == "no"


def test_can_train_without_duration_reports_time_not_verdict():
    # a 1B model: 16 GB of state fits an 80 GB H100, so without a duration: time, no verdict
    q = Query(
        intent="can_train",
        hardware=hw_ref(H100_SXM),
        model=ModelRef(name="a 1B model", params=1e9),
        tokens=20e9,
    )
    est = estimate(q, H100_SXM, None)
    # 6 × 1e9 × 20e9 = 1.2e20 FLOP / (989.4e12 × 0.4) = 303,214 s ≈ 3.5 days
    assert est.time_needed_s == pytest.approx(1.2e20 / (989.4e12 * 0.4))
    assert est.verdict is None
    assert "no_duration" in codes(est)
    # ...but without memory for the state it is a plain "no"
    est = estimate(query("can_train", RTX_4090, GPT3), RTX_4090, GPT3)
    assert est.verdict == "no"


def test_can_train_on_a_device_without_a_peak_gives_no_verdict():
    # QA §5.2: the M4 Max has no published peak, so its compute cannot be checked: no "yes",
    # no utilization; the memory verdict is still given (a 124M model: 16 × 124e6 ≈ 2 GB).
    q = query("can_train", M4_MAX, None, duration_s=7 * 86_400)
    q.model = ModelRef(name="a 124M model", params=124e6)
    est = estimate(q, M4_MAX, None)
    assert est.verdict is None
    assert est.utilization_used is None and est.compute_available_flops is None
    assert est.memory is not None and est.memory.fits
    note = next(a for a in est.assumptions if a.code == A.FIGURE_UNPUBLISHED)
    assert note.values == {"hardware": "Apple M4 Max", "figure": "peak"}
    # ...but a state that cannot be held is a plain "no" (16 × 70e9 = 1.12 TB > 128 GB)
    q = query("can_train", M4_MAX, LLAMA2_70B, duration_s=YEAR_S)
    assert estimate(q, M4_MAX, LLAMA2_70B).verdict == "no"


def test_finetune_without_tokens_is_judged_on_memory_alone():
    q = query("can_train", RTX_4090, LLAMA2_13B, task="qlora")
    est = estimate(q, RTX_4090, LLAMA2_13B)
    assert est.compute_required_flops is None
    assert est.verdict == "yes"


def test_outside_estimate_is_said_first():
    q = query("can_train", H100_SXM, GPT4, duration_s=100 * 86_400, count=25_000)
    est = estimate(q, H100_SXM, GPT4)
    assert est.compute_required_kind == "outside_estimate"
    assert est.assumptions[0].code == "outside_estimate"
    assert est.memory is None and "params_undisclosed" in codes(est)
    # 25,000 × 989.4e12 × 0.4 × 8.64e6 s = 8.55e25 ≥ 2.1e25
    assert est.verdict == "yes"


def test_assumed_variant_is_said_first():
    q = query("time_to_train", A100_80GB, GPT3)
    q.hardware = HardwareRef(id=A100_80GB.id, name=A100_80GB.name, assumed_variant=True)
    est = estimate(q, A100_80GB, GPT3)
    assert est.assumptions[0].code == "assumed_variant"
    assert est.assumptions[0].values == {"kind": "hardware", "variant": "A100 80GB SXM4"}


# --- conventions stated --------------------------------------------------------------------


def test_default_precision_and_utilization_are_stated_with_range():
    est = estimate(query("time_to_train", A100_80GB, GPT3), A100_80GB, GPT3)
    assert est.precision_used == "bf16" and est.utilization_used == 0.40
    by_code = {a.code: a for a in est.assumptions}
    default = by_code["utilization_default"]
    assert default.values == {"utilization": 0.4, "low": 0.213, "high": 0.462}
    assert "chowdhery2022" in default.sources
    assert "fp32_also_shown" in by_code
    # 3.14e23 / (312e12 × {0.5, 0.3}) = 2.013e9 s .. 3.355e9 s
    low, high = est.time_range_s
    assert low == pytest.approx(3.14e23 / (312e12 * 0.5))
    assert high == pytest.approx(3.14e23 / (312e12 * 0.3))
    # FP32 non-tensor at 40%: 3.14e23 / (19.5e12 × 0.4) / 3.1536e7 = 1,276 years
    assert est.time_by_precision["fp32"] / YEAR_S == pytest.approx(1276.5, rel=1e-3)


def test_high_utilization_is_flagged_with_the_realistic_figure():
    q = query("can_train", RTX_4070_TI, GPT35, duration_s=YEAR_S, utilization=0.9)
    est = estimate(q, RTX_4070_TI, GPT35, proxy=GPT3)
    flag = next(a for a in est.assumptions if a.code == "utilization_above_measured")
    # at 40%: 80.2e12 × 0.4 × 3.1536e7 / 3.14e23 = 0.3222%
    assert flag.values["realistic_fraction"] == pytest.approx(0.003222, rel=1e-3)
    assert flag.values["realistic_time_s"] == pytest.approx(3.14e23 / (80.2e12 * 0.4))
    assert not [a for a in est.assumptions if a.code == "utilization_default"]


def test_reasonable_utilization_is_not_flagged():
    q = query("time_to_train", A100_80GB, GPT3, utilization=0.45)
    assert "utilization_above_measured" not in codes(estimate(q, A100_80GB, GPT3))


def test_impossible_utilization_is_refused():
    with pytest.raises(ValueError):
        estimate(query("time_to_train", A100_80GB, GPT3, utilization=1.5), A100_80GB, GPT3)


def test_undisclosed_tokens_use_chinchilla_and_say_so():
    # Mistral 7B: 7.3e9 params, tokens undisclosed → 20 × 7.3e9 = 1.46e11 tokens;
    # 6 × 7.3e9 × 1.46e11 = 6.3948e21 FLOP
    est = estimate(query("training_compute", model=MISTRAL_7B), None, MISTRAL_7B)
    assert est.compute_required_flops == pytest.approx(6.3948e21)
    note = next(a for a in est.assumptions if a.code == "tokens_undisclosed_chinchilla")
    assert note.values == {"tokens_per_param": 20, "tokens": pytest.approx(1.46e11)}
    assert {"hoffmann2022", "kaplan2020"} <= set(est.sources)


def test_precision_without_a_figure_falls_back_and_says_so():
    # TPU v4 has no FP32 figure (facts.md §1c): asked FP32, BF16 is used and said
    q = query("time_to_train", TPU_V4, GPT3, precision="fp32")
    est = estimate(q, TPU_V4, GPT3)
    assert est.precision_used == "bf16"
    note = next(a for a in est.assumptions if a.code == "precision_unavailable")
    assert note.values == {"asked": "fp32", "used": "bf16"}
    assert "fp32" not in est.time_by_precision


# --- other intents -------------------------------------------------------------------------


def test_training_compute_on_a_named_device_gives_gpu_hours():
    # 3.14e23 / (312e12 × 0.4) / 3,600 = 698,860 A100-hours; 3.14e23 / 8.64e19 = 3,634 PF-days
    q = query("training_compute", A100_80GB, GPT3)
    est = estimate(q, A100_80GB, GPT3)
    assert est.device_hours == pytest.approx(698_860, rel=1e-4)
    assert est.pf_days == pytest.approx(3634.3, rel=1e-4)
    assert "pf_day" in codes(est)


def test_devices_needed_bound_by_memory():
    # Llama 2 7B on 1e9 tokens in a week on 4090s: compute 4.2e19 / (165.2e12 × 0.4 ×
    # 604,800) = 1.05 → 2 cards; memory 113.5 GB / 24 GB → 5 cards
    q = query("devices_needed", RTX_4090, LLAMA2_7B, duration_s=7 * 86_400, tokens=1e9)
    est = estimate(q, RTX_4090, LLAMA2_7B)
    assert est.devices_for_compute == 2
    assert est.memory.devices_to_fit == 5
    assert est.devices_needed == 5
    assert "devices_bound_by_memory" in codes(est)


def test_cost_of_a_year_on_a_4090():
    # 450 W × 8,760 h = 3,942 kWh; × 0.15 USD/kWh = 591.30 USD (default price, stated)
    est = estimate(query("cost", RTX_4090, duration_s=YEAR_S), RTX_4090, None)
    assert est.energy_kwh == pytest.approx(3942)
    assert est.energy_cost == pytest.approx(591.30)
    by_code = {a.code: a.values for a in est.assumptions}
    assert by_code["electricity_price_default"] == {"price_per_kwh": 0.15, "currency": "USD"}
    assert "electricity_price" not in by_code  # the asked-price wording is for asked prices
    assert by_code["pue"] == {"pue": 1.0}


def test_cost_uses_configured_price_and_pue():
    settings = Settings(electricity_price_per_kwh=8.0, currency="INR", pue=1.5)
    q = query("cost", RTX_4090, duration_s=YEAR_S)
    est = estimate(q, RTX_4090, None, settings=settings)
    # 3,942 kWh × 1.5 = 5,913 kWh × 8 INR = 47,304 INR
    assert est.energy_kwh == pytest.approx(5913)
    assert est.energy_cost == pytest.approx(47_304)


def test_cost_without_a_power_figure_says_so():
    est = estimate(query("cost", TPU_V4, duration_s=YEAR_S), TPU_V4, None)
    assert est.energy_kwh is None
    note = next(a for a in est.assumptions if a.code == "figure_unpublished")
    assert note.values == {"hardware": "TPU v4", "figure": "power"}


def test_compare_is_like_for_like_and_ranked():
    # BF16 tensor on both: A100 312 vs 4070 Ti 80.2 → 3.89× (facts.md §4: "~3.9×")
    q = query("compare", RTX_4070_TI, GPT3)
    q.compare_with = [hw_ref(A100_80GB)]
    est = estimate(q, RTX_4070_TI, GPT3, compare=[(RTX_4070_TI, 1), (A100_80GB, 1)])
    assert est.precision_used == "bf16"
    assert est.compare_metric == "time_needed_s"
    assert [r.hardware_id for r in est.compare] == ["a100-80gb-sxm", "rtx-4070-ti"]
    assert est.compare[1].ratio_to_best == pytest.approx(312 / 80.2)
    assert est.compare[0].memory_fits is False


def test_compare_for_inference_ranks_by_decode_rate():
    q = query("compare", RTX_4090, LLAMA2_7B, task="inference")
    est = estimate(q, RTX_4090, LLAMA2_7B, compare=[(RTX_4090, 1), (H100_SXM, 1)])
    assert est.compare_metric == "tokens_per_second"
    assert est.compare[0].hardware_id == "h100-sxm"
    # bandwidth-bound on both: 3,350 / 1,008 = 3.32×
    assert est.compare[1].ratio_to_best == pytest.approx(3350 / 1008)


def test_hardware_info_headline_for_a_year():
    # facts.md §4: 40.09e12 × 0.9 × 3.1536e7 = 1.138e21 FLOP at FP32
    q = query("hardware_info", RTX_4070_TI, utilization=0.9)
    est = estimate(q, RTX_4070_TI, None)
    assert est.available_by_precision["fp32"] == pytest.approx(1.138e21, rel=1e-3)
    assert est.duration_s == YEAR_S
    assert "duration_default" in codes(est)
    assert "techpowerup-4070ti" in est.sources


# --- missing inputs ------------------------------------------------------------------------


def test_missing_slots_are_all_named():
    with pytest.raises(MissingInput) as e:
        estimate(Query(intent="can_train"), None, None)
    assert e.value.slots == ["hardware", "model"]
    with pytest.raises(MissingInput) as e:
        estimate(query("devices_needed", A100_80GB, GPT3), A100_80GB, GPT3)
    assert e.value.slots == ["duration"]
    with pytest.raises(MissingInput) as e:
        estimate(Query(intent="fits"), None, None)
    assert e.value.slots == ["model"]
    with pytest.raises(MissingInput) as e:
        estimate(Query(intent="largest_trainable"), None, None)
    assert e.value.slots == ["hardware"]
    with pytest.raises(MissingInput) as e:
        q = query("compare", A100_80GB)
        estimate(q, A100_80GB, None)
    assert e.value.slots == ["hardware"]


def test_model_without_size_or_figure_needs_params():
    q = Query(intent="time_to_train", hardware=hw_ref(A100_80GB), model=ModelRef(name="x"))
    with pytest.raises(MissingInput) as e:
        estimate(q, A100_80GB, None)
    assert e.value.slots == ["params"]


def test_impossible_figures_are_refused():
    with pytest.raises(ValueError):
        estimate(query("can_train", A100_80GB, GPT3, duration_s=0), A100_80GB, GPT3)
    with pytest.raises(ValueError):
        estimate(query("time_to_train", A100_80GB, GPT3, count=0), A100_80GB, GPT3)
    with pytest.raises(ValueError):
        estimate(query("training_compute", model=GPT3, tokens=-1.0), None, GPT3)


# --- any query: an Estimate or a documented refusal, with finite numbers -------------------

# M4 Max: no peak at all, so every intent must cope with a missing compute figure
HARDWARE = (RTX_4070_TI, RTX_4090, A100_80GB, H100_SXM, TPU_V4, M4_MAX)


@given(
    intent=st.sampled_from(INTENTS),
    hw=st.sampled_from((None, *HARDWARE)),
    model=st.sampled_from((None, *MODELS, GPT3, LLAMA2_7B)),
    task=st.sampled_from((None, *TASKS)),
    precision=st.sampled_from((None, *PRECISIONS)),
    count=st.integers(1, 100_000),
    duration_s=st.one_of(st.none(), st.floats(1, 100 * YEAR_S)),
    tokens=st.one_of(st.none(), st.floats(1e6, 1e14)),
    utilization=st.one_of(st.none(), st.floats(0.01, 1.0)),
    context=st.one_of(st.none(), st.integers(1, 1_000_000)),
)
@settings(max_examples=300, deadline=None)
def test_any_query_gives_finite_numbers_or_missing_input(
    intent, hw, model, task, precision, count, duration_s, tokens, utilization, context
):
    q = query(
        intent,
        hw,
        model,
        task=task,
        precision=precision,
        count=count,
        duration_s=duration_s,
        tokens=tokens,
        utilization=utilization,
        context=context,
    )
    compare = [(hw, count), (A100_80GB, 1)] if hw is not None else []
    try:
        est = estimate(q, hw, model, proxy=GPT3 if model is GPT35 else None, compare=compare)
    except MissingInput:
        return
    for name, value in est.model_dump().items():
        if isinstance(value, float):
            assert math.isfinite(value) and value >= 0, name
    for a in est.assumptions:
        assert tuple(a.values) == A.CODES[a.code]
