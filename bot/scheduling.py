"""When things happen: feed poll times (interval, jitter, backoff) and channel slots (cron).

The decisions are pure functions of stored state and ``now``; APScheduler only wakes the
bot up. Poll times live in the store, so a restart keeps each feed's backoff.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from briefings.config import ChannelSettings

# Feeds failing this many times in a row stop at the cap.
_MAX_DOUBLINGS = 16


def cron_check(expr: str, timezone: str) -> str | None:
    """For config validation: None when ``expr`` is a valid crontab string, else why not."""
    try:
        CronTrigger.from_crontab(expr, timezone=timezone)
    except ValueError as e:
        return str(e)
    return None


def trigger(channel: ChannelSettings) -> CronTrigger:
    return CronTrigger.from_crontab(channel.schedule, timezone=channel.timezone)


def next_poll(*, now: datetime, every: timedelta, failures: int, max_backoff: timedelta,
              jitter: timedelta, retry_after: float | None = None,
              rng: random.Random | None = None) -> datetime:
    """When to poll a feed next.

    Healthy: ``every`` plus up to ``jitter`` (spreads feeds of the same interval). Failing:
    ``every`` doubled per consecutive failure, capped at ``max_backoff``. A host's
    Retry-After is honoured when it asks for longer.
    """
    rng = rng or random.Random()
    wait = every
    if failures > 0:
        wait = min(every * (2 ** min(failures, _MAX_DOUBLINGS)), max_backoff)
        wait = max(wait, every)
    if retry_after is not None:
        wait = max(wait, timedelta(seconds=retry_after))
    return now + wait + jitter * rng.random()


def slots_between(channel: ChannelSettings, start: datetime, end: datetime) -> list[datetime]:
    """The channel's scheduled fire times in (start, end]."""
    trig = trigger(channel)
    out: list[datetime] = []
    prev: datetime | None = None
    t = trig.get_next_fire_time(None, start + timedelta(microseconds=1))
    while t is not None and t <= end and len(out) < 10_000:
        out.append(t)
        prev = t
        t = trig.get_next_fire_time(prev, t + timedelta(microseconds=1))
    return out


def missed_slot(channel: ChannelSettings, now: datetime, window: timedelta) -> datetime | None:
    """The latest scheduled slot within ``window`` before ``now`` (for catch-up at start).

    Several missed slots collapse into this one: after downtime a channel posts once.
    """
    slots = slots_between(channel, now - window, now)
    return slots[-1] if slots else None
