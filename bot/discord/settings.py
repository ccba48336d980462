"""Settings of `canitrain discord`: environment variables over an optional TOML file.

Every field can be set in the config file under its own name (`rate_user = "5/60"`) and in the
environment as `CANITRAIN_<NAME>` (`CANITRAIN_RATE_USER=5/60`), except the four that belong to
Discord itself: DISCORD_TOKEN, DISCORD_TOKEN_FILE, DISCORD_API_BASE, DISCORD_GATEWAY_URL.
docs/discord.md lists them all. The token is a SecretStr and validation errors never echo
input values, so neither a repr nor an error message can leak it.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from grammar import MAX_CHARS

Language = Literal["en", "hi", "hi-Latn"]

DISCORD_ENV = {
    "token": "DISCORD_TOKEN",
    "token_file": "DISCORD_TOKEN_FILE",
    "api_base": "DISCORD_API_BASE",
    "gateway_url": "DISCORD_GATEWAY_URL",
}
ENV_PREFIX = "CANITRAIN_"


class MissingToken(ValueError):
    """Neither DISCORD_TOKEN nor a readable DISCORD_TOKEN_FILE was given."""


class RateLimit(BaseModel):
    """At most `count` answers per `seconds`, per user or per channel; written "count/seconds"."""

    model_config = ConfigDict(frozen=True)

    count: int = Field(ge=1)
    seconds: float = Field(gt=0)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            count, _, seconds = value.partition("/")
            return {"count": count.strip(), "seconds": seconds.strip() or "60"}
        return value

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds:g}"


def _split(value: Any) -> Any:
    """Lists from the environment come comma-separated: "1,2,3"."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    token: SecretStr | None = None
    token_file: Path | None = None
    owner_id: int | None = None  # discord.py's owner (Bot.is_owner); Discord's app owner if unset
    answer_all_channels: frozenset[int] = frozenset()  # needs the message-content intent
    rate_user: RateLimit | None = RateLimit(count=6, seconds=60)
    rate_channel: RateLimit | None = RateLimit(count=30, seconds=60)
    language: Language = "en"  # reply language when neither the text nor a locale decides
    electricity_price: float | None = Field(None, ge=0)  # per kWh; None: core's stated default
    shard_count: int | None = Field(None, ge=1)  # None: one process, no sharding
    shard_ids: tuple[int, ...] | None = None  # this process's shards; None: all of them
    api_base: str | None = None  # e.g. https://spacebar.example/api/v9
    gateway_url: str | None = None  # e.g. wss://spacebar.example/
    max_question_chars: int = Field(MAX_CHARS, ge=1)  # the grammar reads no further
    typing_after_s: float = Field(1.0, ge=0)  # show "typing…" when an answer takes longer
    defer_after_s: float = Field(1.5, ge=0, lt=3)  # Discord wants a first response within 3 s
    view_timeout_s: float = Field(900, gt=0)  # how long the answer buttons stay live
    chart: bool = True  # attach a chart when matplotlib (the `chart` extra) is installed
    workers: int = Field(2, ge=1)  # threads that run answer() off the event loop
    guild_ready_timeout_s: float = Field(2.0, ge=0)  # discord.py's wait for GUILD_CREATEs
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"

    @field_validator("answer_all_channels", "shard_ids", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _split(value)

    @field_validator("rate_user", "rate_channel", mode="before")
    @classmethod
    def _off(cls, value: Any) -> Any:
        return (
            None if isinstance(value, str) and value.strip().lower() in ("", "0", "off") else value
        )

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("shard_ids needs shard_count")
            if any(not 0 <= i < self.shard_count for i in self.shard_ids):
                raise ValueError(f"shard ids must be in 0..{self.shard_count - 1}")
        return self

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, config: Path | None = None) -> Settings:
        """The config file's values, overridden by the environment's."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if config is not None:
            with open(config, "rb") as f:
                values.update(tomllib.load(f))
        for name in cls.model_fields:
            var = DISCORD_ENV.get(name, ENV_PREFIX + name.upper())
            if env.get(var, "") != "":
                values[name] = env[var]
        return cls.model_validate(values)

    def resolved_token(self) -> str:
        """The bot token, from DISCORD_TOKEN or else the file DISCORD_TOKEN_FILE names."""
        if self.token is not None and self.token.get_secret_value().strip():
            return self.token.get_secret_value().strip()
        if self.token_file is not None:
            try:
                token = self.token_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise MissingToken(f"cannot read DISCORD_TOKEN_FILE: {exc.strerror}") from None
            if token:
                return token
        raise MissingToken("set DISCORD_TOKEN or DISCORD_TOKEN_FILE")

    @property
    def needs_message_content(self) -> bool:
        """Answering every message needs the privileged intent; mentions and DMs do not."""
        return bool(self.answer_all_channels)
