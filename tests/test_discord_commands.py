"""Slash commands end to end: each command, autocomplete, buttons, locale, defer, errors, sync.

The interaction arrives over the stand-in's gateway; the bot's response is the callback it POSTs
to `/interactions/{id}/{token}/callback?with_response=1` (without an Authorization header; the
stand-in fails the test otherwise) and any follow-ups to the application's webhook.
"""

from __future__ import annotations

import re
import threading

import pytest

import grammar
from bot.answer import answer, answer_query
from bot.discord.i18n import lookup, ui
from core.conventions import SECONDS_PER_DAY
from core.types import Query
from knowledge.names import name_key
from tests.discord_standin.harness import notice_pattern, running_bot

EPHEMERAL = 1 << 6
CALLBACK_MESSAGE, CALLBACK_DEFERRED, CALLBACK_AUTOCOMPLETE = 4, 5, 8
SEED = "can a 4070 Ti train GPT-3.5 in a year at 90%?"


def refs(catalog, hardware: str, model: str | None = None, count: int = 1):
    """The refs a question naming these would get, read by the grammar itself."""
    hw = grammar.parse(f"tell me about the {hardware}", catalog).query.hardware
    hw = hw.model_copy(update={"count": count})
    if model is None:
        return hw, None
    return hw, grammar.parse(f"tell me about {model}", catalog).query.model


def expected_title(query: Query, language: str = "en") -> str:
    return answer_query(query, language=language).reply.title


async def test_ask_answers_with_an_embed_buttons_and_no_pings():
    async with running_bot() as run:
        sent = await run.standin.send_command("ask", {"question": SEED}, user=run.user())
        callback = await run.callback_of(sent)
    assert callback.json["type"] == CALLBACK_MESSAGE
    data = callback.json["data"]
    assert data["embeds"][0]["title"] == answer(SEED).reply.title
    assert data["allowed_mentions"] == {"parse": []}
    assert not int(data.get("flags") or 0) & EPHEMERAL  # the answer is for the channel
    assert "authorization" not in {k.lower() for k in callback.headers}
    assert callback.query["with_response"] == "1"


async def test_a_hindi_discord_locale_gets_a_hindi_answer_to_an_english_question():
    async with running_bot() as run:
        sent = await run.standin.send_command(
            "ask", {"question": SEED}, user=run.user(), locale="hi"
        )
        callback = await run.callback_of(sent)
    expected = answer(SEED, language="hi")
    assert expected.language == "hi"
    assert callback.json["data"]["embeds"][0]["title"] == expected.reply.title


@pytest.mark.parametrize(
    ("command", "options", "query"),
    [
        (
            "train",
            {"model": "GPT-3.5", "hardware": "4070 Ti", "duration": 365.0, "utilization": 90.0},
            lambda hw, m: Query(
                intent="can_train",
                task="pretrain",
                hardware=hw,
                model=m,
                duration_s=365 * SECONDS_PER_DAY,
                utilization=0.9,
            ),
        ),
        (
            "train",
            {"model": "GPT-3.5", "hardware": "4070 Ti", "count": 8},
            lambda hw, m: Query(
                intent="time_to_train",
                task="pretrain",
                hardware=hw.model_copy(update={"count": 8}),
                model=m,
            ),
        ),
        (
            "fits",
            {"model": "GPT-3.5", "hardware": "4070 Ti", "task": "qlora", "precision": "bf16"},
            lambda hw, m: Query(
                intent="fits", task="qlora", hardware=hw, model=m, precision="bf16"
            ),
        ),
        (
            "speed",
            {"model": "GPT-3.5", "hardware": "4070 Ti"},
            lambda hw, m: Query(intent="inference_speed", task="inference", hardware=hw, model=m),
        ),
        ("hardware", {"name": "4070 Ti"}, lambda hw, m: Query(intent="hardware_info", hardware=hw)),
        ("model", {"name": "GPT-3.5"}, lambda hw, m: Query(intent="model_info", model=m)),
    ],
)
async def test_structured_commands_answer_the_query_they_describe(catalog, command, options, query):
    hw, model = refs(catalog, "4070 Ti", "GPT-3.5")
    async with running_bot() as run:
        sent = await run.standin.send_command(command, options, user=run.user())
        callback = await run.callback_of(sent)
    assert callback.json["type"] == CALLBACK_MESSAGE
    assert callback.json["data"]["embeds"][0]["title"] == expected_title(query(hw, model))


@pytest.mark.parametrize("command", ["help", "sources"])
async def test_help_and_sources_show_what_the_cli_shows(command):
    async with running_bot() as run:
        sent = await run.standin.send_command(command, user=run.user())
        callback = await run.callback_of(sent)
    assert callback.json["data"]["embeds"][0]["title"] == answer(command).reply.title


async def test_an_unknown_hardware_name_gets_a_private_note_with_the_closest_names(catalog):
    async with running_bot() as run:
        sent = await run.standin.send_command("hardware", {"name": "RTX 4070 Tie"}, user=run.user())
        callback = await run.callback_of(sent)
    data = callback.json["data"]
    assert int(data["flags"]) & EPHEMERAL
    suggestions = catalog.suggest("RTX 4070 Tie", "hardware")
    assert data["content"].startswith(ui("en", "unknown_hardware", name="RTX 4070 Tie"))
    assert suggestions and all(name in data["content"] for name in suggestions)


async def test_hardware_autocomplete_offers_matching_names_and_aliases(catalog):
    async with running_bot() as run:
        sent = await run.standin.send_autocomplete(
            "train", {"model": "", "hardware": "4070"}, focused="hardware", user=run.user()
        )
        callback = await run.callback_of(sent)
    assert callback.json["type"] == CALLBACK_AUTOCOMPLETE
    choices = callback.json["data"]["choices"]
    expected = {
        catalog.hardware[row_id].name
        for key, (row_id, _, _) in catalog.hardware_aliases.items()
        if "4070" in key
    }
    assert {c["value"] for c in choices} == expected
    assert all(len(c["name"]) <= 100 for c in choices)


async def test_model_autocomplete_with_nothing_typed_gives_at_most_25(catalog):
    async with running_bot() as run:
        sent = await run.standin.send_autocomplete(
            "fits", {"model": "", "hardware": ""}, focused="model", user=run.user()
        )
        callback = await run.callback_of(sent)
    choices = callback.json["data"]["choices"]
    assert len(choices) == min(25, len(catalog.models))
    for choice in choices:  # every suggestion resolves, so picking one always works
        assert catalog.resolve_model(choice["value"])


async def test_model_autocomplete_reads_devanagari_spellings(catalog):
    typed = "जीपीटी"  # spelled-out Latin letters: G P T
    async with running_bot() as run:
        sent = await run.standin.send_autocomplete(
            "speed", {"model": typed, "hardware": ""}, focused="model", user=run.user()
        )
        callback = await run.callback_of(sent)
    assert name_key(typed) == "gpt"
    expected = {
        catalog.models[row_id].name
        for key, (row_id, _, _) in catalog.model_aliases.items()
        if "gpt" in key
    }
    values = {c["value"] for c in callback.json["data"]["choices"]}
    assert values and values <= expected and len(values) == min(25, len(expected))


async def test_duration_autocomplete_offers_a_year_as_365_days_in_the_users_language():
    async with running_bot() as run:
        sent = await run.standin.send_autocomplete(
            "train",
            {"model": "", "hardware": "", "duration": ""},
            focused="duration",
            user=run.user(),
            locale="hi",
        )
        callback = await run.callback_of(sent)
    choices = {c["value"]: c["name"] for c in callback.json["data"]["choices"]}
    assert choices[365] == lookup("hi", "durations.year").format(days="365")


async def test_a_slow_answer_is_deferred_then_sent_as_a_follow_up(catalog):
    release = threading.Event()

    def slow(query, context=None, **kw):
        release.wait(10)
        return answer_query(query, context, **kw)

    async with running_bot(ask_query=slow, defer_after_s=0.05) as run:
        sent = await run.standin.send_command("hardware", {"name": "4070 Ti"}, user=run.user())
        deferred = await run.callback_of(sent)
        assert deferred.json["type"] == CALLBACK_DEFERRED
        release.set()
        followup = await run.followup_of(sent)
    hw, _ = refs(catalog, "4070 Ti")
    assert followup.json["embeds"][0]["title"] == expected_title(
        Query(intent="hardware_info", hardware=hw)
    )
    assert followup.json["allowed_mentions"] == {"parse": []}


async def test_the_math_button_shows_the_arithmetic_to_the_presser_only():
    async with running_bot() as run:
        user = run.user()
        sent = await run.standin.send_command("ask", {"question": SEED}, user=user)
        callback = await run.callback_of(sent)
        message = callback.response["resource"]["message"]
        button = message["components"][0]["components"][0]
        click = await run.standin.click(message, button["custom_id"], user=user)
        shown = await run.callback_of(click)
    data = shown.json["data"]
    assert int(data["flags"]) & EPHEMERAL
    text = "\n".join(e.get("description", "") for e in data["embeds"])
    assert answer(SEED).reply.math[0] in text


async def test_the_language_button_gives_the_answer_in_hindi_privately(catalog):
    async with running_bot() as run:
        user = run.user()
        sent = await run.standin.send_command("hardware", {"name": "4070 Ti"}, user=user)
        message = (await run.callback_of(sent)).response["resource"]["message"]
        button = message["components"][0]["components"][-1]
        assert button["label"] == ui("hi", "language_name")
        click = await run.standin.click(message, button["custom_id"], user=user)
        shown = await run.callback_of(click)
    hw, _ = refs(catalog, "4070 Ti")
    data = shown.json["data"]
    assert int(data["flags"]) & EPHEMERAL
    assert data["embeds"][0]["title"] == expected_title(
        Query(intent="hardware_info", hardware=hw), "hi"
    )


async def test_slash_commands_share_the_rate_limit_and_refuse_privately():
    async with running_bot(rate_user="1/3600") as run:
        user = run.user()
        first = await run.standin.send_command("ask", {"question": SEED}, user=user)
        second = await run.standin.send_command("ask", {"question": SEED}, user=user)
        ok, refused = await run.callback_of(first), await run.callback_of(second)
    assert ok.json["data"]["embeds"]
    assert int(refused.json["data"]["flags"]) & EPHEMERAL
    assert re.fullmatch(notice_pattern("rate_user"), refused.json["data"]["content"])


async def test_a_command_that_fails_apologises_privately_and_logs_the_error():
    def broken(text, context=None, **kw):
        raise RuntimeError("broken answer flow")

    async with running_bot(ask=broken) as run:
        run.expected_errors = 1
        sent = await run.standin.send_command("ask", {"question": SEED}, user=run.user())
        callback = await run.callback_of(sent)
        errors = run.logs.bot_errors()
        later = await run.standin.send_command("hardware", {"name": "4070 Ti"}, user=run.user())
        assert (await run.callback_of(later)).json["data"]["embeds"]
    assert callback.json["data"]["content"] == ui("en", "apology")
    assert int(callback.json["data"]["flags"]) & EPHEMERAL
    assert len(errors) == 1 and "broken answer flow" in str(errors[0].exc_info[1])


async def test_sync_registers_every_command_with_hindi_descriptions():
    async with running_bot() as run:
        guild_id = int(run.standin.guild["id"])
        await run.bot.sync_commands(guild_id)
        synced = run.standin.commands[str(guild_id)]
    names = {c["name"] for c in synced}
    assert names == {"ask", "train", "fits", "speed", "hardware", "model", "sources", "help"}
    for command in synced:
        key = f"commands.{command['name']}"
        assert command["description_localizations"]["hi"] == lookup("hi", f"{key}.description")
        for option in command.get("options", []):
            hindi = lookup("hi", f"{key}.options.{option['name']}")
            assert option["description_localizations"]["hi"] == hindi
            if option["name"] in ("model", "hardware", "name", "duration"):
                assert option["autocomplete"] is True
