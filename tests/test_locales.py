"""The wording files: every key the renderer uses, and every assumption code core can emit,
has a wording in en, hi and hi-Latn, with exactly the placeholders the values fill.

A new assumption code in core/assumptions.py without wording here fails this test, as does a
new key in bot/render that only one language has.
"""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pytest

from bot.render import locale
from bot.render.assumptions import ENUM_GROUPS, LEAD_CODES
from core import conventions as C
from core.assumptions import CODES
from core.memory import Arch, task_need
from core.types import (
    INTENTS,
    PRECISIONS,
    TASKS,
    Estimate,
    FigureKind,
    HardwareKind,
    LargestTrainable,
)
from grammar.parsed import Rejected, UnknownMention

ROOT = Path(__file__).resolve().parent.parent
RENDER_FILES = [*sorted((ROOT / "bot" / "render").glob("*.py")), ROOT / "bot" / "numbers.py"]
LANGS = locale.LANGUAGES
OTHERS = [lang for lang in LANGS if lang != "en"]
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def literal_args(annotation) -> tuple[str, ...]:
    """The values of a Literal, looking through Optional."""
    out: list[str] = []
    for arg in typing.get_args(annotation):
        out += [arg] if isinstance(arg, str) else list(literal_args(arg))
    return tuple(out)


def memory_parts() -> set[str]:
    """Every part name core.memory puts in a breakdown, for each task (GPT-3's shape)."""
    arch = Arch(layers=96, hidden=12288, heads=96, kv_heads=96, context=2048)
    parts: set[str] = set()
    for task in TASKS:
        need = task_need(task, 174.6e9, 174.6e9, arch, C.Settings(), precision="bf16")
        parts |= set(need.breakdown)
    return parts


BOUNDS = literal_args(LargestTrainable.model_fields["bound_by"].annotation)
# Key families the renderer builds at run time (f"prefix{value}"), and every value they take.
FAMILIES: dict[str, tuple[str, ...]] = {
    "task.": TASKS,
    "intent.": INTENTS,
    "precision.": (*PRECISIONS, "nf4"),
    "precision_long.": (*PRECISIONS, "nf4"),
    "hwkind.": literal_args(HardwareKind),
    "bound.": (*BOUNDS, *literal_args(Estimate.model_fields["decode_bound"].annotation)),
    "metric.": (*literal_args(Estimate.model_fields["compare_metric"].annotation), "peak_flops"),
    "figure_kind.": literal_args(FigureKind),
    "verdict.": ("yes", "no"),
    "title.can_train_": ("yes", "no"),
    "line.bound_": BOUNDS,
    "line.unknown_": literal_args(UnknownMention.model_fields["kind"].annotation),
    "line.rejected_": literal_args(Rejected.model_fields["slot"].annotation),
    "missing.": (
        "hardware",
        "model",
        "duration",
        "tokens",
        "params",
        "intent",
        "utilization",
        "precision",
    ),
    "unit.": (
        *(
            f"{u}_{form}"
            for u in ("year", "month", "day", "hour", "minute", "second")
            for form in ("one", "other")
        ),
        "month_one_in",
        "hour_one_in",
    ),
    "heading.": ("assumptions", "sources", "math"),
    "part.": tuple(sorted(memory_parts())),
    "lead.": LEAD_CODES,
    "card.": ("params", "tokens"),
    "error.": ("internal", "too_long", "rate_limited"),
    "example.": INTENTS,
    "slot.": (
        "intent",
        "hardware",
        "model",
        "task",
        "duration",
        "tokens",
        "utilization",
        "precision",
    ),
    "per_param.": TASKS,
    "left_out.": TASKS,
    "figure.": ("bandwidth", "power", "peak"),  # compare: the figure a row lacks
}
# Assumption values from a closed set, worded through `<group>.<value>`.
ENUM_VALUES: dict[str, tuple[str, ...]] = {
    "task": TASKS,
    "kind": ("hardware", "model"),
    "scheme": ("zero3", "tensor_parallel"),
    "checkpointing": (C.CHECKPOINTING,),
    "figure": ("bandwidth", "power", "peak"),
}


def _keys_in_code() -> tuple[set[str], set[str]]:
    """Static keys ("title.fits_yes") and f-string prefixes ("task.") the renderer uses."""
    tables = {key.split(".")[0] for key in locale.strings("en")}
    static: set[str] = set()
    prefixes: set[str] = set()
    for path in RENDER_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parts = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and first.value.split(".")[0] in tables:
                    prefixes.add(first.value)
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in parts
            ):
                text = node.value
                if re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)+", text) and text.split(".")[0] in tables:
                    static.add(text)
    return static, prefixes


STATIC_KEYS, PREFIXES = _keys_in_code()


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_the_same_keys_as_english(lang):
    en, other = set(locale.strings("en")), set(locale.strings(lang))
    assert sorted(en - other) == [], f"{lang} lacks these"
    assert sorted(other - en) == [], f"{lang} has keys English lacks"


@pytest.mark.parametrize("lang", OTHERS)
def test_placeholders_match_english(lang):
    en, other = locale.strings("en"), locale.strings(lang)
    for key, text in en.items():
        if isinstance(text, str):
            assert locale.placeholders(other[key]) == locale.placeholders(text), key


def test_the_renderers_static_keys_exist():
    assert STATIC_KEYS, "the scan found no keys; did the renderer move?"
    missing = sorted(k for k in STATIC_KEYS if k not in locale.strings("en"))
    assert missing == []


def test_every_dynamic_key_family_is_known_to_this_test():
    assert sorted(PREFIXES - set(FAMILIES)) == [], "add the new family and its values above"


@pytest.mark.parametrize("lang", LANGS)
def test_every_dynamic_key_exists(lang):
    strings = locale.strings(lang)
    missing = [p + v for p, values in FAMILIES.items() for v in values if p + v not in strings]
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_enumerated_assumption_values_have_wording(lang):
    assert set(ENUM_VALUES) == set(ENUM_GROUPS)
    strings = locale.strings(lang)
    missing = [f"{g}.{v}" for g, values in ENUM_VALUES.items() for v in values]
    assert [k for k in missing if k not in strings] == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("code", sorted(CODES))
def test_every_assumption_code_has_wording_with_exactly_its_values(lang, code):
    strings = locale.strings(lang)
    base = strings.get(f"assumption.{code}")
    assert isinstance(base, str), f"no wording for {code} in {lang}"
    names = set(CODES[code])
    extras = {
        key.rsplit(".", 1)[1]: text
        for key, text in strings.items()
        if key.startswith(f"assumption_if.{code}.")
    }
    assert locale.placeholders(base) <= names
    for name, text in extras.items():
        assert name in names, f"assumption_if.{code}.{name}: {name} is not a value of {code}"
        assert name in locale.placeholders(text) and locale.placeholders(text) <= names
    used = locale.placeholders(base).union(*(locale.placeholders(t) for t in extras.values()))
    assert used == names


@pytest.mark.parametrize("lang", LANGS)
def test_lead_wordings_use_only_their_codes_values(lang):
    for key, text in locale.strings(lang).items():
        if key.startswith(("lead.", "lead_if.")):
            code = key.split(".")[1]
            assert code in CODES, key
            assert locale.placeholders(text) <= set(CODES[code]), key


# Sentences (not labels or symbols) that must be written in the language's own script.
PROSE = ("title.", "line.", "lead.", "lead_if.", "assumption.", "assumption_if.", "error.", "note.")
NOT_PROSE = {
    "title.hardware_card",
    "title.model_card",
    "title.sources",
    "line.compare_row",
    "line.compare_row_speed",
}


def test_hindi_sentences_are_in_devanagari():
    latin_only = [
        key
        for key, text in locale.strings("hi").items()
        if key.startswith(PROSE) and key not in NOT_PROSE and not DEVANAGARI.search(text)
    ]
    assert latin_only == []


@pytest.mark.parametrize("lang", ["en", "hi-Latn"])
def test_latin_script_files_have_no_devanagari(lang):
    flat = [
        text if isinstance(text, str) else " ".join(text) for text in locale.strings(lang).values()
    ]
    assert [t for t in flat if DEVANAGARI.search(t)] == []


def test_romanized_hindi_is_not_english():
    """hi-Latn says the seed's verdict the way people type it, not in English words."""
    assert locale.t("hi-Latn", "verdict.no") == "Nahi"
    en, latn = locale.strings("en"), locale.strings("hi-Latn")
    same = [k for k in en if k.startswith(PROSE) and k not in NOT_PROSE and en[k] == latn[k]]
    assert same == []


@pytest.mark.parametrize("lang", LANGS)
def test_help_has_examples(lang):
    examples = locale.raw(lang, "help.examples")
    assert isinstance(examples, list) and len(examples) >= 3


def test_t_falls_back_and_never_raises():
    assert locale.t("xx", "verdict.no") == "No"  # unknown language → English
    assert locale.t("hi", "no.such.key") == "no.such.key"
    assert locale.t("en", "phrase.device_one") == "one {name}"  # unfilled stays visible
