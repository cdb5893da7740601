"""After a poll, the new topic articles are condensed in the background, so /brief is warm."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import BriefbotApp
from briefings import condense as engine
from briefings.compose import matches
from briefings.config import Settings
from briefings.pipeline import precondense
from briefings.store import Store, article_id
from tests.conftest import REPO, entry, feed_result, sample_settings

SAMPLES = REPO / "config" / "samples"
NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def settings(tmp_path: Path) -> Settings:
    return sample_settings(tmp_path)


async def test_poll_then_the_topic_articles_are_cached(tmp_path: Path) -> None:
    s = settings(tmp_path)
    earlier = entry("before-restart", "NATO backs Ukraine", "NATO said it would back Ukraine.")
    with Store(s.storage.path) as store:  # stored by an earlier run, never condensed
        store.record_poll(feed_result("https://example.org/feed", [earlier]),
                          now=NOW - timedelta(hours=3))
    app = BriefbotApp(s, clock=lambda: NOW)
    await app.open()
    try:
        await app.poll()
        assert app.precondensing is not None
        condensed = await asyncio.wrap_future(app.precondensing)
        assert app.store is not None
        articles = app.store.articles_seen(NOW - timedelta(days=1), NOW + timedelta(seconds=1))
        topic = s.topic("ukraine-nato")
        wanted = {a.id for a in articles if matches(topic, a)}
        cached = app.store.condensed([a.id for a in articles], engine.ENGINE_VERSION)
        assert len(wanted) > 1 and condensed == len(wanted)
        assert set(cached) == wanted  # the topic's articles, and only those
        assert article_id("https://example.org/feed", "before-restart") in cached
        first = app.precondensing
        await app.poll()  # nothing new: nothing to condense
        assert app.precondensing is first
    finally:
        await app.close()


def test_precondense_skips_cached_and_stops_when_asked(tmp_path: Path) -> None:
    s = settings(tmp_path)
    url = "https://example.org/feed"
    entries = [entry(f"u{i}", f"NATO and Ukraine, part {i}",
                     "Jens Stoltenberg said NATO would back Ukraine.") for i in range(40)]
    entries.append(entry("other", "Rain in Lisbon", "Wet week ahead."))
    with Store(s.storage.path) as store:
        store.record_poll(feed_result(url, entries), now=NOW)
        window = {"since": NOW, "until": NOW + timedelta(microseconds=1), "now": NOW}
        assert precondense(store, s, **window, stop=lambda: True) == 0
        assert precondense(store, s, **window) == 40
        assert precondense(store, s, **window) == 0  # all cached already
        assert len(store.condensed([a.id for a in store.articles_seen(NOW, NOW + timedelta(1))],
                                   engine.ENGINE_VERSION)) == 40
