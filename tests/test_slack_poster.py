"""Scheduled posts: SlackPoster + bot.delivery against the local Slack stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.delivery import PostContext, PostError, deliver, post_with_retries
from bot.slack.poster import SlackPoster
from briefings.config import Settings, parse_settings
from briefings.models import Briefing
from briefings.store import Store
from tests.slack_standin import BOT_TOKEN, Failure, SlackStandIn
from tests.test_slack_render import briefing, story

SLOT = datetime(2025, 2, 17, 8, 0, tzinfo=UTC)
CONFIG = """
[topics.ukraine-nato]
title = "Ukraine & NATO"
any = ["Ukraine", "NATO"]

[slack]
bot_token = "${SLACK_BOT_TOKEN}"
mode = "http"
signing_secret = "${SLACK_SIGNING_SECRET}"
api_url = "API_URL"

[[channels]]
platform = "slack"
channel = "C0NEWS"
topics = ["ukraine-nato"]
schedule = "0 8 * * *"
"""


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def standin() -> AsyncIterator[SlackStandIn]:
    s = await SlackStandIn().start()
    yield s
    await s.stop()


@pytest.fixture
def settings(standin: SlackStandIn, tmp_path: Path) -> Settings:
    return parse_settings(CONFIG.replace("API_URL", standin.api_url),
                          env={"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "s"})


@pytest.fixture
def poster(standin: SlackStandIn) -> SlackPoster:
    return SlackPoster(AsyncWebClient(token=BOT_TOKEN, base_url=standin.api_url,
                                      retry_handlers=[]))


def ctx(settings: Settings, delivery_id: str = "d1") -> PostContext:
    return PostContext(delivery_id=delivery_id, slot=SLOT, channel=settings.channels[0])


async def no_sleep(_: float) -> None:
    return None


async def test_post_goes_to_the_channel_with_blocks(standin: SlackStandIn, settings: Settings,
                                                    poster: SlackPoster) -> None:
    await poster.post(briefing(story(1)), ctx(settings))
    [call] = standin.calls("chat.postMessage")
    assert call["channel"] == "C0NEWS"
    assert call["blocks"][0]["type"] == "header"
    body = str(call["blocks"])
    assert "*Positions*" in body and "*Figures*" in body and "*Next events*" in body
    assert call["text"].startswith("Ukraine &amp; NATO")


async def test_429_retry_after_is_honoured_and_the_post_arrives_once(
        standin: SlackStandIn, settings: Settings, poster: SlackPoster) -> None:
    standin.fail_next("chat.postMessage", Failure(429, retry_after=1))
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    error = await post_with_retries(poster, briefing(story(1)), ctx(settings), retries=3,
                                    sleep=sleep)
    assert error is None
    assert waits == [1.0]
    assert len(standin.calls("chat.postMessage")) == 1
    assert len(standin.calls("chat.postMessage!failed")) == 1


async def test_5xx_is_retryable_and_bad_channel_is_not(standin: SlackStandIn, settings: Settings,
                                                      poster: SlackPoster) -> None:
    standin.fail_next("chat.postMessage", Failure(503))
    with pytest.raises(PostError) as e:
        await poster.post(briefing(story(1)), ctx(settings))
    assert e.value.retryable and e.value.retry_after is None
    standin.fail_next("chat.postMessage", Failure(200, error="channel_not_found"))
    with pytest.raises(PostError) as e:
        await poster.post(briefing(story(1)), ctx(settings))
    assert not e.value.retryable and "channel_not_found" in str(e.value)


async def test_unreachable_slack_is_retryable(settings: Settings) -> None:
    dead = SlackPoster(AsyncWebClient(token=BOT_TOKEN, base_url="http://127.0.0.1:9/api/",
                                      retry_handlers=[]))
    with pytest.raises(PostError) as e:
        await dead.post(briefing(story(1)), ctx(settings))
    assert e.value.retryable


async def test_split_briefing_posts_a_thread_and_resumes_without_duplicates(
        standin: SlackStandIn, settings: Settings, poster: SlackPoster) -> None:
    long = briefing(*(story(i, bullets=3) for i in range(1, 21)))
    # The second part fails once: the retry must resume, not repost the first part.
    standin.fail_next("chat.postMessage", None, Failure(500))
    error = await post_with_retries(poster, long, ctx(settings), retries=2, sleep=no_sleep)
    assert error is None
    calls = standin.calls("chat.postMessage")
    assert len(calls) >= 2
    assert len(standin.calls("chat.postMessage!failed")) == 1
    assert "thread_ts" not in calls[0]
    first_ts = "1700000000.000001"
    assert all(c["thread_ts"] == first_ts for c in calls[1:])
    headers = [c for c in calls if c["blocks"][0]["type"] == "header"]
    assert len(headers) == 1  # the first message was not posted twice


async def test_scheduled_delivery_posts_exactly_once(standin: SlackStandIn, settings: Settings,
                                                     poster: SlackPoster, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    now = SLOT + timedelta(seconds=5)
    standin.fail_next("chat.postMessage", Failure(429, retry_after=1))

    async def build(topic: str, since: datetime, until: datetime) -> Briefing:
        return briefing(story(1))

    for _ in range(2):  # the second run for the same slot must be skipped
        result = await deliver(store, settings, settings.channels[0], "ukraine-nato", slot=SLOT,
                               poster=poster, now=lambda: now, build=build, sleep=no_sleep)
    assert result.status == "skipped"
    [call] = standin.calls("chat.postMessage")
    assert call["channel"] == "C0NEWS" and call["blocks"][0]["type"] == "header"
    store.close()
