"""The bot answering messages: mentions, DMs, what it ignores, limits, slowness and failures.

End to end: the real discord.py client logged in to the loopback stand-in, answering with the
real `bot.answer.answer`. Expected replies come from calling `answer()` directly, so these tests
check that Discord shows what the shared flow says, not what it says.
"""

from __future__ import annotations

import re
import threading

from bot.answer import answer
from bot.conversation import Conversation
from bot.discord.i18n import ui
from core.conventions import Settings as EstimateSettings
from tests.discord_standin import StandIn, payloads
from tests.discord_standin.harness import notice_pattern, running_bot

SEED = "can a 4070 Ti train GPT-3.5 in a year at 90%?"
SEED_HI = "क्या एक 4070 Ti एक साल में 90% उपयोग पर GPT-3.5 को ट्रेन कर सकता है?"
PING_NOBODY = {"parse": []}  # AllowedMentions.none(): no users, roles, @everyone or reply ping


def is_answer_for(embed: dict, question: str, **kw) -> bool:
    return embed["title"] == answer(question, **kw).reply.title


async def test_a_mention_is_answered_with_an_embed_reply_that_pings_nobody():
    async with running_bot() as run:
        sent = await run.standin.send_message(SEED, author=run.user(), mention_bot=True)
        reply = await run.reply_to(sent)

    expected = answer(SEED)
    embed = reply.embeds[0]
    assert embed["title"] == expected.reply.title
    assert embed["description"].startswith(expected.reply.lines[0])
    assert reply.json["allowed_mentions"] == PING_NOBODY
    assert reply.json["message_reference"]["message_id"] == sent.id
    # every source is a numbered link somewhere in the reply's fields
    fields = " ".join(f["value"] for e in reply.embeds for f in e.get("fields", []))
    for citation in expected.reply.citations:
        assert f"[{citation.number}]" in fields
        if citation.url:
            assert f"]({citation.url})" in fields
    labels = [b["label"] for row in reply.json["components"] for b in row["components"]]
    assert labels == [ui("en", "math"), ui("hi", "language_name")]


async def test_mentions_need_no_privileged_intent():
    async with running_bot() as run:
        intents = run.standin.gateway.identifies[-1]["intents"]
    assert intents & payloads.INTENT_GUILD_MESSAGES
    assert intents & payloads.INTENT_DIRECT_MESSAGES
    assert not intents & payloads.INTENT_MESSAGE_CONTENT


async def test_a_question_in_devanagari_is_answered_in_hindi():
    async with running_bot() as run:
        sent = await run.standin.send_message(SEED_HI, author=run.user(), mention_bot=True)
        reply = await run.reply_to(sent)
    expected = answer(SEED_HI)
    assert expected.language == "hi"
    assert reply.embeds[0]["title"] == expected.reply.title


async def test_a_dm_is_answered_without_a_mention():
    async with running_bot() as run:
        user = run.user()
        dm = run.standin.dm_channel(user)
        sent = await run.standin.send_message(SEED, author=user, channel=dm)
        reply = await run.reply_to(sent)
    assert reply.params["channel_id"] == dm["id"]
    assert is_answer_for(reply.embeds[0], SEED)


async def test_a_mention_of_the_bots_managed_role_counts_as_a_mention():
    # Clients sometimes insert the bot's role for "@canitrain". Discord documents only user
    # mentions as exempt from the message-content rule, so this needs the intent: the stand-in
    # grants it here because another channel answers everything.
    async with StandIn() as standin:
        elsewhere = int(standin.channel(1)["id"])
        async with running_bot(standin=standin, answer_all_channels=[elsewhere]) as run:
            role_id = standin.bot_role_id()
            sent = await standin.send_message(
                f"<@&{role_id}> {SEED}", author=run.user(), role_ids=(role_id,)
            )
            reply = await run.reply_to(sent)
    assert is_answer_for(reply.embeds[0], SEED)


async def test_everyone_and_role_mentions_in_a_question_ping_nobody():
    question = "@everyone <@&123456789> " + SEED
    async with running_bot() as run:
        sent = await run.standin.send_message(
            question, author=run.user(), mention_bot=True, role_ids=(123456789,)
        )
        reply = await run.reply_to(sent)
    assert reply.json["allowed_mentions"] == PING_NOBODY
    assert "@everyone" not in (reply.json.get("content") or "")


async def test_it_ignores_itself_other_bots_plain_chat_and_empty_mentions():
    async with running_bot() as run:
        standin = run.standin
        ignored = [
            await standin.send_message(SEED, author=standin.bot_user, mention_bot=True),
            await standin.send_message(
                SEED,
                author=payloads.user(payloads.snowflake(), "otherbot", bot=True),
                mention_bot=True,
            ),
            await standin.send_message(SEED, author=run.user()),  # no mention, ordinary channel
            await standin.send_message("  ", author=run.user(), mention_bot=True),
        ]
        # Events are handled in order and ignoring is synchronous: once a later question in the
        # same channel is answered, the earlier ones have had their chance.
        last = await standin.send_message(SEED, author=run.user(), mention_bot=True)
        await run.reply_to(last)
        for sent in ignored:
            assert not standin.find(standin.is_reply_to(sent))
        assert not standin.find(lambda r: r.route.endswith("/typing"))


async def test_without_the_content_intent_plain_messages_arrive_blank():
    # The stand-in applies Discord's rule, so a bot that relied on reading them would fail here.
    async with running_bot() as run:
        sent = await run.standin.send_message(SEED, author=run.user())
        await run.reply_to(
            await run.standin.send_message(SEED, author=run.user(), mention_bot=True)
        )
        cached = run.bot.get_partial_messageable(sent.payload["channel_id"])
        seen = [m for m in run.bot.cached_messages if m.id == sent.id]
    assert cached is not None and [m.content for m in seen] == [""]


async def test_follow_ups_use_the_previous_question_of_the_same_channel_only():
    first, follow_up = SEED, "and with 1000 of them?"
    async with running_bot() as run:
        user = run.user()
        channel, other = run.standin.channel(0), run.standin.channel(1)
        await run.reply_to(
            await run.standin.send_message(first, author=user, channel=channel, mention_bot=True)
        )
        here = await run.standin.send_message(
            follow_up, author=user, channel=channel, mention_bot=True
        )
        there = await run.standin.send_message(
            follow_up, author=user, channel=other, mention_bot=True
        )
        reply_here, reply_there = await run.reply_to(here), await run.reply_to(there)

    conversation = Conversation()
    answer(first, conversation)
    assert reply_here.embeds[0]["title"] == answer(follow_up, conversation).reply.title
    assert reply_there.embeds[0]["title"] == answer(follow_up, Conversation()).reply.title


async def test_a_question_over_the_length_limit_is_refused_politely():
    async with running_bot(max_question_chars=40) as run:
        sent = await run.standin.send_message(
            SEED + " " * 3 + "x" * 20, author=run.user(), mention_bot=True
        )
        reply = await run.reply_to(sent)
    length = len(SEED) + 23
    assert reply.json["content"] == ui("en", "too_long", length=length, limit=40)
    assert not reply.embeds


async def test_per_user_rate_limit_replies_once_then_stays_quiet():
    async with running_bot(rate_user="2/3600", rate_channel="off") as run:
        asker, other = run.user("fast"), run.user("other")
        sent = [
            await run.standin.send_message(SEED, author=asker, mention_bot=True) for _ in range(4)
        ]
        last = await run.standin.send_message(SEED, author=other, mention_bot=True)
        await run.reply_to(last)
        replies = [run.standin.find(run.standin.is_reply_to(s)) for s in sent]

    assert [len(r) for r in replies] == [1, 1, 1, 0]
    assert replies[0][0].embeds and replies[1][0].embeds
    assert re.fullmatch(notice_pattern("rate_user"), replies[2][0].json["content"])
    assert replies[2][0].json["allowed_mentions"] == PING_NOBODY


async def test_per_channel_rate_limit_counts_every_asker():
    async with running_bot(rate_user="off", rate_channel="3/3600") as run:
        sent = [
            await run.standin.send_message(SEED, author=run.user(f"u{i}"), mention_bot=True)
            for i in range(4)
        ]
        replies = [await run.reply_to(s) for s in sent]
    assert all(r.embeds for r in replies[:3])
    assert re.fullmatch(notice_pattern("rate_channel"), replies[3].json["content"])


async def test_typing_is_shown_while_a_slow_answer_is_worked_out():
    release = threading.Event()

    def slow(text, context=None, **kw):
        release.wait(10)
        return answer(text, context, **kw)

    async with running_bot(ask=slow, typing_after_s=0.05) as run:
        sent = await run.standin.send_message(SEED, author=run.user(), mention_bot=True)
        typing = await run.wait_for(lambda r: r.route == "/channels/{channel_id}/typing")
        assert not run.standin.find(run.standin.is_reply_to(sent))  # still working
        release.set()
        reply = await run.reply_to(sent)
    assert typing[0].params["channel_id"] == str(sent.payload["channel_id"])
    assert is_answer_for(reply.embeds[0], SEED)


async def test_an_exception_while_answering_gets_an_apology_is_logged_and_the_bot_lives_on():
    def flaky(text, context=None, **kw):
        if "boom" in text:
            raise RuntimeError("boom in the answer flow")
        return answer(text, context, **kw)

    async with running_bot(ask=flaky) as run:
        run.expected_errors = 1
        sent = await run.standin.send_message("boom", author=run.user(), mention_bot=True)
        apology = await run.reply_to(sent)
        after = await run.standin.send_message(SEED, author=run.user(), mention_bot=True)
        reply = await run.reply_to(after)
        errors = run.logs.bot_errors()

    assert apology.json["content"] == ui("en", "apology")
    assert len(errors) == 1 and "boom in the answer flow" in str(errors[0].exc_info[1])
    assert is_answer_for(reply.embeds[0], SEED)


async def test_answer_all_channels_answer_questions_but_not_chat():
    async with StandIn() as standin:
        channel = standin.channel(1)
        async with running_bot(standin=standin, answer_all_channels=[int(channel["id"])]) as run:
            assert standin.gateway.identifies[-1]["intents"] & payloads.INTENT_MESSAGE_CONTENT
            chat = await standin.send_message("lunch at noon?", author=run.user(), channel=channel)
            question = await standin.send_message(SEED, author=run.user(), channel=channel)
            reply = await run.reply_to(question)
            assert not standin.find(standin.is_reply_to(chat))
    assert is_answer_for(reply.embeds[0], SEED)


async def test_the_configured_electricity_price_is_used_for_energy_costs():
    question = "how much would electricity cost to train Llama 2 7B on 8 H100?"
    async with running_bot(electricity_price=0.30) as run:
        sent = await run.standin.send_message(question, author=run.user(), mention_bot=True)
        reply = await run.reply_to(sent)
    priced = answer(question, settings=EstimateSettings(electricity_price_per_kwh=0.30))
    assert priced.reply.title != answer(question).reply.title  # the price shows in the answer
    assert reply.embeds[0]["title"] == priced.reply.title
