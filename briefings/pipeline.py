"""The path from stored articles to a Briefing, and from feeds to stored articles.

This is the one place that ties store, condense and compose together; the CLI, the
scheduler and every platform adapter call it. Blocking functions here are meant to run in
a worker thread when called from the event loop.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from briefings import condense as engine
from briefings.compose import compose, matches
from briefings.config import Settings, resolve_local
from briefings.errors import UnknownTopicError
from briefings.feeds import FeedPoller, FeedRequest, FeedResult
from briefings.models import Article, Briefing, Condensed, Topic
from briefings.store import Store


def condensed_for(store: Store, articles: Sequence[Article], *, now: datetime) -> dict[str, Condensed]:
    """Condensed bullets of each article: from the cache, computing (and caching) the rest.

    The cache is keyed by the engine version, so a new engine recomputes old articles.
    """
    return _condense(store, articles, now=now)[0]


def _condense(store: Store, articles: Sequence[Article], *,
              now: datetime) -> tuple[dict[str, Condensed], int]:
    """(bullets of each article, how many were computed rather than read from the cache)."""
    ids = [a.id for a in articles]
    cached = store.condensed(ids, engine.ENGINE_VERSION)
    fresh = [engine.condense(a, now=now) for a in articles if a.id not in cached]
    if fresh:
        store.put_condensed(fresh, engine.ENGINE_VERSION)
        cached.update({c.article_id: c for c in fresh})
    return cached, len(fresh)


PRECONDENSE_BATCH = 32  # articles per transaction (~50 ms of condensing)


def precondense(store: Store, settings: Settings, *, since: datetime, until: datetime,
                now: datetime, stop: Callable[[], bool] = lambda: False) -> int:
    """Condense and cache the articles first seen in [since, until) that match a configured
    topic, so that a briefing over them reads their bullets from the cache.

    Meant for a background thread after each poll, at low priority: small batches, each its
    own transaction, and after each a pause as long as the batch took, so this thread holds
    the GIL (shared with the event loop and any briefing being built) half the time at most.
    ``stop`` is asked between batches. Returns how many articles were condensed.
    """
    found: dict[str, Article] = {}
    for slug in settings.topics:  # also leaves each topic's verdicts remembered
        found.update((a.id, a) for a in topic_articles(store, settings.topic(slug), since, until))
    todo = list(found.values())
    done = 0
    for i in range(0, len(todo), PRECONDENSE_BATCH):
        if stop():
            break
        started = time.perf_counter()
        done += _condense(store, todo[i:i + PRECONDENSE_BATCH], now=now)[1]
        time.sleep(time.perf_counter() - started)
    return done


class _Verdicts:
    """Which stored articles match which keyword sets, remembered for the process.

    The store only ever inserts articles, so an article id's verdict for a keyword set
    holds for as long as the store is open. With it, a briefing reads the window's ids
    from an index and loads whole rows only for its topic's articles. Bounded: the least
    recently used ids go first.
    """

    SIZE = 50_000  # two weeks of a 100 k-article-a-month store

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bits: dict[tuple[tuple[str, ...], ...], int] = {}
        self._memo: OrderedDict[str, tuple[int, int]] = OrderedDict()  # id -> tested, matched

    def _bit(self, topic: Topic) -> int:
        words = (topic.any, topic.all, topic.none)
        bit = self._bits.get(words)
        if bit is None:
            if len(self._bits) >= 64:  # keyword sets come from the config: rare
                self._bits.clear()
                self._memo.clear()
            bit = self._bits[words] = 1 << len(self._bits)
        return bit

    def lookup(self, topic: Topic, ids: Sequence[str]) -> tuple[dict[str, bool], list[str]]:
        """(known verdicts, ids not yet tested)."""
        known: dict[str, bool] = {}
        unknown: list[str] = []
        with self._lock:
            bit = self._bit(topic)
            for i in ids:
                seen = self._memo.get(i)
                if seen is not None and seen[0] & bit:
                    known[i] = bool(seen[1] & bit)
                else:
                    unknown.append(i)
        return known, unknown

    def record(self, topic: Topic, verdicts: dict[str, bool]) -> None:
        with self._lock:
            bit = self._bit(topic)
            for i, found in verdicts.items():
                tested, matched = self._memo.pop(i, (0, 0))
                self._memo[i] = (tested | bit, matched | (bit if found else 0))
            while len(self._memo) > self.SIZE:
                self._memo.popitem(last=False)


_verdicts: WeakKeyDictionary[Store, _Verdicts] = WeakKeyDictionary()
_verdicts_lock = threading.Lock()


def topic_articles(store: Store, topic: Topic, since: datetime, until: datetime) -> list[Article]:
    """The topic's articles first seen in [since, until), oldest first.

    Only the window's ids come from the store at first; texts are read for articles not
    yet tested against this topic, whole rows for the ones that match.
    """
    with _verdicts_lock:
        memo = _verdicts.setdefault(store, _Verdicts())
    ids = store.article_ids_seen(since, until)
    known, unknown = memo.lookup(topic, ids)
    if unknown:
        fresh = {a.id: matches(topic, a) for a in store.article_texts(unknown)}
        memo.record(topic, fresh)
        known.update(fresh)
    wanted = [i for i in ids if known.get(i)]
    by_id = {a.id: a for a in store.articles(wanted)}
    return [by_id[i] for i in wanted if i in by_id]


def build_briefing(store: Store, settings: Settings, topic_slug: str, *, since: datetime,
                   until: datetime, now: datetime) -> Briefing:
    """The briefing of one topic over articles first seen in [since, until)."""
    if topic_slug not in settings.topics:
        raise UnknownTopicError(topic_slug, list(settings.topics))
    topic = settings.topic(topic_slug)
    # Only the topic's articles are loaded whole and condensed.
    relevant = topic_articles(store, topic, since, until)
    condensed = condensed_for(store, relevant, now=now)
    return compose(topic, relevant, condensed, since=since, until=until,
                   per_category=settings.engine.max_per_category,
                   max_stories=settings.engine.max_stories)


def latest_briefing(store: Store, settings: Settings, topic_slug: str, *, hours: float,
                    now: datetime) -> Briefing:
    return build_briefing(store, settings, topic_slug, since=now - timedelta(hours=hours),
                          until=now + timedelta(microseconds=1), now=now)


_RECORD_BATCH = 64  # poll results stored per transaction


@dataclass(frozen=True)
class PollOutcome:
    """One feed's poll: the fetch result and how many articles were new."""

    url: str
    name: str | None
    result: FeedResult
    new: int


def feed_requests(settings: Settings, store: Store,
                  urls: Sequence[str] | None = None) -> list[tuple[str, str | None, FeedRequest]]:
    """(configured url, name, request with the stored validators) for each feed to poll."""
    health = store.feed_health()
    out = []
    for feed in settings.feeds:
        if urls is not None and feed.url not in urls:
            continue
        h = health.get(feed.url)
        target = resolve_local(feed.url, settings.source_path)
        out.append((feed.url, feed.name, FeedRequest(
            url=target, etag=h.etag if h else None, last_modified=h.last_modified if h else None)))
    return out


async def poll_feeds(settings: Settings, store: Store, *, now: Callable[[], datetime],
                     urls: Sequence[str] | None = None,
                     on_outcome: Callable[[PollOutcome], None] | None = None,
                     poller: FeedPoller | None = None) -> list[PollOutcome]:
    """Fetch every (or the given) feed once and store what is new. Never raises for a feed."""
    todo = await asyncio.to_thread(feed_requests, settings, store, urls)
    by_target: dict[str, list[tuple[str, str | None]]] = {}
    for url, name, req in todo:
        by_target.setdefault(req.url, []).append((url, name))
    outcomes: list[PollOutcome] = []
    pending: list[asyncio.Future[None]] = []
    loop = asyncio.get_running_loop()

    batch: list[FeedResult] = []

    def record(results: list[FeedResult]) -> None:
        polls = [(_as_configured(r, url), name)
                 for r in results for url, name in by_target.get(r.url, [])]
        for (stored, name), new in zip(polls, store.record_polls(polls, now=now()), strict=True):
            # The entries are stored now; the outcome need not keep them in memory.
            outcome = PollOutcome(url=stored.url, name=name, result=replace(stored, entries=()),
                                  new=new)
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)

    def flush() -> None:
        if batch:
            pending.append(loop.run_in_executor(None, record, batch.copy()))
            batch.clear()

    def on_result(result: FeedResult) -> None:
        # One transaction (and one thread hop) per batch: a 304 then costs a row update, not
        # a commit. New articles are written at once, so they never wait for the batch.
        batch.append(result)
        if result.entries or len(batch) >= _RECORD_BATCH:
            flush()

    pl = poller or FeedPoller(concurrency=settings.polling.concurrency,
                              timeout=settings.polling.timeout.total_seconds(),
                              max_bytes=settings.polling.max_bytes)

    async def fetch(request: FeedRequest) -> None:
        # Each result is handed on and dropped (not collected as FeedPoller.poll does), so a
        # cycle holds the results in flight, not every changed feed's entries at once.
        on_result(await pl.poll_one(request))

    if poller is None:
        async with pl:
            await asyncio.gather(*(fetch(r) for _, _, r in todo))
    else:
        await asyncio.gather(*(fetch(r) for _, _, r in todo))
    flush()
    if pending:
        await asyncio.gather(*pending)
    order = {url: i for i, (url, _, _) in enumerate(todo)}
    outcomes.sort(key=lambda o: order.get(o.url, 0))
    return outcomes


def _as_configured(result: FeedResult, url: str) -> FeedResult:
    """Key the stored state by the url as configured (a relative path stays relative)."""
    if result.url == url:
        return result
    return replace(result, url=url)
