from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from briefings.errors import StoreError
from briefings.models import Condensed, Figure
from briefings.store import SCHEMA_VERSION, Store
from tests.conftest import entry, feed_result


def test_schema_version_and_wal(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3"):
        pass
    conn = sqlite3.connect(tmp_path / "s.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_dedupe_by_uid_and_across_feeds_by_url(tmp_path: Path, fixed_now) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        a = entry("id:1", "A", "text a", url="https://x.org/a")
        b = entry("id:2", "B", "text b", url="https://x.org/b")
        assert store.record_poll(feed_result("f1", [a, b]), now=fixed_now) == 2
        assert store.record_poll(feed_result("f1", [a, b]), now=fixed_now) == 0
        # The same article through another feed (same canonical URL): not stored twice.
        again = entry("other-guid", "A (wire)", "text a", url="https://x.org/a")
        assert store.record_poll(feed_result("f2", [again]), now=fixed_now) == 0
        # No URL: the uid within the feed decides.
        c = entry("td:C|2025", "C", "text c")
        assert store.record_poll(feed_result("f2", [c, c]), now=fixed_now) == 1
        assert store.article_count() == 3


def test_a_failed_poll_keeps_articles_and_counts_failures(tmp_path: Path, fixed_now) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.record_poll(feed_result("f", [entry("1", "A", "t")], title="Feed"), now=fixed_now)
        for i in range(3):
            store.record_poll(feed_result("f", [], status="error", error="HTTP 500"),
                              now=fixed_now + timedelta(minutes=i))
        h = store.feed_health()["f"]
        assert (h.failures, h.last_error, h.failing_since) == (3, "HTTP 500", fixed_now)
        assert store.article_count() == 1
        store.record_poll(feed_result("f", []), now=fixed_now + timedelta(hours=1))
        h = store.feed_health()["f"]
        assert h.failures == 0 and h.failing_since is None and h.title == "Feed"


def test_window_is_by_first_seen(tmp_path: Path, fixed_now) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.record_poll(feed_result("f", [entry("1", "old", "t")]), now=fixed_now - timedelta(days=2))
        store.record_poll(feed_result("f", [entry("2", "new", "t")]), now=fixed_now)
        titles = [a.title for a in store.articles_seen(fixed_now - timedelta(hours=24),
                                                      fixed_now + timedelta(seconds=1))]
        assert titles == ["new"]


def test_condensed_cache_is_keyed_by_engine_version(tmp_path: Path, fixed_now) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.record_poll(feed_result("f", [entry("1", "A", "t")]), now=fixed_now)
        aid = store.articles_seen(fixed_now, fixed_now + timedelta(seconds=1))[0].id
        c = Condensed(aid, figures=(Figure("$5m", 5e6, "USD", "cost", "It cost $5m."),))
        store.put_condensed([c], "v1")
        assert store.condensed([aid], "v1") == {aid: c}
        assert store.condensed([aid], "v2") == {}


def test_delivery_is_opened_once(tmp_path: Path, fixed_now) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        kw = dict(covers_since=fixed_now - timedelta(days=1), covers_until=fixed_now, now=fixed_now)
        d1 = store.open_delivery("console:stdout#t", fixed_now, **kw)
        d2 = store.open_delivery("console:stdout#t", fixed_now, **kw)
        assert d1.delivery_id == d2.delivery_id and d1.status == "pending"
        store.mark_attempt(d1.delivery_id, now=fixed_now, error=None, status="delivered")
        assert store.last_delivered("console:stdout#t").delivery_id == d1.delivery_id
        assert store.undelivered("console:stdout#t") == []


def test_unopenable_store_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(tmp_path / "file" / "s.sqlite3")


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "s.sqlite3")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this briefbot knows"):
        Store(tmp_path / "s.sqlite3")
