"""TOML -> validated, frozen settings. Every problem is reported at once, each naming its key path.

The core does not know which scheduler parses cron strings: the caller passes a
``cron_check`` (the bot passes APScheduler's), so this module imports no scheduler.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from briefings.errors import ConfigError
from briefings.models import Topic

DEFAULT_CONFIG = Path("config/example.toml")
ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|s)", re.I)
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
SECRET_KEYS = {"bot_token", "app_token", "signing_secret", "token", "api_key"}


def parse_duration(value: Any) -> timedelta:
    """'15m', '24h', '1h30m', '2d', '90s' or a number of seconds -> timedelta."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a duration such as '15m', '24h' or '2d'")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        parts = _DURATION_PART.findall(text)
        if not text or "".join(n + u for n, u in parts).lower() != text.lower():
            raise ValueError(f"{value!r} is not a duration such as '15m', '24h' or '2d'")
        seconds = sum(float(n) * _UNIT_SECONDS[u.lower()] for n, u in parts)
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return timedelta(seconds=seconds)


def _check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown timezone {value!r} (use an IANA name such as 'Europe/Kyiv')") from None
    return value


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]
TimeZoneName = Annotated[str, AfterValidator(_check_timezone)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StorageSettings(_Strict):
    path: str = "data/briefbot.sqlite3"


class FeedSettings(_Strict):
    url: str
    name: str | None = None
    every: Duration | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v.strip()


class TopicSettings(_Strict):
    title: str | None = None
    any: list[str] = Field(default_factory=list)
    all: list[str] = Field(default_factory=list)
    none: list[str] = Field(default_factory=list)


class ChannelSettings(_Strict):
    platform: Literal["console", "slack", "discord", "webhook"]
    channel: str | None = None  # the platform's channel id
    webhook_url: str | None = None  # discord: post through a channel webhook, no bot needed
    url: str | None = None  # platform = "webhook": where briefings are POSTed as JSON
    name: str | None = None
    topics: list[str] = Field(min_length=1)
    schedule: str = "0 8 * * *"
    timezone: TimeZoneName = "UTC"
    lookback: Duration = timedelta(hours=24)

    @model_validator(mode="after")
    def _target(self) -> ChannelSettings:
        if self.platform == "discord":
            if not self.channel and not self.webhook_url:
                raise ValueError("a discord channel needs 'channel' (a channel id) or 'webhook_url'")
            if self.channel and not self.channel.isdigit():
                raise ValueError(f"discord 'channel' must be a numeric channel id, not {self.channel!r}")
            if self.webhook_url and not re.match(
                r"^https?://[^/]+/api(/v\d+)?/webhooks/\d+/[\w-]+/?$", self.webhook_url
            ):
                raise ValueError("discord 'webhook_url' must look like "
                                 "https://discord.com/api/webhooks/<id>/<token>")
        elif self.platform == "webhook":
            if not self.url or not re.match(r"^https?://", self.url):
                raise ValueError("a webhook channel needs 'url', an http(s) URL")
        elif self.platform == "slack":
            if not self.channel:
                raise ValueError("a slack channel needs 'channel' (a channel id such as C0123456789)")
        return self

    @property
    def key(self) -> str:
        """A stable id for the delivery log."""
        target = self.channel or self.webhook_url or self.url or "default"
        if self.webhook_url and not self.channel:
            target = "webhook:" + self.webhook_url.rstrip("/").rsplit("/", 2)[-2]
        return f"{self.platform}:{target}"

    @property
    def label(self) -> str:
        return self.name or (self.key if not self.webhook_url else "discord:webhook")


class EngineSettings(_Strict):
    name: Literal["rules"] = "rules"  # the offline engine; the only one so far
    max_per_category: int = Field(default=3, ge=1, le=6)
    max_stories: int = Field(default=5, ge=1, le=50)


class PollingSettings(_Strict):
    every: Duration = timedelta(minutes=15)
    jitter: Duration = timedelta(seconds=60)
    timeout: Duration = timedelta(seconds=20)
    max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    concurrency: int = Field(default=50, ge=1, le=500)
    max_backoff: Duration = timedelta(hours=6)
    report_after_failures: int = Field(default=5, ge=1)
    tick: Duration = timedelta(seconds=30)  # how often the scheduler looks for due feeds
    release_parsers_after: Duration = timedelta(minutes=10)  # idle parse workers stop


class DeliverySettings(_Strict):
    catch_up: Duration = timedelta(hours=6)
    retries: int = Field(default=4, ge=0, le=20)
    expire_after: Duration = timedelta(hours=24)


class SlackSettings(_Strict):
    bot_token: str
    mode: Literal["socket", "http"] = "socket"
    app_token: str | None = None
    signing_secret: str | None = None
    http_host: str = "0.0.0.0"
    http_port: int = Field(default=3000, ge=0, le=65535)
    http_path: str = "/slack/events"
    api_url: str = "https://slack.com/api/"
    response_type: Literal["ephemeral", "in_channel"] = "ephemeral"

    @model_validator(mode="after")
    def _mode(self) -> SlackSettings:
        problems = []
        # An empty value comes from an unset environment variable, reported already.
        if self.bot_token and not self.bot_token.startswith("xoxb-"):
            problems.append("bot_token must be a bot token starting with 'xoxb-'")
        if self.mode == "socket":
            if self.app_token is None:
                problems.append("socket mode needs app_token (an app-level token, 'xapp-…')")
            elif self.app_token and not self.app_token.startswith("xapp-"):
                problems.append("app_token must be an app-level token starting with 'xapp-'")
        if self.mode == "http" and self.signing_secret is None:
            problems.append("http mode needs signing_secret")
        if not self.api_url.endswith("/"):
            problems.append("api_url must end with '/' (e.g. https://slack.com/api/)")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class DiscordSettings(_Strict):
    token: str | None = None
    guild_ids: list[int] = Field(default_factory=list)
    ephemeral: bool = True
    # Only for testing against a local stand-in; leave unset for discord.com.
    api_base: str | None = None
    gateway_url: str | None = None


class HealthSettings(_Strict):
    port: int = Field(default=0, ge=0, le=65535)  # 0 = off
    host: str = "127.0.0.1"


class LoggingSettings(_Strict):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"


class Settings(_Strict):
    storage: StorageSettings = Field(default_factory=StorageSettings)
    feeds: list[FeedSettings] = Field(default_factory=list)
    topics: dict[str, TopicSettings] = Field(default_factory=dict)
    channels: list[ChannelSettings] = Field(default_factory=list)
    engine: EngineSettings = Field(default_factory=EngineSettings)
    polling: PollingSettings = Field(default_factory=PollingSettings)
    delivery: DeliverySettings = Field(default_factory=DeliverySettings)
    slack: SlackSettings | None = None
    discord: DiscordSettings | None = None
    health: HealthSettings = Field(default_factory=HealthSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    source_path: str | None = Field(default=None, exclude=True)
    _from_env: tuple[str, ...] = PrivateAttr(default=())  # values taken from ${ENV_VAR}s

    def topic(self, slug: str) -> Topic:
        t = self.topics[slug]
        return Topic(slug=slug, title=t.title or slug, any=tuple(t.any), all=tuple(t.all),
                     none=tuple(t.none))

    @property
    def topic_list(self) -> list[Topic]:
        return [self.topic(s) for s in self.topics]

    @property
    def secrets(self) -> list[str]:
        """Every secret value, so that logs can redact them: the secret keys and every
        value that came from an environment variable (a private feed's token, say)."""
        out: list[str] = list(self._from_env)
        for section in (self.slack, self.discord):
            if section is not None:
                for key in SECRET_KEYS:
                    v = getattr(section, key, None)
                    if v:
                        out.append(v)
        for ch in self.channels:
            if ch.webhook_url:
                out.append(ch.webhook_url.rstrip("/").rsplit("/", 1)[-1])
        return out


def find_config(explicit: str | None, env: Mapping[str, str] | None = None) -> Path:
    """--config PATH, else $BRIEFBOT_CONFIG, else ./briefbot.toml, else config/example.toml."""
    env = os.environ if env is None else env
    if explicit:
        return Path(explicit)
    if env.get("BRIEFBOT_CONFIG"):
        return Path(env["BRIEFBOT_CONFIG"])
    if Path("briefbot.toml").exists():
        return Path("briefbot.toml")
    return DEFAULT_CONFIG


def _expand(node: Any, path: str, env: Mapping[str, str], problems: list[str],
            missing: set[str], used: set[str]) -> Any:
    if isinstance(node, dict):
        return {k: _expand(v, f"{path}.{k}" if path else k, env, problems, missing, used)
                for k, v in node.items()}
    if isinstance(node, list):
        return [_expand(v, f"{path}[{i}]", env, problems, missing, used)
                for i, v in enumerate(node)]
    if isinstance(node, str):
        key = path.rsplit(".", 1)[-1]
        refs = ENV_REF.findall(node)
        if key in SECRET_KEYS and not refs and node:
            problems.append(f"{path}: secrets must not be written in the config; "
                            f"use an environment variable reference such as \"${{{key.upper()}}}\"")
        for name in refs:
            if name not in env or env[name] == "":
                problems.append(f"{path}: environment variable {name} is not set")
                missing.add(path)
            else:
                used.add(env[name])
        return ENV_REF.sub(lambda m: env.get(m.group(1), ""), node)
    return node


def _loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _pydantic_problems(err: ValidationError, missing: set[str]) -> list[str]:
    problems = []
    for e in err.errors():
        # Union members and function-wrappers add noise to the location; keep the keys.
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and (
            p.startswith("function-") or p in {"SlackSettings", "DiscordSettings"})))
        where = _loc(loc) or "(top level)"
        if any(where == m or where.startswith(m + ".") for m in missing):
            continue  # already reported as a missing environment variable
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key"
        elif e["type"] == "missing":
            msg = "required key is missing"
        problems.append(f"{where}: {msg}")
    return problems


def _section(raw: dict[str, Any], key: str, kind: type) -> Any:
    """raw[key] when it has the expected type (else pydantic reports it), else empty."""
    value = raw.get(key)
    return value if isinstance(value, kind) else kind()


def _cross_problems(raw: dict[str, Any]) -> list[str]:
    problems = []
    topics: dict[str, Any] = _section(raw, "topics", dict)
    for slug in topics:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", str(slug)):
            problems.append(f"topics.{slug}: a topic slug uses lowercase letters, digits, '-' and '_'")
    seen: dict[str, int] = {}
    for i, feed in enumerate(_section(raw, "feeds", list)):
        url = feed.get("url") if isinstance(feed, dict) else None
        if isinstance(url, str) and url.strip() in seen:
            problems.append(f"feeds[{i}].url: the same feed as feeds[{seen[url.strip()]}]")
        elif isinstance(url, str):
            seen[url.strip()] = i
    channels: list[Any] = _section(raw, "channels", list)
    for i, ch in enumerate(channels):
        if not isinstance(ch, dict):
            continue
        for j, slug in enumerate(ch.get("topics") or []):
            if slug not in topics:
                problems.append(f"channels[{i}].topics[{j}]: topic {slug!r} is not defined "
                                f"(defined: {', '.join(topics) or 'none'})")
        if ch.get("platform") == "slack" and "slack" not in raw:
            problems.append(f"channels[{i}]: platform 'slack' needs a [slack] section")
        if (ch.get("platform") == "discord" and ch.get("channel") and not ch.get("webhook_url")
                and not (isinstance(raw.get("discord"), dict) and raw["discord"].get("token"))):
            problems.append(f"channels[{i}]: a discord channel id needs [discord] token "
                            "(or use webhook_url)")
    return problems


def _cron_problems(raw: dict[str, Any], cron_check: Callable[[str, str], str | None]) -> list[str]:
    problems = []
    channels: list[Any] = _section(raw, "channels", list)
    for i, ch in enumerate(channels):
        if isinstance(ch, dict) and isinstance(ch.get("schedule"), str):
            tz: str = ch["timezone"] if isinstance(ch.get("timezone"), str) else "UTC"
            try:
                ZoneInfo(tz)
            except (ZoneInfoNotFoundError, ValueError):
                tz = "UTC"
            why = cron_check(ch["schedule"], tz)
            if why:
                problems.append(f"channels[{i}].schedule: bad cron string {ch['schedule']!r}: {why}")
    return problems


def parse_settings(text: str, *, path: str | None = None, env: Mapping[str, str] | None = None,
                   cron_check: Callable[[str, str], str | None] | None = None) -> Settings:
    """Validate a TOML document; raise ConfigError listing every problem."""
    env = os.environ if env is None else env
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError([f"not valid TOML: {e}"], path) from None
    problems: list[str] = []
    missing: set[str] = set()
    used: set[str] = set()
    expanded = _expand(raw, "", env, problems, missing, used)
    problems += _cross_problems(raw)
    if cron_check is not None:
        problems += _cron_problems(raw, cron_check)
    settings = None
    try:
        settings = Settings.model_validate({**expanded, "source_path": path})
    except ValidationError as e:
        problems += _pydantic_problems(e, missing)
    if problems or settings is None:
        raise ConfigError(list(dict.fromkeys(problems)), path)
    settings._from_env = tuple(sorted(used))
    return settings


def load_settings(path: Path, *, env: Mapping[str, str] | None = None,
                  cron_check: Callable[[str, str], str | None] | None = None) -> Settings:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"config file not found: {path}"], str(path)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError([f"cannot read config file: {e}"], str(path)) from None
    return parse_settings(text, path=str(path), env=env, cron_check=cron_check)


def resolve_local(url: str, config_path: str | None) -> str:
    """A feed url that is a relative file path: relative to the working directory when it
    exists there, else to the config file's directory."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        return url
    p = Path(url).expanduser()
    if p.is_absolute() or p.exists() or not config_path:
        return str(p)
    alt = Path(config_path).parent / p
    return str(alt) if alt.exists() else str(p)
