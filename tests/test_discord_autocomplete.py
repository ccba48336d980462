"""Autocomplete choices: catalog names by alias, Devanagari spellings, typos, durations."""

from __future__ import annotations

from bot.discord.autocomplete import MAX_CHOICES, catalog_choices, duration_choices, name_choices
from bot.discord.i18n import lookup
from knowledge.names import name_key


def test_prefix_matches_come_before_matches_inside_a_name(catalog):
    choices = name_choices(catalog.hardware, catalog.hardware_aliases, "4070")
    ranks = []
    for _label, value in choices:
        keys = [
            k
            for k, (rid, _, _) in catalog.hardware_aliases.items()
            if catalog.hardware[rid].name == value
        ]
        ranks.append(0 if any(k.startswith("4070") for k in keys) else 1)
    assert ranks == sorted(ranks)
    assert all(catalog.resolve_hardware(value) for _, value in choices)


def test_an_alias_match_is_labelled_with_the_alias_it_matched(catalog):
    # an alias that is not a spelling of the row's name, e.g. a short form
    alias_key, (row_id, _, alias) = next(
        (k, v)
        for k, v in catalog.hardware_aliases.items()
        if not name_key(catalog.hardware[v[0]].name).startswith(k)
    )
    name = catalog.hardware[row_id].name
    labels = {
        v: label for label, v in name_choices(catalog.hardware, catalog.hardware_aliases, alias)
    }
    assert labels[name] == f"{name} ({alias})"


def test_devanagari_digits_and_letters_find_the_same_rows(catalog):
    latin = catalog_choices(catalog, "hardware", "rtx 4070")
    devanagari = catalog_choices(catalog, "hardware", "आरटीएक्स ४०७०")
    assert latin and {v for _, v in devanagari} == {v for _, v in latin}


def test_a_typo_falls_back_to_the_catalogs_closest_names(catalog):
    typo = "geforse rtx 4070 tee"
    assert not name_choices(catalog.hardware, catalog.hardware_aliases, typo)
    assert [v for _, v in catalog_choices(catalog, "hardware", typo)] == catalog.suggest(
        typo, "hardware"
    )


def test_nothing_typed_gives_the_first_25_names(catalog):
    choices = catalog_choices(catalog, "model", "")
    assert len(choices) == min(MAX_CHOICES, len(catalog.models))
    assert [v for _, v in choices] == sorted(m.name for m in catalog.models.values())[:MAX_CHOICES]


def test_durations_follow_the_calendar_conventions():
    names = lookup("en", "durations")
    choices = dict((v, label) for label, v in duration_choices("", names))
    # DESIGN.md: year = 365 days, month = year / 12 = 30.4167 days, week = 7 days
    assert choices[365.0] == "1 year (365 days)"
    assert choices[30.4167] == "1 month (30.4167 days)"
    assert choices[7.0] == "1 week (7 days)"
    typed = duration_choices("90", names)
    assert typed[0] == ("90 days", 90.0)
    assert [label for label, _ in duration_choices("year", names)] == [
        "1 year (365 days)",
        "2 years (730 days)",
    ]
