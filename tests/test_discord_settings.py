"""Settings of `canitrain discord`: environment over TOML, list and rate syntax, the token."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.discord.settings import MissingToken, RateLimit, Settings

SECRET = "MTIzNDU2Nzg5MDEyMzQ1Njc4.secret-token-that-must-never-show"


def test_every_setting_reads_from_its_environment_variable():
    env = {
        "DISCORD_TOKEN": SECRET,
        "DISCORD_API_BASE": "http://127.0.0.1:3001/api/v9",
        "DISCORD_GATEWAY_URL": "ws://127.0.0.1:3002/",
        "CANITRAIN_OWNER_ID": "42",
        "CANITRAIN_ANSWER_ALL_CHANNELS": "10, 20",
        "CANITRAIN_RATE_USER": "5/30",
        "CANITRAIN_RATE_CHANNEL": "off",
        "CANITRAIN_LANGUAGE": "hi",
        "CANITRAIN_ELECTRICITY_PRICE": "0.12",
        "CANITRAIN_SHARD_COUNT": "4",
        "CANITRAIN_SHARD_IDS": "1,3",
    }
    s = Settings.load(env)
    assert s.resolved_token() == SECRET
    assert (s.api_base, s.gateway_url) == (env["DISCORD_API_BASE"], env["DISCORD_GATEWAY_URL"])
    assert s.owner_id == 42 and s.answer_all_channels == {10, 20}
    assert s.rate_user == RateLimit(count=5, seconds=30) and s.rate_channel is None
    assert (s.language, s.electricity_price) == ("hi", 0.12)
    assert (s.shard_count, s.shard_ids) == (4, (1, 3))
    assert s.needs_message_content


def test_the_environment_overrides_the_config_file(tmp_path):
    config = tmp_path / "bot.toml"
    config.write_text('language = "hi"\nrate_user = "3/10"\nanswer_all_channels = [7]\n')
    s = Settings.load({"CANITRAIN_LANGUAGE": "en"}, config)
    assert s.language == "en"
    assert s.rate_user == RateLimit(count=3, seconds=10)
    assert s.answer_all_channels == {7}


def test_defaults_need_no_privileged_intent():
    assert not Settings().needs_message_content


def test_the_token_can_come_from_a_file(tmp_path):
    path = tmp_path / "token"
    path.write_text(SECRET + "\n")
    assert Settings.load({"DISCORD_TOKEN_FILE": str(path)}).resolved_token() == SECRET


def test_a_missing_token_says_where_to_put_it(tmp_path):
    with pytest.raises(MissingToken, match="DISCORD_TOKEN"):
        Settings.load({}).resolved_token()
    with pytest.raises(MissingToken, match="cannot read"):
        Settings.load({"DISCORD_TOKEN_FILE": str(tmp_path / "nope")}).resolved_token()


def test_settings_never_show_the_token():
    settings = Settings.load({"DISCORD_TOKEN": SECRET})
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    with pytest.raises(ValidationError) as info:
        Settings.load({"DISCORD_TOKEN": SECRET, "CANITRAIN_OWNER_ID": SECRET})
    assert SECRET not in str(info.value)


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"CANITRAIN_SHARD_IDS": "1"}, "shard_ids needs shard_count"),
        ({"CANITRAIN_SHARD_COUNT": "2", "CANITRAIN_SHARD_IDS": "2"}, "shard ids must be in 0..1"),
        ({"CANITRAIN_LANGUAGE": "fr"}, "language"),
        ({"CANITRAIN_RATE_USER": "0.5/60"}, "rate_user"),
        ({"CANITRAIN_DEFER_AFTER_S": "3"}, "defer_after_s"),  # Discord's deadline is 3 s
    ],
)
def test_impossible_settings_are_refused(env, problem):
    with pytest.raises(ValidationError, match=problem):
        Settings.load(env)
