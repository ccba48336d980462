"""bot.numbers: figures written for people, checked against worked values.

The seed's figures (facts.md §4): 40.09e12 × 0.9 × 31,536,000 s = 1.1379e21 FLOP at FP32;
80.2e12 × 0.9 × 31,536,000 s = 2.2763e21 at BF16; GPT-3 175B needs 3.14e23 (brown2020
Table D.1), so 0.36% / 276× at FP32 and 0.72% / 138× at BF16.
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import numbers as n

YEAR_S = 365 * 86_400
FP32_YEAR = 40.09e12 * 0.9 * YEAR_S  # 1.1379e21
BF16_YEAR = 80.2e12 * 0.9 * YEAR_S  # 2.2763e21
GPT3_FLOPS = 3.14e23


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (BF16_YEAR, "2.28 × 10²¹"),
        (FP32_YEAR, "1.14 × 10²¹"),
        (GPT3_FLOPS, "3.14 × 10²³"),
        (9.996e21, "1 × 10²²"),  # rounding carries into the exponent
        (1.5e-5, "1.5 × 10⁻⁵"),
        (8.64e19, "8.64 × 10¹⁹"),  # one PF/s-day
        (0, "0"),
    ],
)
def test_sci_writes_a_real_superscript(x, text):
    assert n.sci(x) == text


@pytest.mark.parametrize(
    ("fraction", "text"),
    [
        (BF16_YEAR / GPT3_FLOPS, "0.72%"),  # 2.2763e21 / 3.14e23 = 0.7249%
        (FP32_YEAR / GPT3_FLOPS, "0.36%"),  # 1.1379e21 / 3.14e23 = 0.3624%
        (0.9, "90%"),
        (0.462, "46.2%"),  # PaLM's MFU, chowdhery2022 Table 3
        (0.213, "21.3%"),
        (0.00001, "0.001%"),
    ],
)
def test_pct(fraction, text):
    assert n.pct(fraction) == text


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (GPT3_FLOPS / BF16_YEAR, "138×"),  # 137.9
        (GPT3_FLOPS / FP32_YEAR, "276×"),  # 275.96
        (312 / 80.2, "3.9×"),  # A100 vs 4070 Ti at BF16, facts.md §4
        (2.5e7, "2.5 × 10⁷×"),
    ],
)
def test_ratio(x, text):
    assert n.ratio(x) == text


@pytest.mark.parametrize(
    ("seconds", "lang", "text"),
    [
        (GPT3_FLOPS / (80.2e12 * 0.9), "en", "138 years"),  # 4.35e9 s = 137.9 years
        (GPT3_FLOPS / 28e12, "en", "356 years"),  # Lambda: 28 TFLOPS V100, 355.6 years
        (GPT3_FLOPS / (312e12 * 0.9), "en", "35 years"),  # one A100 at 90%: 35.5 years
        (YEAR_S, "en", "1 year"),
        (YEAR_S, "hi", "1 साल"),
        (YEAR_S, "hi-Latn", "1 saal"),
        (2 * YEAR_S / 12, "en", "2 months"),
        (2 * YEAR_S / 12, "hi", "2 महीने"),
        (3.2 * 86_400, "en", "3.2 days"),
        (4 * 3_600, "hi", "4 घंटे"),
        (3_600, "hi", "1 घंटा"),
        (4 * 3_600, "hi-Latn", "4 ghante"),
        (45, "en", "45 seconds"),
    ],
)
def test_duration_in_the_largest_unit(seconds, lang, text):
    assert n.duration(seconds, lang) == text


@pytest.mark.parametrize(
    ("seconds", "lang", "text"),
    [
        (YEAR_S / 12, "hi", "1 महीने"),  # "1 महीने में", not "1 महीना में"
        (3_600, "hi", "1 घंटे"),
        (YEAR_S / 12, "hi-Latn", "1 mahine"),
        (YEAR_S, "hi", "1 साल"),  # साल has one form
        (YEAR_S / 12, "en", "1 month"),
    ],
)
def test_duration_before_a_postposition(seconds, lang, text):
    assert n.duration(seconds, lang, oblique=True) == text


@pytest.mark.parametrize(
    ("days", "text"),
    [(100, "100 days"), (30, "30 days"), (365, "1 year"), (730, "2 years"), (7, "7 days")],
)
def test_an_asked_duration_keeps_its_whole_unit(days, text):
    assert n.duration(days * 86_400) == text


def test_duration_rounds_half_up_not_to_even():
    # 12.5 days would be "12 days" under round-half-to-even.
    assert n.duration(12.5 * 86_400) == "13 days"


@pytest.mark.parametrize(
    ("count_bytes", "text"),
    [
        (16 * 174.6e9, "2.8 TB"),  # GPT-3 training state, 16 B/param (rajbhandari2020 §3.1)
        (2 * 174.6e9, "350 GB"),  # GPT-3's 16-bit weights alone
        (16 * 1.5e9, "24 GB"),  # ZeRO §3.1: GPT-2 1.5B needs at least 24 GB
        (12e9, "12 GB"),  # a card's memory is never rounded
        (141e9, "141 GB"),
        (500, "500 B"),
    ],
)
def test_bytes(count_bytes, text):
    assert n.bytes_(count_bytes) == text


@pytest.mark.parametrize(
    ("x", "digits", "text"),
    [(174.6e9, 3, "175B"), (174.6e9, 4, "174.6B"), (2e12, 3, "2T"), (750e6, 3, "750M")],
)
def test_short_scale(x, digits, text):
    assert n.short(x, digits) == text


def test_plain_figures():
    assert n.count(YEAR_S) == "31,536,000"
    assert n.tflops(40.09) == "40.09 TFLOPS"
    assert n.tflops(1978.9) == "1,978.9 TFLOPS"
    assert n.money(1.5) == "1.50"
    assert n.num(8_914.3) == "8,914"
    assert n.num(75.83) == "75.8"
    assert n.num(3.2e7) == "3.2 × 10⁷"


def test_e_notation_for_the_arithmetic_lines():
    assert n.e_notation(80.2e12, 12) == "80.2e12"
    assert n.e_notation(1978.9e12, 12) == "1978.9e12"
    assert n.e_notation(GPT3_FLOPS) == "3.14e23"
    assert n.e_notation(174.6e9, engineering=True) == "174.6e9"
    assert n.e_notation(300e9, engineering=True) == "300e9"
    assert n.e_notation(0.9) == "0.9"


def test_span_writes_a_shared_unit_once():
    assert n.span("248 years", "414 years") == "248–414 years"
    assert n.span("30%", "50%") == "30–50%"
    assert n.span("11 months", "1.5 years") == "11 months – 1.5 years"


SCI = re.compile(r"^-?(\d(\.\d+)?)( × 10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?$")
FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


@given(st.floats(min_value=1e-30, max_value=1e30, allow_nan=False))
def test_sci_reads_back_within_its_rounding(x):
    text = n.sci(x)
    m = SCI.match(text)
    assert m, text
    exponent = int(m.group(4).translate(FROM_SUPERSCRIPT)) if m.group(4) else 0
    value = float(m.group(1)) * 10.0**exponent
    # three significant digits: half a unit in the third digit is at most 0.5% of the value
    assert math.isclose(value, x, rel_tol=5e-3)


@given(st.floats(min_value=0, max_value=1e15, allow_nan=False))
def test_duration_never_fails(seconds):
    assert n.duration(seconds, "hi")


# --- money: the asked currency, written as prices are (QA §6.1) -----------------------------


@pytest.mark.parametrize(
    ("x", "currency", "text"),
    [
        (82.65, "USD", "$82.65"),  # below 100: two decimals
        (8, "INR", "₹8.00"),
        (0.3, "EUR", "€0.30"),
        (0.25, "GBP", "£0.25"),
        (11_218.4, "USD", "$11,218"),  # up to a million: whole units
        (353_750 * 0.3, "EUR", "€106,125"),
        # 353,750 kWh × ₹8 = 2,830,000: three significant digits written out, never 10ⁿ
        (353_750 * 8, "INR", "₹2,830,000"),
        (1_010_880.0, "USD", "$1,010,000"),
        (1_234.5, "JPY", "1,235 JPY"),  # no symbol known: the code after the figure
        (1.5, None, "1.50"),
    ],
)
def test_money(x, currency, text):
    assert n.money(x, currency) == text


def test_money_has_no_scientific_notation_below_a_quadrillion():
    assert n.money(9.99e14, "USD") == "$999,000,000,000,000"
    assert n.money(2e15, "USD") == "$2 × 10¹⁵"


@pytest.mark.parametrize(
    ("spare", "total", "text"),
    [
        (125.9e9, 128e9, "126 GB"),  # 2 digits would say 130 GB, more than the 128 GB there
        (42.4e9, 48e9, "42 GB"),
        (8e9, 24e9, "8 GB"),
        (530e9, 640e9, "530 GB"),
    ],
)
def test_spare_memory_never_reads_as_more_than_the_total(spare, total, text):
    assert n.bytes_within(spare, total) == text
