"""Wires config, store, feed poller, scheduler and platform adapters in one asyncio loop.

Start order: store -> feed poller -> adapters -> health endpoint -> scheduler; stop in
reverse. A new platform is one folder under ``bot/`` plus one line in ``_adapters``.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import random
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, TextIO

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import scheduling
from bot.console import ConsolePoster
from bot.delivery import DeliveryResult, Poster, deliver, pending_retries
from bot.metrics import HealthServer, Metrics
from bot.service import BriefService, utcnow
from bot.webhook import WebhookPoster
from briefings.config import ChannelSettings, Settings
from briefings.feeds import FeedPoller
from briefings.models import Briefing
from briefings.pipeline import PollOutcome, poll_feeds, precondense
from briefings.store import Store

log = logging.getLogger("briefbot.app")
RETRY_TICK_SECONDS = 300
PRECONDENSE_CATCH_UP = timedelta(hours=24)


def _adapters(settings: Settings, service: BriefService) -> list[Any]:
    out: list[Any] = []
    if settings.slack is not None:
        from bot.slack import SlackAdapter
        out.append(SlackAdapter(settings, service))
    if settings.discord is not None or any(c.platform == "discord" for c in settings.channels):
        from bot.discord import DiscordAdapter
        out.append(DiscordAdapter(settings, service))
    return out


class BriefbotApp:
    def __init__(self, settings: Settings, *, clock: Callable[[], datetime] = utcnow,
                 console: TextIO | None = None, rng: random.Random | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.rng = rng or random.Random()
        self.metrics = Metrics()
        self.store: Store | None = None
        self.service: BriefService | None = None
        self.poller: FeedPoller | None = None
        self.adapters: list[Any] = []
        self.posters: dict[str, Poster] = {}
        self.scheduler: AsyncIOScheduler | None = None
        self.health: HealthServer | None = None
        self._console = console
        self._post_lock = asyncio.Lock()
        self._poll_lock = asyncio.Lock()
        # After each poll, its new topic articles are condensed on this one thread, off the
        # event loop and the poll/post path, so a /brief finds them cached.
        self._precondenser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="precondense")
        self.precondensing: Future[int] | None = None  # the latest poll's, for tests
        self._precondensed_since: datetime | None = None
        self._closing = False
        self.background_condense = True  # off for `run --once`: nothing would use it

    # -- lifecycle ---------------------------------------------------------------------

    async def open(self) -> None:
        """Store, poller and platform adapters: what both `run` and `run --once` need."""
        self.store = await asyncio.to_thread(Store, self.settings.storage.path)
        self.service = BriefService(self.settings, self.store, self.clock)
        p = self.settings.polling
        self.poller = FeedPoller(concurrency=p.concurrency, timeout=p.timeout.total_seconds(),
                                 max_bytes=p.max_bytes)
        await self.poller.__aenter__()
        self.posters = {"console": ConsolePoster(self._console), "webhook": WebhookPoster()}
        self.adapters = _adapters(self.settings, self.service)
        for adapter in self.adapters:
            await adapter.start()
            self.posters[adapter.poster.platform] = adapter.poster
            log.info("event=adapter_started platform=%s", adapter.poster.platform)
        # What start-up built (modules, SDK clients) lives as long as the process: keep it
        # out of the garbage collector's full passes, which otherwise stall a /brief.
        gc.freeze()

    async def start_background(self) -> None:
        """Health endpoint and scheduler, for the long-running bot."""
        if self.settings.health.port:
            self.health = HealthServer(self.metrics, self.healthy, self.settings.health.host,
                                       self.settings.health.port)
            await self.health.start()
            log.info("event=health_listening host=%s port=%d", self.health.host, self.health.port)
        self.scheduler = AsyncIOScheduler(timezone="UTC")
        common = {"coalesce": True, "max_instances": 1, "replace_existing": True,
                  "misfire_grace_time": 3600}
        self.scheduler.add_job(self.poll_due, "interval",
                               seconds=self.settings.polling.tick.total_seconds(),
                               id="poll", **common)
        self.scheduler.add_job(self.retry_failed, "interval", seconds=RETRY_TICK_SECONDS,
                               id="retry", **common)
        for i, channel in enumerate(self.settings.channels):
            self.scheduler.add_job(self.post_scheduled, scheduling.trigger(channel),
                                   args=[i], id=f"channel-{i}", **common)
        self.scheduler.start()

    def healthy(self) -> bool:
        running = self.scheduler is not None and self.scheduler.running
        return bool(running and self.store is not None and self.store.ping())

    async def close(self) -> None:
        """Stop in reverse order of start; in-flight posts finish or stay recorded pending."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        async with self._post_lock:  # let a post in flight finish and be recorded
            pass
        if self.health is not None:
            await self.health.stop()
        for adapter in reversed(self.adapters):
            try:
                await adapter.stop()
            except Exception:
                log.exception("event=adapter_stop_failed")
        for poster in self.posters.values():
            closer = getattr(poster, "close", None)
            if closer is not None:
                await closer()
        if self.poller is not None:
            await self.poller.__aexit__(None, None, None)
        self._closing = True  # the precondenser stops after its current batch
        await asyncio.to_thread(self._precondenser.shutdown, wait=True, cancel_futures=True)
        if self.store is not None:
            self.store.close()

    # -- polling -----------------------------------------------------------------------

    async def poll(self, urls: list[str] | None = None,
                   on_outcome: Callable[[PollOutcome], None] | None = None) -> list[PollOutcome]:
        """Poll the given (default: all) feeds now, store what is new, plan the next polls."""
        assert self.store is not None and self.poller is not None
        async with self._poll_lock:
            started = self.clock()
            outcomes = await poll_feeds(self.settings, self.store, now=self.clock, urls=urls,
                                        on_outcome=on_outcome, poller=self.poller)
            self.metrics.poll_seconds.observe((self.clock() - started).total_seconds())
            await asyncio.to_thread(self._after_poll, outcomes)
            # The first cycle also covers the day before it: articles stored before a restart
            # or condensed by an older engine version.
            since = started if self._precondensed_since else started - PRECONDENSE_CATCH_UP
            if not self.background_condense:
                return outcomes
            if any(o.new for o in outcomes) or self._precondensed_since is None:
                self.precondensing = self._precondenser.submit(self._precondense, since)
                self._precondensed_since = since
            return outcomes

    def _precondense(self, since: datetime) -> int:
        assert self.store is not None
        now = self.clock()
        try:
            return precondense(self.store, self.settings, since=since,
                               until=now + timedelta(microseconds=1), now=now,
                               stop=lambda: self._closing)
        except Exception:
            log.exception("event=precondense_failed")  # /brief condenses what is missing
            return 0

    def _after_poll(self, outcomes: list[PollOutcome]) -> None:
        assert self.store is not None
        every = {f.url: f.every or self.settings.polling.every for f in self.settings.feeds}
        health = self.store.feed_health([o.url for o in outcomes])
        now = self.clock()
        p = self.settings.polling
        next_polls: dict[str, datetime] = {}
        for o in outcomes:
            h = health.get(o.url)
            failures = h.failures if h else 0
            self.metrics.feeds_polled.labels(outcome=o.result.status).inc()
            self.metrics.articles_stored.inc(o.new)
            when = scheduling.next_poll(now=now, every=every[o.url], failures=failures,
                                        max_backoff=p.max_backoff, jitter=p.jitter,
                                        retry_after=o.result.retry_after, rng=self.rng)
            next_polls[o.url] = when
            if o.result.status == "error":
                log.warning("event=feed_failed feed=%s failures=%d error=%r next_poll=%s",
                            o.url, failures, o.result.error, when.isoformat())
                if h and failures >= p.report_after_failures and h.reported_at is None:
                    log.error("event=feed_failing feed=%s since=%s reason=%r", o.url,
                              h.failing_since.isoformat() if h.failing_since else "?",
                              o.result.error)
                    self.store.mark_reported(o.url, now)
        self.store.set_next_polls(next_polls)  # one transaction for the whole cycle
        self.metrics.failing_feeds.set(sum(1 for x in self.store.feed_health().values()
                                           if x.failures))

    async def poll_due(self) -> list[PollOutcome]:
        """The scheduler's tick: poll the feeds whose next poll time has come."""
        assert self.store is not None
        health = await asyncio.to_thread(self.store.feed_health)
        now = self.clock()
        due = [f.url for f in self.settings.feeds
               if (h := health.get(f.url)) is None or h.next_poll is None or h.next_poll <= now]
        if not due:
            assert self.poller is not None
            after = self.settings.polling.release_parsers_after.total_seconds()
            if await self.poller.release_idle_workers(after):
                log.info("event=parse_workers_released idle_s=%.0f", after)
            return []
        return await self.poll(due)

    # -- posting -----------------------------------------------------------------------

    async def _build(self, topic: str, since: datetime, until: datetime) -> Briefing:
        """A scheduled briefing, with a notice for each feed that started failing (reached
        ``report_after_failures``) in its window — so each channel hears of it once."""
        assert self.service is not None and self.store is not None
        briefing = await self.service.briefing_between(topic, since, until)
        health = await asyncio.to_thread(self.store.feed_health)
        names = {f.url: f.name or f.url for f in self.settings.feeds}
        notices = tuple(
            f"feed {names.get(h.url, h.url)} failing since "
            f"{h.failing_since:%Y-%m-%d %H:%M} UTC: {h.last_error}"
            for h in health.values()
            if h.failures and h.reported_at and since <= h.reported_at < until
            and h.failing_since is not None)
        return replace(briefing, notices=notices) if notices else briefing

    async def deliver_slot(self, channel: ChannelSettings, slot: datetime) -> list[DeliveryResult]:
        """Each topic of the channel for one slot, at most once each."""
        assert self.store is not None
        poster = self.posters.get(channel.platform)
        if poster is None:
            log.error("event=no_poster platform=%s channel=%s", channel.platform, channel.label)
            return []
        results = []
        async with self._post_lock:
            for topic in channel.topics:
                try:
                    r = await deliver(self.store, self.settings, channel, topic, slot=slot,
                                      poster=poster, now=self.clock, build=self._build)
                except Exception:
                    # One channel's failure never stops the others; the delivery stays
                    # pending in the log and is retried.
                    log.exception("event=delivery_crashed channel=%s topic=%s",
                                  channel.label, topic)
                    continue
                if r.status in ("delivered", "failed"):
                    self.metrics.briefings.labels(outcome=r.status).inc()
                results.append(r)
        return results

    async def post_scheduled(self, index: int) -> None:
        channel = self.settings.channels[index]
        slot = scheduling.missed_slot(channel, self.clock(), timedelta(hours=1))
        if slot is not None:
            await self.deliver_slot(channel, slot)

    async def catch_up(self) -> None:
        """At start: each channel's latest missed slot within the catch-up window, once."""
        now = self.clock()
        for channel in self.settings.channels:
            slot = scheduling.missed_slot(channel, now, self.settings.delivery.catch_up)
            if slot is not None:
                await self.deliver_slot(channel, slot)
        await self.retry_failed()

    async def retry_failed(self) -> None:
        assert self.store is not None
        now = self.clock()
        for channel in self.settings.channels:
            for topic in channel.topics:
                for d in await asyncio.to_thread(pending_retries, self.store, channel, topic,
                                                 now, self.settings.delivery.expire_after):
                    poster = self.posters.get(channel.platform)
                    if poster is None:
                        continue
                    async with self._post_lock:
                        await deliver(self.store, self.settings, channel, topic, slot=d.slot,
                                      poster=poster, now=self.clock, build=self._build)

    async def post_now(self, channels: list[ChannelSettings] | None = None) -> None:
        """Post each (or the given) channel's briefing now, as an unscheduled slot."""
        now = self.clock()
        for channel in channels if channels is not None else self.settings.channels:
            await self.deliver_slot(channel, now)


async def run_once(settings: Settings, **kw: Any) -> BriefbotApp:
    """`briefbot run --once`: poll now, post each channel's briefing now, exit."""
    app = BriefbotApp(settings, **kw)
    app.background_condense = False
    try:
        await app.open()
        await app.poll()
        await app.post_now()
    finally:
        await app.close()
    return app


async def run_forever(settings: Settings, stop: asyncio.Event, **kw: Any) -> None:
    """`briefbot run`: poll, catch up, show console briefings at once, then follow schedules."""
    app = BriefbotApp(settings, **kw)
    try:
        await app.open()
        await app.start_background()
        await app.poll_due()
        await app.catch_up()
        await app.post_now([c for c in settings.channels if c.platform == "console"])
        log.info("event=running feeds=%d channels=%d", len(settings.feeds), len(settings.channels))
        await stop.wait()
        log.info("event=stopping")
    finally:
        await app.close()
