"""Scheduled delivery through the real app wiring, a fake clock and a local webhook receiver."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import BriefbotApp
from tests.conftest import REPO, sample_settings
from tests.receiver import Receiver

SAMPLES = REPO / "config" / "samples"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def settings(tmp_path: Path, url: str, schedule: str = "0 8 * * *", retries: int = 2):
    return sample_settings(tmp_path, f"""
[[channels]]
platform = "webhook"
url = "{url}"
topics = ["ukraine-nato"]
schedule = "{schedule}"
timezone = "UTC"
[delivery]
retries = {retries}
""")


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


async def test_due_slot_is_posted_exactly_once(tmp_path: Path, receiver: Receiver) -> None:
    clock = Clock(datetime(2025, 3, 3, 8, 0, 5, tzinfo=UTC))
    app = BriefbotApp(settings(tmp_path, receiver.url), clock=clock)
    await app.open()
    try:
        clock.now -= timedelta(hours=1)
        await app.poll()
        clock.now += timedelta(hours=1)
        await app.post_scheduled(0)
        await app.post_scheduled(0)  # a second wake-up for the same slot
        await app.catch_up()
    finally:
        await app.close()
    assert len(receiver.posts) == 1
    body = receiver.posts[0]
    assert body["topic"] == "ukraine-nato" and body["slot"] == "2025-03-03T08:00:00+00:00"
    assert body["stories"] and receiver.headers[0]["Idempotency-Key"] == body["delivery_id"]


async def test_429_then_the_post_arrives_once(tmp_path: Path, receiver: Receiver) -> None:
    receiver.script = [(429, {"Retry-After": "0.1"}), (503, {})]
    clock = Clock(datetime(2025, 3, 3, 8, 0, 5, tzinfo=UTC))
    app = BriefbotApp(settings(tmp_path, receiver.url), clock=clock)
    await app.open()
    try:
        await app.post_scheduled(0)
    finally:
        await app.close()
    assert len(receiver.posts) == 1


async def test_a_failed_post_is_recorded_and_retried_next_cycle(tmp_path: Path,
                                                                receiver: Receiver) -> None:
    receiver.script = [(500, {})] * 3  # retries=2: three attempts, all fail
    clock = Clock(datetime(2025, 3, 3, 8, 0, 5, tzinfo=UTC))
    app = BriefbotApp(settings(tmp_path, receiver.url), clock=clock)
    await app.open()
    try:
        results = await app.deliver_slot(app.settings.channels[0], clock.now.replace(second=0))
        assert [r.status for r in results] == ["failed"]
        assert receiver.posts == []
        clock.now += timedelta(minutes=5)
        await app.retry_failed()
        await app.retry_failed()
    finally:
        await app.close()
    assert len(receiver.posts) == 1


async def test_downtime_over_three_slots_posts_once(tmp_path: Path, receiver: Receiver) -> None:
    s = settings(tmp_path, receiver.url, schedule="0 * * * *")
    clock = Clock(datetime(2025, 3, 3, 8, 0, 1, tzinfo=UTC))
    app = BriefbotApp(s, clock=clock)
    await app.open()
    await app.post_scheduled(0)
    await app.close()
    assert len(receiver.posts) == 1
    # Down for the 09:00, 10:00 and 11:00 slots; back at 11:20.
    clock.now = datetime(2025, 3, 3, 11, 20, tzinfo=UTC)
    app = BriefbotApp(s, clock=clock)
    await app.open()
    try:
        await app.catch_up()
        await app.catch_up()
    finally:
        await app.close()
    assert [p["slot"] for p in receiver.posts] == ["2025-03-03T08:00:00+00:00",
                                                   "2025-03-03T11:00:00+00:00"]


async def test_delta_briefings_do_not_repeat_articles(tmp_path: Path, receiver: Receiver) -> None:
    clock = Clock(datetime(2025, 3, 3, 7, 0, tzinfo=UTC))
    app = BriefbotApp(settings(tmp_path, receiver.url, schedule="0 8 * * *"), clock=clock)
    await app.open()
    try:
        await app.poll()
        clock.now = datetime(2025, 3, 3, 8, 0, 2, tzinfo=UTC)
        await app.post_scheduled(0)
        clock.now = datetime(2025, 3, 4, 8, 0, 2, tzinfo=UTC)
        await app.post_scheduled(0)
    finally:
        await app.close()
    first, second = receiver.posts
    assert not first["empty"] and second["empty"]
    assert "Nothing new on Ukraine & NATO since" in second["message"]


async def test_one_channel_failing_does_not_stop_the_others(tmp_path: Path, receiver: Receiver) -> None:
    s = settings(tmp_path, "http://127.0.0.1:9/unreachable", retries=0)
    clock = Clock(datetime(2025, 3, 3, 8, 0, 5, tzinfo=UTC))
    app = BriefbotApp(s, clock=clock)
    await app.open()
    try:
        results = await app.deliver_slot(s.channels[0], clock.now)
        assert results[0].status == "failed" and "unreachable" in results[0].error
        d = app.store.latest_delivery(results[0].channel)
        assert d.status == "failed" and d.attempts == 1
    finally:
        await app.close()
