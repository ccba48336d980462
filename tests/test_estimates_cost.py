"""Costs in the asked currency, never mixed with a default in another one, and a training job
that does not fit on the asked devices costed on the fewest that hold it (QA §5.6, §6.1).

Energy = board power × devices × time × PUE (1.0 by default) ÷ 3.6e6 J per kWh.
"""

from __future__ import annotations

import pytest
from estimate_rows import H100_SXM, RTX_4090, query

from core import assumptions as A
from core.conventions import YEAR_S, Settings
from core.estimate import estimate
from core.types import ModelRef

# 450 W × 8,760 h = 3,942 kWh: one 4090 for a 365-day year
KWH_4090_YEAR = 450 * 8760 / 1000


def by_code(est) -> dict[str, dict]:
    return {a.code: a.values for a in est.assumptions}


def test_an_asked_price_is_in_the_asked_currency():
    # "₹8 per unit": 3,942 kWh × 8 = 31,536 INR
    q = query("cost", RTX_4090, duration_s=YEAR_S, price_per_kwh=8.0, currency="INR")
    est = estimate(q, RTX_4090, None)
    assert est.energy_cost == pytest.approx(KWH_4090_YEAR * 8)
    assert est.energy_currency == "INR"
    assert by_code(est)[A.ELECTRICITY_PRICE] == {"price_per_kwh": 8.0, "currency": "INR"}
    assert A.ELECTRICITY_PRICE_DEFAULT not in by_code(est)


def test_a_currency_without_a_price_keeps_the_default_price_in_its_own_currency():
    # no INR price to use and no exchange rate assumed: 3,942 × 0.15 = 591.30 USD, said so
    q = query("cost", RTX_4090, duration_s=YEAR_S, currency="INR")
    est = estimate(q, RTX_4090, None)
    assert est.energy_cost == pytest.approx(KWH_4090_YEAR * 0.15)
    assert est.energy_currency == "USD"
    codes = by_code(est)
    assert codes[A.ELECTRICITY_PRICE_DEFAULT] == {"price_per_kwh": 0.15, "currency": "USD"}
    assert codes[A.PRICE_DEFAULT_CURRENCY] == {"asked_currency": "INR", "currency": "USD"}


def test_an_asked_cloud_price_and_the_default_electricity_keep_their_own_currencies():
    # ₹180 per GPU-hour for a year: 180 × 8,760 = 1,576,800 INR; electricity stays USD
    q = query("cost", RTX_4090, duration_s=YEAR_S, price_per_device_hour=180.0, currency="INR")
    est = estimate(q, RTX_4090, None)
    assert est.cloud_cost == pytest.approx(180 * 8760)
    assert est.cloud_currency == "INR"
    assert est.energy_currency == "USD"
    assert by_code(est)[A.CLOUD_PRICE] == {"price_per_device_hour": 180.0, "currency": "INR"}


def test_a_deployments_currency_applies_to_its_own_default_price():
    settings = Settings(electricity_price_per_kwh=8.0, currency="INR")
    est = estimate(query("cost", RTX_4090, duration_s=YEAR_S), RTX_4090, None, settings=settings)
    assert est.energy_currency == "INR"
    assert A.PRICE_DEFAULT_CURRENCY not in by_code(est)


def test_a_job_that_does_not_fit_is_costed_on_the_fewest_devices_that_hold_it():
    # A 1.6B model (named by size: activations left out) on 30B tokens: state 16 × 1.6e9 =
    # 25.6 GB > 24 GB → 2 cards. Time on 2: 6 × 1.6e9 × 30e9 / (165.2e12 × 0.4 × 2)
    # = 2.179e6 s; energy 450 W × 2 × 2.179e6 s / 3.6e6 = 544.7 kWh, the same as on one.
    q = query("cost", RTX_4090, tokens=30e9)
    q.model = ModelRef(name="a 1.6B model", params=1.6e9)
    est = estimate(q, RTX_4090, None)
    assert est.memory is not None and est.memory.fits is False and est.memory.devices_to_fit == 2
    run = est.fewest_devices_run
    assert run is not None and run.devices == 2
    flops = 6 * 1.6e9 * 30e9
    assert run.time_needed_s == pytest.approx(flops / (165.2e12 * 0.4 * 2))
    assert run.energy_kwh == pytest.approx(450 * 2 * run.time_needed_s / 3.6e6)
    assert run.energy_kwh == pytest.approx(est.energy_kwh)  # ideal scaling: same energy
    assert run.energy_cost == pytest.approx(run.energy_kwh * 0.15)


def test_a_job_that_fits_has_no_fewest_devices_run():
    # Llama-3-8B-sized on 64 H100s: 16 × 8e9 = 128 GB of state ≤ 64 × 80 GB
    q = query("cost", H100_SXM, tokens=15e12, count=64)
    q.model = ModelRef(name="an 8B model", params=8e9)
    est = estimate(q, H100_SXM, None)
    assert est.memory is not None and est.memory.fits
    assert est.fewest_devices_run is None
    sharding = by_code(est)[A.MEMORY_SHARDING]
    # 128 GB needs 2 of the 80 GB cards; all 64 asked share it
    assert sharding == {"scheme": "zero3", "devices": 2, "asked": 64}
