"""The Poster protocol, delivery with retries, and the delivery log.

Each (channel, topic, scheduled slot) is one delivery, recorded in the store before the
first attempt and marked delivered in its own transaction after the platform accepted it.
A post that still fails after its retries is recorded as failed and retried on the next
cycle until it expires. Every platform's poster raises ``PostError`` and nothing else.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from briefings.config import ChannelSettings, Settings
from briefings.models import Briefing
from briefings.store import Delivery, Store

log = logging.getLogger("briefbot.delivery")
MAX_DELTA = timedelta(days=7)


class PostError(Exception):
    """A post that did not go through.

    ``retryable``: a 429, 5xx or network error, worth another try; ``retry_after``: what
    the platform asked us to wait, in seconds.
    """

    def __init__(self, message: str, *, retryable: bool = True,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True)
class PostContext:
    """What a poster may want besides the briefing: for idempotency keys and payloads."""

    delivery_id: str
    slot: datetime
    channel: ChannelSettings


class Poster(Protocol):
    """Posts a briefing to one channel of its platform. Raises PostError on failure."""

    platform: str

    async def post(self, briefing: Briefing, ctx: PostContext) -> None: ...


Sleep = Callable[[float], Awaitable[None]]


async def post_with_retries(poster: Poster, briefing: Briefing, ctx: PostContext, *,
                            retries: int, base_delay: float = 1.0, max_delay: float = 60.0,
                            sleep: Sleep = asyncio.sleep) -> str | None:
    """Try a post up to ``retries + 1`` times. Returns None on success, else the last error.

    Honours the platform's retry_after; otherwise exponential backoff with jitter.
    """
    last = "not attempted"
    for attempt in range(retries + 1):
        try:
            await poster.post(briefing, ctx)
            return None
        except PostError as e:
            last = str(e)
            if not e.retryable or attempt == retries:
                break
            delay = e.retry_after if e.retry_after is not None else min(
                max_delay, base_delay * 2 ** attempt) * (0.5 + random.random() / 2)
            log.warning("event=post_retry channel=%s attempt=%d wait=%.1fs error=%r",
                        ctx.channel.label, attempt + 1, delay, last)
            await sleep(delay)
    return last


def delivery_key(channel: ChannelSettings, topic: str) -> str:
    return f"{channel.key}#{topic}"


@dataclass(frozen=True)
class DeliveryResult:
    channel: str
    topic: str
    slot: datetime
    status: str  # delivered, failed, expired, skipped (already delivered)
    error: str | None = None


async def deliver(store: Store, settings: Settings, channel: ChannelSettings, topic: str, *,
                  slot: datetime, poster: Poster, now: Callable[[], datetime],
                  build: Callable[[str, datetime, datetime], Awaitable[Briefing]],
                  sleep: Sleep = asyncio.sleep) -> DeliveryResult:
    """Deliver the briefing of (channel, topic) for one scheduled slot, at most once.

    The briefing covers what is new since the channel's last delivered briefing of the
    topic (or the channel's lookback, for the first one), up to the slot.
    """
    key = delivery_key(channel, topic)
    existing = await asyncio.to_thread(store.delivery, key, slot)
    if existing is None:
        last = await asyncio.to_thread(store.last_delivered, key)
        since = last.covers_until if last and last.covers_until else slot - channel.lookback
        # After a long outage a delta briefing still covers a bounded window.
        since = max(since, slot - max(channel.lookback, MAX_DELTA))
        existing = await asyncio.to_thread(
            store.open_delivery, key, slot, covers_since=since, covers_until=slot, now=now())
    if existing.status in ("delivered", "expired"):
        return DeliveryResult(key, topic, slot, "skipped")
    if now() - slot > settings.delivery.expire_after:
        await asyncio.to_thread(store.mark_attempt, existing.delivery_id, now=now(),
                                error="expired before it could be delivered", status="expired")
        return DeliveryResult(key, topic, slot, "expired")
    assert existing.covers_since is not None and existing.covers_until is not None
    briefing = await build(topic, existing.covers_since, existing.covers_until)
    ctx = PostContext(delivery_id=existing.delivery_id, slot=slot, channel=channel)
    error = await post_with_retries(poster, briefing, ctx, retries=settings.delivery.retries,
                                    sleep=sleep)
    status = "delivered" if error is None else "failed"
    await asyncio.to_thread(store.mark_attempt, existing.delivery_id, now=now(), error=error,
                            status=status)
    if error is None:
        log.info("event=posted channel=%s topic=%s slot=%s stories=%d", channel.label, topic,
                 slot.isoformat(), len(briefing.stories))
    else:
        log.error("event=post_failed channel=%s topic=%s slot=%s error=%r", channel.label,
                  topic, slot.isoformat(), error)
    return DeliveryResult(key, topic, slot, status, error)


def pending_retries(store: Store, channel: ChannelSettings, topic: str,
                    now: datetime, expire_after: timedelta) -> list[Delivery]:
    """Earlier deliveries of this channel and topic still to be retried."""
    return [d for d in store.undelivered(delivery_key(channel, topic))
            if now - d.slot <= expire_after]
