"""Scheduled posts through the real discord.py against the stand-in: by bot and by webhook,
through the delivery log, surviving 429 and 5xx, never posting twice."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.delivery import PostContext, PostError, deliver
from bot.discord import DiscordAdapter
from bot.discord.render import briefing_messages
from bot.service import BriefService
from briefings.config import ChannelSettings, Settings, parse_settings
from briefings.store import Store
from tests.discord_standin import (
    CHANNEL_ID,
    NOW,
    DiscordStandIn,
    Failure,
    fill_store,
    long_briefing,
    settings_toml,
)

WEBHOOK_PATH = "/webhooks/1000000000000000009/"
CHANNEL_PATH = f"/channels/{CHANNEL_ID}/messages"


@pytest.fixture
def standin(discord_standin: DiscordStandIn) -> DiscordStandIn:
    return discord_standin


class Bot:
    """An adapter with its store and service, as bot/app.py wires them."""

    def __init__(self, settings: Settings, store: Store, adapter: DiscordAdapter) -> None:
        self.settings, self.store, self.adapter = settings, store, adapter
        self.service = adapter.service

    def channel(self, *, webhook: bool) -> ChannelSettings:
        return next(c for c in self.settings.channels if bool(c.webhook_url) == webhook)

    async def deliver(self, channel: ChannelSettings) -> str:
        result = await deliver(self.store, self.settings, channel, "ukraine-nato", slot=NOW,
                               poster=self.adapter.poster, now=lambda: NOW,
                               build=self.service.briefing_between, sleep=_no_sleep)
        return result.status


async def _no_sleep(seconds: float) -> None:
    """post_with_retries' own backoff; discord.py's waits are real."""


async def _bot(standin: DiscordStandIn, tmp_path: Path, *, token: bool) -> AsyncIterator[Bot]:
    settings = parse_settings(settings_toml(standin, tmp_path / "s.sqlite3", token=token),
                              env={"DISCORD_TOKEN": standin.token})
    store = Store(settings.storage.path)
    fill_store(store)
    adapter = DiscordAdapter(settings, BriefService(settings, store, clock=lambda: NOW),
                             ready_timeout=5, guild_ready_timeout=0.1)
    await adapter.start()
    try:
        yield Bot(settings, store, adapter)
    finally:
        await adapter.stop()
        store.close()


@pytest.fixture
async def bot(standin: DiscordStandIn, tmp_path: Path) -> AsyncIterator[Bot]:
    async for b in _bot(standin, tmp_path, token=True):
        yield b


@pytest.fixture
async def webhook_only(standin: DiscordStandIn, tmp_path: Path) -> AsyncIterator[Bot]:
    async for b in _bot(standin, tmp_path, token=False):
        yield b


def _sections(body: dict) -> set[str]:
    return {f["name"] for e in body["embeds"] for f in e.get("fields", [])}


async def test_due_schedule_posts_once_by_bot(bot: Bot, standin: DiscordStandIn) -> None:
    channel = bot.channel(webhook=False)
    assert await bot.deliver(channel) == "delivered"
    assert await bot.deliver(channel) == "skipped"  # the same slot again: not posted twice
    [post] = standin.matching("POST", CHANNEL_PATH)
    assert post.headers["Authorization"] == f"Bot {standin.token}"
    assert {"Positions", "Figures", "Next events"} <= _sections(post.body)
    assert post.body["embeds"][0]["title"].startswith("Ukraine & NATO")


async def test_webhook_channel_posts_without_a_bot(webhook_only: Bot,
                                                   standin: DiscordStandIn) -> None:
    assert webhook_only.adapter.client is None
    assert await webhook_only.deliver(webhook_only.channel(webhook=True)) == "delivered"
    [post] = standin.matching("POST", WEBHOOK_PATH)
    assert post.query["wait"] == "1"  # Discord confirms the message was created
    assert "Authorization" not in post.headers
    assert {"Positions", "Figures", "Next events"} <= _sections(post.body)
    assert not standin.matching("GET", "/users/@me")  # no login, no gateway


async def test_a_429_is_waited_out_and_the_post_arrives_once(bot: Bot,
                                                             standin: DiscordStandIn) -> None:
    standin.rate_limit("POST", CHANNEL_PATH, retry_after=0.3)
    started = time.monotonic()
    assert await bot.deliver(bot.channel(webhook=False)) == "delivered"
    assert time.monotonic() - started >= 0.3
    attempts = standin.matching("POST", CHANNEL_PATH)
    assert len(attempts) == 2  # the rate-limited one, then the one that was accepted


async def test_a_429_on_a_webhook_is_waited_out(webhook_only: Bot,
                                                standin: DiscordStandIn) -> None:
    standin.rate_limit("POST", WEBHOOK_PATH, retry_after=0.2)
    assert await webhook_only.deliver(webhook_only.channel(webhook=True)) == "delivered"
    assert len(standin.matching("POST", WEBHOOK_PATH)) == 2


async def test_a_429_discord_py_does_not_wait_out_becomes_a_retryable_error(
        bot: Bot, standin: DiscordStandIn) -> None:
    # A 429 that did not come through Discord's proxy (no Via header): discord.py raises.
    standin.fail("POST", CHANNEL_PATH, Failure(429, {"message": "slow down", "retry_after": 7},
                                               {"Retry-After": "7"}))
    ctx = PostContext(delivery_id="d3", slot=NOW, channel=bot.channel(webhook=False))
    briefing = await bot.service.briefing_between("ukraine-nato", NOW - timedelta(days=1), NOW)
    with pytest.raises(PostError) as info:
        await bot.adapter.poster.post(briefing, ctx)
    assert info.value.retryable and info.value.retry_after == 7.0
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    standin.fail("POST", CHANNEL_PATH, Failure(429, {"message": "slow down", "retry_after": 7},
                                               {"Retry-After": "7"}))
    result = await deliver(bot.store, bot.settings, bot.channel(webhook=False), "ukraine-nato",
                           slot=NOW, poster=bot.adapter.poster, now=lambda: NOW,
                           build=bot.service.briefing_between, sleep=sleep)
    assert result.status == "delivered" and waits == [7.0]


async def test_a_5xx_is_retried_by_the_delivery(bot: Bot, standin: DiscordStandIn) -> None:
    standin.fail("POST", CHANNEL_PATH, Failure(503, {"message": "upstream unavailable"}))
    assert await bot.deliver(bot.channel(webhook=False)) == "delivered"
    assert len(standin.matching("POST", CHANNEL_PATH)) == 2


async def test_a_post_that_keeps_failing_is_recorded_and_retried_next_cycle(
        bot: Bot, standin: DiscordStandIn) -> None:
    retries = bot.settings.delivery.retries
    standin.fail("POST", CHANNEL_PATH,
                 *[Failure(503, {"message": "unavailable"})] * (retries + 1))
    channel = bot.channel(webhook=False)
    assert await bot.deliver(channel) == "failed"
    assert await bot.deliver(channel) == "delivered"  # the next cycle
    assert await bot.deliver(channel) == "skipped"
    assert len(standin.matching("POST", CHANNEL_PATH)) == retries + 2


async def test_forbidden_is_not_retried(bot: Bot, standin: DiscordStandIn) -> None:
    standin.fail("POST", CHANNEL_PATH,
                 Failure(403, {"message": "Missing Access", "code": 50001}))
    ctx = PostContext(delivery_id="d1", slot=NOW, channel=bot.channel(webhook=False))
    briefing = await bot.service.briefing_between("ukraine-nato", NOW - timedelta(days=1), NOW)
    with pytest.raises(PostError) as info:
        await bot.adapter.poster.post(briefing, ctx)
    assert info.value.retryable is False
    assert "403" in str(info.value) and "Missing Access" in str(info.value)
    assert standin.token not in str(info.value)


async def test_a_long_briefing_is_not_repeated_on_retry(bot: Bot,
                                                         standin: DiscordStandIn) -> None:
    briefing = long_briefing()
    ctx = PostContext(delivery_id="d2", slot=NOW, channel=bot.channel(webhook=False))
    # The first message goes through, the second is refused once.
    standin.fail("POST", CHANNEL_PATH, None, Failure(500 + 3, {"message": "unavailable"}))
    with pytest.raises(PostError) as info:
        await bot.adapter.poster.post(briefing, ctx)
    assert info.value.retryable
    await bot.adapter.poster.post(briefing, ctx)
    posts = standin.matching("POST", CHANNEL_PATH)
    expected = len(briefing_messages(briefing))
    assert expected > 2
    assert len(posts) == expected + 1  # only the refused message was sent twice
    bodies = [json.dumps(p.body["embeds"], sort_keys=True) for p in posts]
    assert bodies[1] == bodies[2] and len(set(bodies)) == expected
