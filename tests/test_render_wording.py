"""Reply wording the QA report found wrong (§5.2–§5.6, §6.1–§6.6), in English, Hindi and
romanized Hindi, rendered from the estimator's real output.

The rows are tests/estimate_rows.py's (figures from facts.md, each with its source), in a
catalog built here with the real source list, so these tests pin the wording, not the data.
"""

from __future__ import annotations

import re

import pytest
from estimate_rows import (
    A100_80GB,
    H100_SXM,
    LLAMA2_7B,
    LLAMA2_13B,
    LLAMA2_70B,
    M4_MAX,
    QUADRO_RTX_8000,
    RTX_3090,
    RTX_4090,
    hw_ref,
    query,
)

from bot.render import locale, render
from bot.reply import Reply
from core.conventions import YEAR_S
from core.estimate import estimate
from core.types import Hardware, Model, ModelRef, Query
from grammar.parsed import Parsed
from knowledge import Catalog

LANGS = ("en", "hi", "hi-Latn")
HARDWARE = (A100_80GB, H100_SXM, M4_MAX, QUADRO_RTX_8000, RTX_3090, RTX_4090)
MODELS = (LLAMA2_7B, LLAMA2_13B, LLAMA2_70B)
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


@pytest.fixture(scope="module")
def cat(catalog) -> Catalog:
    return Catalog(
        sources=catalog.sources,
        hardware={hw.id: hw for hw in HARDWARE},
        models={m.id: m for m in MODELS},
        hardware_aliases={},
        model_aliases={},
    )


def reply_for(cat: Catalog, q: Query, lang: str, compare=()) -> Reply:
    hw = cat.hardware.get(q.hardware.id) if q.hardware else None
    model = cat.models.get(q.model.id) if q.model and q.model.id else None
    est = estimate(q, hw, model, compare=compare)
    return render(Parsed(text="", language=lang, query=q, understood=True), est, cat, lang)


def sized(intent: str, hw: Hardware, params: float, **kw) -> Query:
    """A question about a model named by size only ("a 1B model")."""
    q = query(intent, hw, None, **kw)
    q.model = ModelRef(name=f"{params:g} model", params=params)
    return q


# --- §6.1 money in the asked currency, plainly written ---------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_cost_is_written_in_the_asked_currency(cat, lang):
    # one 4090 for a year at ₹8 per kWh: 450 W × 8,760 h = 3,942 kWh × 8 = ₹31,536
    q = query("cost", RTX_4090, duration_s=YEAR_S, price_per_kwh=8.0, currency="INR")
    reply = reply_for(cat, q, lang)
    assert "₹31,536" in reply.title
    assert "USD" not in reply.text() and "$" not in reply.text()
    assert any("₹8.00" in line for line in reply.lines)


@pytest.mark.parametrize("lang", LANGS)
def test_large_amounts_are_plain_figures(cat, lang):
    # 64 H100s on an 8B model's 15T tokens: 6 × 8e9 × 15e12 / (989.4e12 × 0.4 × 64) s ×
    # 700 W × 64 = 353,750 kWh; × ₹8 = ₹2,830,000 (three significant digits, no 10ⁿ)
    q = sized("cost", H100_SXM, 8e9, count=64, tokens=15e12, price_per_kwh=8.0, currency="INR")
    reply = reply_for(cat, q, lang)
    assert "₹2,830,000" in reply.title
    assert "10⁶" not in reply.text()


@pytest.mark.parametrize("lang", LANGS)
def test_an_asked_rental_price_leads_and_keeps_its_currency(cat, lang):
    # ₹180 per GPU-hour for a year: 180 × 8,760 = ₹1,576,800, written ₹1,580,000, leads;
    # electricity at the default price stays in dollars: 3,942 kWh × $0.15 = $591
    q = query("cost", RTX_4090, duration_s=YEAR_S, price_per_device_hour=180.0, currency="INR")
    reply = reply_for(cat, q, lang)
    assert "₹1,580,000" in reply.title and "591" not in reply.title
    assert any(re.search(r"\$591(?![\d,]|\.\d)", line) for line in reply.lines)
    assert any("INR" in a and "USD" in a for a in reply.assumptions)
    assert dict(reply.fields)[locale.t(lang, "field.cloud_cost")] == "₹1,580,000"


# --- §5.6 a job that does not fit: said up front, with the fewest devices -------------------


@pytest.mark.parametrize("lang", LANGS)
def test_cost_of_a_job_that_does_not_fit_says_so_first(cat, lang):
    # a 1.6B model: 16 × 1.6e9 = 25.6 GB of state on a 24 GB card → 2 cards, and the energy
    # on them: 6 × 1.6e9 × 30e9 / (165.2e12 × 0.4) s × 450 W = 545 kWh
    q = sized("cost", RTX_4090, 1.6e9, tokens=30e9)
    reply = reply_for(cat, q, lang)
    assert "2 × GeForce RTX 4090" in reply.title
    assert "26 GB" in reply.title and "24 GB" in reply.title
    assert "545 kWh" in reply.title


# --- §6.2 a surplus reads as a surplus --------------------------------------------------------

ENOUGH = {"en": "11× what is needed", "hi": "ज़रूरत का 11×", "hi-Latn": "zaroorat ka 11×"}


@pytest.mark.parametrize("lang", LANGS)
def test_summary_shows_the_surplus_not_a_shortfall_below_one(cat, lang):
    # 2 × 4090, 350M params on 7B tokens in 14 days: 165.2e12 × 0.4 × 1,209,600 s × 2 =
    # 1.599e20 available against 6 × 350e6 × 7e9 = 1.47e19 needed → 10.9×, shown as "11×"
    q = sized("can_train", RTX_4090, 350e6, count=2, tokens=7e9, duration_s=14 * 86_400)
    reply = reply_for(cat, q, lang)
    values = [value for label, value in reply.fields if "FLOPs" in value and "(" in value]
    assert values and ENOUGH[lang] in values[0]
    assert "0.092×" not in reply.text(with_math=True)


# --- §6.3 Hindi grammar with a model named by size --------------------------------------------

POSTPOSITIONS = {
    "hi": ("का", "की", "के", "को", "में", "पर", "से"),
    "hi-Latn": ("ka", "ki", "ke", "ko", "mein", "pe", "par", "se"),
}


@pytest.mark.parametrize("lang", ["hi", "hi-Latn"])
def test_every_title_puts_a_postposition_after_the_model(lang):
    """The size-only model phrase is in the oblique form ("… पैरामीटर वाले एक मॉडल"), which
    is right only before a postposition; a named model reads the same either way."""
    wrong = []
    for key, text in locale.strings(lang).items():
        if not (key.startswith("title.") or key == "line.name_device"):
            continue
        for after in re.findall(r"\{model\}(\s*\S*)", text):
            word = after.strip().rstrip("।.,:;")
            if word not in POSTPOSITIONS[lang]:
                wrong.append((key, after))
    assert wrong == []


INTENT_QUERIES = {
    "can_train": dict(duration_s=30 * 86_400),
    "time_to_train": {},
    "devices_needed": dict(duration_s=30 * 86_400),
    "fits": {},
    "inference_speed": {},
    "cost": {},
    "training_compute": {},
}


@pytest.mark.parametrize("intent", sorted(INTENT_QUERIES))
def test_hindi_replies_with_a_model_by_size_are_grammatical(cat, intent):
    q = sized(intent, RTX_4090, 1e9, **INTENT_QUERIES[intent])
    hi = reply_for(cat, q, "hi")
    assert "1B पैरामीटर वाले एक मॉडल" in hi.title
    assert "का एक मॉडल" not in hi.text()
    latn = reply_for(cat, q, "hi-Latn")
    assert "1B parameters wale ek model" in latn.title
    assert "ka ek model" not in latn.text()


@pytest.mark.parametrize("intent", sorted(INTENT_QUERIES))
def test_hindi_replies_with_a_named_model_keep_the_name(cat, intent):
    q = query(intent, RTX_4090, LLAMA2_7B, **INTENT_QUERIES[intent])
    hi = reply_for(cat, q, "hi")
    assert "Llama 2 7B" in hi.title and DEVANAGARI.search(hi.title)


# --- §6.4 Hindi replies in Hindi ---------------------------------------------------------------

# Latin words a Hindi reply keeps: the product's name and the commands people type.
LATIN_KEPT = {"canitrain", "help", "sources"}


def test_hindi_wording_leaves_no_english_words():
    """Units, precisions, product and method names stay Latin (GB, TFLOPS, BF16, Adam,
    LoRA); descriptive English words do not (hidden size, dense, prefill, accumulate)."""
    english = []
    for key, text in locale.strings("hi").items():
        text = text if isinstance(text, str) else " ".join(text)
        text = re.sub(r"\{[a-z_]+\}", "", text)
        words = re.findall(r"[A-Za-z][A-Za-z\-]*", text)
        english += [(key, w) for w in words if w.islower() and len(w) >= 3 and w not in LATIN_KEPT]
    assert english == []


def test_model_card_architecture_line_in_hindi(cat):
    from bot.render import model_card

    card = model_card(LLAMA2_70B, cat, "hi")
    line = next(line for line in card.lines if "8,192" in line)
    assert "हिडन साइज़" in line and "अटेंशन हेड" in line and "कॉन्टेक्स्ट" in line
    assert not re.search(r"hidden|attention|context", line)


# --- §6.5 all the asked devices are used; the fewest that would hold it is a minimum ----------

SHARED_BY_ALL = {"en": "All 8 of the asked devices", "hi": "सभी 8 डिवाइस", "hi-Latn": "saare 8"}


@pytest.mark.parametrize("lang", LANGS)
def test_sharding_with_more_devices_than_needed_says_all_are_used(cat, lang):
    # Llama 2 7B: 16 × 7e9 = 112 GB + activations → 2 A100s hold it; 8 are asked
    q = query("time_to_train", A100_80GB, LLAMA2_7B, count=8)
    reply = reply_for(cat, q, lang)
    sharding = [a for a in reply.assumptions if SHARED_BY_ALL[lang] in a]
    assert len(sharding) == 1 and "2" in sharding[0]


# --- §6.6 citations, and §5.2 spare memory ---------------------------------------------------


def test_a_caveat_cites_after_the_memory_marks_with_no_stray_space(cat):
    # a model whose size is an outside estimate: the caveat's mark follows its own sentence
    big = Model(
        id="big",
        name="Big",
        params=1.8e12,
        params_kind="outside_estimate",
        source="openai2023",
        field_sources={"params": "facts-md"},
    )
    local = Catalog(cat.sources, cat.hardware, {"big": big}, {}, {})
    q = query("can_train", A100_80GB, big, count=512, duration_s=100 * 86_400)
    est = estimate(q, A100_80GB, big)
    reply = render(Parsed(text="", language="en", query=q, understood=True), est, local, "en")
    memory = next(line for line in reply.lines if line.startswith("Memory:"))
    assert "] [" not in memory
    assert re.search(
        r"\]\s+The parameter count behind this is an outside estimate\. \[\d+\]$", memory
    )


@pytest.mark.parametrize("lang", LANGS)
def test_no_yes_at_zero_utilization_for_a_device_without_a_peak(cat, lang):
    # a 124M model on the M4 Max: 16 × 124e6 = 1.98 GB of 128 GB; 126 GB spare, not "130 GB"
    q = sized("can_train", M4_MAX, 124e6, duration_s=7 * 86_400)
    reply = reply_for(cat, q, lang)
    assert not reply.title.startswith(locale.t(lang, "verdict.yes"))
    assert "0%" not in reply.title
    assert "Apple M4 Max" in reply.title
    assert "126 GB" in reply.text() and "130 GB" not in reply.text()


# --- §5.3/§5.4 speed: on how many devices, and without a compute peak ------------------------

NO_FIT = {"en": "doesn't fit", "hi": "जगह नहीं", "hi-Latn": "jagah nahi"}


@pytest.mark.parametrize("lang", LANGS)
def test_speed_headline_says_it_does_not_fit_and_on_how_many_it_runs(cat, lang):
    # Llama 2 70B on one H100: 169.3 GB needs 3; 0.6 × 3 × 3,350e9 / 141.34e9 = 42.7 tokens/s
    reply = reply_for(cat, query("inference_speed", H100_SXM, LLAMA2_70B), lang)
    assert NO_FIT[lang] in reply.title
    assert "3 × H100 SXM5 80GB" in reply.title and "42.7" in reply.title
    decode = reply.lines[0]
    # 141.34e9 B a token in all, 47.1 GB from each of the 3
    assert "140 GB" in decode and "47 GB" in decode and "3 × H100 SXM5 80GB" in decode
    assert re.search(r"B/s × 3 ÷", reply.math[0])  # the arithmetic is over the 3 devices


@pytest.mark.parametrize("lang", LANGS)
def test_speed_without_a_compute_peak(cat, lang):
    # M4 Max: 0.6 × 546e9 / 16.147e9 = 20.3 tokens/s for Llama 2 7B; prefill left out, said so
    reply = reply_for(cat, query("inference_speed", M4_MAX, LLAMA2_7B), lang)
    assert "20.3" in reply.title
    prefill = {"en": "(prefill)", "hi": "(प्रीफ़िल)", "hi-Latn": "(prefill)"}[lang]
    assert any("Apple M4 Max" in line and prefill in line for line in reply.lines)


# --- §5.1/§5.5 comparisons -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_inference_compare_puts_the_holder_first_and_says_why(cat, lang):
    q = query("compare", QUADRO_RTX_8000, LLAMA2_13B, task="inference")
    q.compare_with = [hw_ref(RTX_3090)]
    reply = reply_for(cat, q, lang, compare=[(QUADRO_RTX_8000, 1), (RTX_3090, 1)])
    assert reply.title.index("Quadro RTX 8000") < reply.title.index("GeForce RTX 3090")
    rows = [line for line in reply.lines if line[:3] in ("1. ", "2. ")]
    assert rows[0].startswith("1. Quadro") and "BF16" in rows[0] and "FP32" not in reply.text()
    # 0.6 × 936e9 × 2 / 29.355e9 = 38.3 tokens/s, on the 2 that would hold it
    assert "38.3" in rows[1] and "2" in rows[1].split("(")[-1]


@pytest.mark.parametrize("lang", LANGS)
def test_training_compare_names_the_device_whose_compute_is_not_published(cat, lang):
    q = query("compare", RTX_4090, LLAMA2_7B, task="pretrain")
    q.compare_with = [hw_ref(M4_MAX)]
    reply = reply_for(cat, q, lang, compare=[(RTX_4090, 1), (M4_MAX, 1)])
    rows = [line for line in reply.lines if line[:3] in ("1. ", "2. ")]
    assert rows[0].startswith("1. GeForce RTX 4090")
    assert rows[1].startswith("2. Apple M4 Max") and locale.t(lang, "figure.peak") in rows[1]
