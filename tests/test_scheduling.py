from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.scheduling import cron_check, missed_slot, next_poll, slots_between
from briefings.config import parse_settings

EVERY = timedelta(minutes=15)


def channel(schedule: str = "0 8 * * *", tz: str = "UTC"):
    s = parse_settings(f"""
[topics.t]
any = ["x"]
[[channels]]
platform = "console"
channel = "stdout"
topics = ["t"]
schedule = "{schedule}"
timezone = "{tz}"
""", env={}, cron_check=cron_check)
    return s.channels[0]


def test_healthy_feed_polls_every_interval_plus_jitter() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    t = next_poll(now=now, every=EVERY, failures=0, max_backoff=timedelta(hours=6),
                  jitter=timedelta(minutes=1), rng=random.Random(1))
    assert now + EVERY <= t <= now + EVERY + timedelta(minutes=1)


def test_failing_feed_backs_off_doubling_to_a_cap_and_honours_retry_after() -> None:
    now = datetime(2025, 1, 1, tzinfo=UTC)
    waits = [next_poll(now=now, every=EVERY, failures=n, max_backoff=timedelta(hours=6),
                       jitter=timedelta(0)) - now for n in range(1, 8)]
    assert waits[:4] == [EVERY * 2, EVERY * 4, EVERY * 8, EVERY * 16]
    assert max(waits) == timedelta(hours=6)
    t = next_poll(now=now, every=EVERY, failures=1, max_backoff=timedelta(hours=6),
                  jitter=timedelta(0), retry_after=7200)
    assert t - now == timedelta(hours=2)


def test_numeric_crontab_weekdays_mean_what_crontab_says() -> None:
    ch = channel("0 8 * * 1-5")  # Monday to Friday in crontab
    # 2025-03-01 is a Saturday: the next slots are Mon 3 .. Fri 7 March.
    slots = slots_between(ch, datetime(2025, 3, 1, tzinfo=UTC), datetime(2025, 3, 9, tzinfo=UTC))
    assert [s.day for s in slots] == [3, 4, 5, 6, 7]


@pytest.mark.parametrize("tz,day", [("Europe/Kyiv", (2025, 3, 30)), ("Europe/Kyiv", (2025, 10, 26)),
                                    ("America/New_York", (2025, 3, 9)),
                                    ("America/New_York", (2025, 11, 2))])
def test_dst_change_day_posts_at_eight_once(tz: str, day: tuple[int, int, int]) -> None:
    from zoneinfo import ZoneInfo
    ch = channel("0 8 * * *", tz)
    start = datetime(*day, tzinfo=ZoneInfo(tz)) - timedelta(hours=1)
    slots = slots_between(ch, start, start + timedelta(hours=26))
    assert len(slots) == 1
    local = slots[0].astimezone(ZoneInfo(tz))
    assert (local.hour, local.minute, local.date()) == (8, 0, datetime(*day).date())


@pytest.mark.parametrize("tz", ["Europe/Kyiv", "America/New_York"])
def test_a_slot_in_the_skipped_hour_still_fires_once(tz: str) -> None:
    from zoneinfo import ZoneInfo
    ch = channel("30 2 * * *" if tz == "America/New_York" else "30 3 * * *", tz)
    day = (2025, 3, 9) if tz == "America/New_York" else (2025, 3, 30)
    start = datetime(*day, tzinfo=ZoneInfo(tz))
    assert len(slots_between(ch, start, start + timedelta(hours=23))) <= 1


def test_missed_slots_collapse_to_the_latest_within_the_window() -> None:
    ch = channel("0 * * * *")
    now = datetime(2025, 1, 1, 10, 30, tzinfo=UTC)
    assert missed_slot(ch, now, timedelta(hours=6)) == datetime(2025, 1, 1, 10, 0, tzinfo=UTC)
    assert missed_slot(ch, now, timedelta(minutes=20)) is None


def test_six_field_cron_has_seconds() -> None:
    ch = channel("*/10 * * * * *")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    assert len(slots_between(ch, start, start + timedelta(minutes=1))) == 6
