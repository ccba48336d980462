"""Resolving the names people type (English, Devanagari, family names) to catalog rows."""

from __future__ import annotations

import pytest

from core.errors import UnknownHardware, UnknownModel

HARDWARE_ALIASES = {
    "4070ti": "rtx-4070-ti",
    "rtx4070 ti": "rtx-4070-ti",
    "geforce rtx 4070 ti": "rtx-4070-ti",
    "RTX-4070 Ti": "rtx-4070-ti",
    "a100-80g": "a100-80gb-sxm",
    "h100 sxm5": "h100-sxm",
    "आरटीएक्स 4070 टीआई": "rtx-4070-ti",  # RTX and Ti spelled out by letter name
    "४०७० टीआई": "rtx-4070-ti",  # Devanagari digits
    "ए100": "a100-80gb-sxm",
    "एच100": "h100-sxm",
    "a100 40gb pcie": "a100-40gb-pcie",
    "tpu v4": "tpu-v4",
    "M2 Ultra": "m2-ultra",
    "MI300X": "mi300x",
    "RX 7900 XTX": "rx-7900-xtx",
    "3060": "rtx-3060-12gb",
}
MODEL_ALIASES = {
    "llama2-7b": "llama-2-7b",
    "llama 2 7b": "llama-2-7b",
    "gpt3": "gpt-3-175b",
    "gpt-3 175b": "gpt-3-175b",
    "mixtral 8x7b": "mixtral-8x7b",
    "जीपीटी-3.5": "gpt-3.5",
    "जीपीटी-३.५": "gpt-3.5",
    "लामा 2 7B": "llama-2-7b",
    "124M GPT-2": "gpt-2-small",
    "gpt-2 124m": "gpt-2-small",
    "gpt2 small": "gpt-2-small",
    "gpt-2 xl": "gpt-2-xl",
    "BERT-large": "bert-large",
    "Llama 3.1 405B": "llama-3.1-405b",
    "deepseek v3": "deepseek-v3",
    "chatgpt": "gpt-3.5",
}


@pytest.mark.parametrize("name,hw_id", HARDWARE_ALIASES.items())
def test_hardware_alias_resolves(catalog, name, hw_id):
    assert catalog.resolve_hardware(name).id == hw_id


@pytest.mark.parametrize("name,model_id", MODEL_ALIASES.items())
def test_model_alias_resolves(catalog, name, model_id):
    assert catalog.resolve_model(name).id == model_id


FAMILY_DEFAULTS = [
    ("hardware", "A100", "a100-80gb-sxm"),
    ("hardware", "H100", "h100-sxm"),
    ("hardware", "V100", "v100-sxm2-32gb"),
    ("hardware", "a100 40gb", "a100-40gb-sxm"),
    ("hardware", "MI300", "mi300x"),
    ("model", "Llama 2", "llama-2-7b"),
    ("model", "GPT-2", "gpt-2-xl"),
    ("model", "जीपीटी-2", "gpt-2-xl"),
    ("model", "Llama 3", "llama-3-8b"),
    ("model", "Mixtral", "mixtral-8x7b"),
]


@pytest.mark.parametrize("kind,name,row_id", FAMILY_DEFAULTS)
def test_family_name_resolves_to_its_declared_default_and_says_so(catalog, kind, name, row_id):
    resolve = catalog.resolve_hardware if kind == "hardware" else catalog.resolve_model
    hit = resolve(name)
    assert hit.id == row_id
    assert hit.assumed_variant


@pytest.mark.parametrize("name", ["A100 80GB SXM4", "h100 sxm", "llama 2 7b", "gpt-2 xl"])
def test_explicit_variant_is_not_flagged_as_assumed(catalog, name):
    try:
        hit = catalog.resolve_hardware(name)
    except UnknownHardware:
        hit = catalog.resolve_model(name)
    assert not hit.assumed_variant


NEAR_NAMES = [
    ("hardware", "4070 ti", "4070 ti super"),
    ("hardware", "a10", "a100"),
    ("hardware", "3090", "3090 ti"),
    ("hardware", "4080", "4080 super"),
    ("hardware", "4070", "4070 super"),
    ("hardware", "h100", "h100 pcie"),
    ("model", "llama 3 8b", "llama 3.1 8b"),
    ("model", "gpt-3", "gpt-3.5"),
    ("model", "gemma 2b", "gemma 2 2b"),
    ("model", "phi-2", "phi-3 mini"),
]


@pytest.mark.parametrize("kind,a,b", NEAR_NAMES)
def test_near_names_resolve_to_different_rows(catalog, kind, a, b):
    resolve = catalog.resolve_hardware if kind == "hardware" else catalog.resolve_model
    assert resolve(a).id != resolve(b).id


def test_every_row_is_reachable_by_its_own_name_and_id(catalog):
    for h in catalog.hardware.values():
        assert catalog.resolve_hardware(h.name).id == h.id
        assert catalog.resolve_hardware(h.id).id == h.id
    for m in catalog.models.values():
        assert catalog.resolve_model(m.name).id == m.id
        assert catalog.resolve_model(m.id).id == m.id


@pytest.mark.parametrize("name", ["RTX 9090", "a potato", "H1000"])
def test_unknown_hardware_gets_suggestions_never_a_row(catalog, name):
    with pytest.raises(UnknownHardware) as exc:
        catalog.resolve_hardware(name)
    assert exc.value.name == name


def test_unknown_hardware_suggests_the_closest_names(catalog):
    with pytest.raises(UnknownHardware) as exc:
        catalog.resolve_hardware("RTX 9090")
    assert (
        "GeForce RTX 3090" in exc.value.suggestions or "GeForce RTX 4090" in exc.value.suggestions
    )


def test_unknown_model_gets_suggestions(catalog):
    with pytest.raises(UnknownModel) as exc:
        catalog.resolve_model("llama 5")
    assert any("Llama" in s or "LLaMA" in s for s in exc.value.suggestions)
