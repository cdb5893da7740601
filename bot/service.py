"""What every platform's commands need from the core, as coroutines for the event loop.

Blocking work (SQLite, condensing) runs in worker threads, so a slash command's answer is
never stuck behind a poll.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from briefings.config import Settings
from briefings.errors import UnknownTopicError
from briefings.models import Briefing, Topic
from briefings.pipeline import build_briefing, latest_briefing
from briefings.store import FeedHealth, Store

MAX_HOURS = 24 * 14
DEFAULT_HOURS = 24.0


class BadArgument(ValueError):
    """A command argument that cannot be used; the message says why."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse_hours(text: str | int | float | None) -> float:
    """The optional hours argument of /brief: a positive number up to two weeks."""
    if text is None or text == "":
        return DEFAULT_HOURS
    try:
        hours = float(str(text).strip().removesuffix("h"))
    except ValueError:
        raise BadArgument(f"hours must be a number, not {str(text)!r}") from None
    if not 0 < hours <= MAX_HOURS:
        raise BadArgument(f"hours must be between 1 and {MAX_HOURS}, not {str(text)!r}")
    return hours


@dataclass(frozen=True)
class FeedStatus:
    feeds: tuple[tuple[str, str | None, FeedHealth | None], ...]  # (url, name, health)
    articles: int

    @property
    def failing(self) -> list[tuple[str, str | None, FeedHealth]]:
        return [(u, n, h) for u, n, h in self.feeds if h is not None and h.failures > 0]

    @property
    def polled(self) -> int:
        return sum(1 for _, _, h in self.feeds if h is not None and h.last_polled)


class BriefService:
    """Briefings and feed health on demand, for slash commands and schedules."""

    def __init__(self, settings: Settings, store: Store,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock

    def topics(self) -> list[Topic]:
        return self.settings.topic_list

    def topic(self, slug: str) -> Topic:
        if slug not in self.settings.topics:
            raise UnknownTopicError(slug, list(self.settings.topics))
        return self.settings.topic(slug)

    async def briefing(self, slug: str, hours: float = DEFAULT_HOURS) -> Briefing:
        self.topic(slug)
        now = self.clock()
        return await asyncio.to_thread(latest_briefing, self.store, self.settings, slug,
                                       hours=hours, now=now)

    async def briefing_between(self, slug: str, since: datetime, until: datetime) -> Briefing:
        return await asyncio.to_thread(build_briefing, self.store, self.settings, slug,
                                       since=since, until=until, now=self.clock())

    async def status(self) -> FeedStatus:
        def read() -> FeedStatus:
            health = self.store.feed_health()
            return FeedStatus(
                feeds=tuple((f.url, f.name, health.get(f.url)) for f in self.settings.feeds),
                articles=self.store.article_count())
        return await asyncio.to_thread(read)
