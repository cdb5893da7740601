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


def _crontab_weekdays(field: str) -> str:
    """Crontab numbers weekdays 0-7 from Sunday; APScheduler 3 numbers them 0-6 from Monday.

    Translate numeric items ("1-5" -> "0-4") so that a crontab line means what it says;
    names ("mon-fri") and "*" are the same in both and pass through.
    """
    out: list[str] = []
    for item in field.split(","):
        base, _, step = item.partition("/")
        if not base.replace("-", "").isdigit() and base != "*":
            out.append(item)
            continue
        if base == "*":
            if not step:
                out.append(item)
                continue
            lo, hi = 0, 6
        elif "-" in base:
            lo, hi = (int(x) for x in base.split("-", 1))
        else:
            lo = hi = int(base)
            if step:
                hi = 6
        if not (0 <= lo <= 7 and 0 <= hi <= 7 and lo <= hi):
            raise ValueError(f"bad day-of-week {item!r} (0-7, Sunday is 0 or 7)")
        days = range(lo, hi + 1, int(step) if step else 1)
        out += [str((d - 1) % 7) for d in days]
    return ",".join(dict.fromkeys(out))


def cron_trigger(expr: str, timezone: str) -> CronTrigger:
    """A crontab string ("min hour day month weekday", or six fields with seconds first)."""
    fields = expr.split()
    if len(fields) not in (5, 6):
        raise ValueError(f"expected 5 fields (minute hour day month weekday), got {len(fields)}")
    second = fields.pop(0) if len(fields) == 6 else "0"
    minute, hour, day, month, weekday = fields
    return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                       day_of_week=_crontab_weekdays(weekday), timezone=timezone)


def cron_check(expr: str, timezone: str) -> str | None:
    """For config validation: None when ``expr`` is a valid cron string, else why not."""
    try:
        cron_trigger(expr, timezone)
    except ValueError as e:
        return str(e)
    return None


def trigger(channel: ChannelSettings) -> CronTrigger:
    return cron_trigger(channel.schedule, channel.timezone)


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
