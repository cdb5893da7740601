"""Persistence in one SQLite file (WAL). All SQL lives in this package.

Every write is one transaction, so a crash (even ``kill -9``) leaves either the whole
poll result or none of it, and a delivery is marked posted in the same step that
records it. One connection is shared behind a lock: callers run store methods in a
worker thread (``asyncio.to_thread``), never on the event loop.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefings.errors import StoreError
from briefings.models import Article, Condensed
from briefings.store.migrations import SCHEMA_VERSION, migrate

__all__ = ["Store", "FeedHealth", "Delivery", "SCHEMA_VERSION", "ts", "from_ts"]


def ts(dt: datetime) -> str:
    """A fixed-width UTC timestamp that sorts as text."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat(timespec="microseconds")


def from_ts(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def article_id(feed_url: str, uid: str) -> str:
    return hashlib.sha1(f"{feed_url}\n{uid}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class FeedHealth:
    url: str
    title: str | None
    last_polled: datetime | None
    last_success: datetime | None
    last_error: str | None
    failing_since: datetime | None
    failures: int
    next_poll: datetime | None
    reported_at: datetime | None
    entries_total: int
    etag: str | None = None
    last_modified: str | None = None

    @property
    def ok(self) -> bool:
        return self.failures == 0


@dataclass(frozen=True)
class Delivery:
    channel: str
    slot: datetime
    delivery_id: str
    status: str
    attempts: int
    covers_since: datetime | None
    covers_until: datetime | None
    last_error: str | None
    updated_at: datetime | None = None


class Store:
    """The SQLite store. Safe to share between threads."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30,
                                         isolation_level=None)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            migrate(self._conn)
        except (sqlite3.Error, OSError, RuntimeError) as e:
            raise StoreError(f"cannot open the store at {path}: {e}") from e
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers -----------------------------------------------------------------------

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def _write(self, fn: Any) -> Any:
        """Run ``fn(conn)`` in one IMMEDIATE transaction."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                out = fn(self._conn)
                self._conn.execute("COMMIT")
                return out
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    # -- feeds -------------------------------------------------------------------------

    def feed_health(self, urls: Iterable[str] | None = None) -> dict[str, FeedHealth]:
        rows = self._rows("SELECT * FROM feeds ORDER BY url")
        wanted = set(urls) if urls is not None else None
        return {r["url"]: _feed(r) for r in rows if wanted is None or r["url"] in wanted}

    def record_poll(self, result: Any, *, now: datetime, name: str | None = None) -> int:
        """Store one FeedResult (see briefings.feeds): new entries and the feed's state.

        Returns how many articles were new. Entries already stored (same feed and uid, or
        the same canonical URL from another feed) are skipped.
        """
        return self.record_polls([(result, name)], now=now)[0]

    def record_polls(self, polls: Sequence[tuple[Any, str | None]], *, now: datetime) -> list[int]:
        """``record_poll`` for several (result, name) pairs in one transaction: a poll cycle
        writes in batches, so a 304 costs a row update rather than a commit."""
        now_s = ts(now)
        try:
            return list(self._write(
                lambda conn: [_record(conn, r, now_s, name) for r, name in polls]))
        except sqlite3.Error as e:
            urls = ", ".join(r.url for r, _ in polls[:3]) + (" ..." if len(polls) > 3 else "")
            raise StoreError(f"cannot store the poll of {urls}: {e}") from e

    def set_next_polls(self, when: Mapping[str, datetime]) -> None:
        """Each feed's next poll time, in one transaction."""
        rows = [(ts(w), u) for u, w in when.items()]
        self._write(lambda c: (
            c.executemany("INSERT OR IGNORE INTO feeds(url) VALUES (?)", [(u,) for _, u in rows]),
            c.executemany("UPDATE feeds SET next_poll=? WHERE url=?", rows)))

    def mark_reported(self, url: str, now: datetime) -> None:
        self._write(lambda c: c.execute("UPDATE feeds SET reported_at=? WHERE url=?",
                                        (ts(now), url)))

    # -- articles ----------------------------------------------------------------------

    def articles_seen(self, since: datetime, until: datetime) -> list[Article]:
        """Articles first stored in [since, until), oldest first."""
        rows = self._rows(
            "SELECT * FROM articles WHERE seen_at >= ? AND seen_at < ? ORDER BY seen_at, id",
            (ts(since), ts(until)))
        return [_article(r) for r in rows]

    def article_ids_seen(self, since: datetime, until: datetime) -> list[str]:
        """Ids of the articles first stored in [since, until), oldest first (index only)."""
        return [r[0] for r in self._rows(
            "SELECT id FROM articles WHERE seen_at >= ? AND seen_at < ? ORDER BY seen_at, id",
            (ts(since), ts(until)))]

    def article_texts(self, ids: Sequence[str]) -> list[Article]:
        """Just id, title and text of these articles: enough to match a topic."""
        out: list[Article] = []
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            marks = ",".join("?" * len(chunk))
            out += [Article(id=r[0], title=r[1], text=r[2]) for r in self._rows(
                f"SELECT id, title, text FROM articles WHERE id IN ({marks})", chunk)]
        return out

    def articles(self, ids: Sequence[str]) -> list[Article]:
        out: list[Article] = []
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            marks = ",".join("?" * len(chunk))
            out += [_article(r) for r in self._rows(
                f"SELECT * FROM articles WHERE id IN ({marks})", chunk)]
        return out

    def article_count(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM articles")[0][0])

    # -- condensed cache ---------------------------------------------------------------

    def condensed(self, ids: Sequence[str], engine: str) -> dict[str, Condensed]:
        """Cached results of this engine version; stale versions count as missing."""
        out: dict[str, Condensed] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            marks = ",".join("?" * len(chunk))
            for r in self._rows(
                    f"SELECT article_id, data FROM condensed WHERE engine=? "
                    f"AND article_id IN ({marks})", [engine, *chunk]):
                out[r["article_id"]] = Condensed.from_dict(json.loads(r["data"]))
        return out

    def put_condensed(self, items: Sequence[Condensed], engine: str) -> None:
        rows = [(c.article_id, engine, json.dumps(c.to_dict(), ensure_ascii=False))
                for c in items]
        self._write(lambda c: c.executemany(
            "INSERT OR REPLACE INTO condensed(article_id, engine, data) VALUES (?,?,?)", rows))

    # -- deliveries --------------------------------------------------------------------

    def open_delivery(self, channel: str, slot: datetime, *, covers_since: datetime,
                      covers_until: datetime, now: datetime) -> Delivery:
        """The delivery of (channel, slot): created pending on first call, else as stored."""
        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                """INSERT OR IGNORE INTO deliveries(channel, slot, delivery_id, status,
                   covers_since, covers_until, created_at, updated_at)
                   VALUES (?,?,?,'pending',?,?,?,?)""",
                (channel, ts(slot), str(uuid.uuid4()), ts(covers_since), ts(covers_until),
                 ts(now), ts(now)))
        self._write(write)
        found = self.delivery(channel, slot)
        assert found is not None
        return found

    def delivery(self, channel: str, slot: datetime) -> Delivery | None:
        rows = self._rows("SELECT * FROM deliveries WHERE channel=? AND slot=?",
                          (channel, ts(slot)))
        return _delivery(rows[0]) if rows else None

    def mark_attempt(self, delivery_id: str, *, now: datetime, error: str | None,
                     status: str) -> None:
        """Record one attempt: status 'delivered', 'failed' (retry later) or 'expired'."""
        self._write(lambda c: c.execute(
            """UPDATE deliveries SET status=?, attempts=attempts+1, last_error=?, updated_at=?
               WHERE delivery_id=?""", (status, error, ts(now), delivery_id)))

    def last_delivered(self, channel: str) -> Delivery | None:
        rows = self._rows(
            """SELECT * FROM deliveries WHERE channel=? AND status='delivered'
               ORDER BY slot DESC LIMIT 1""", (channel,))
        return _delivery(rows[0]) if rows else None

    def latest_delivery(self, channel: str) -> Delivery | None:
        rows = self._rows(
            "SELECT * FROM deliveries WHERE channel=? ORDER BY slot DESC LIMIT 1", (channel,))
        return _delivery(rows[0]) if rows else None

    def undelivered(self, channel: str) -> list[Delivery]:
        rows = self._rows(
            """SELECT * FROM deliveries WHERE channel=? AND status IN ('pending', 'failed')
               ORDER BY slot""", (channel,))
        return [_delivery(r) for r in rows]

    # -- misc --------------------------------------------------------------------------

    def size_bytes(self) -> int:
        total = 0
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(self.path) + suffix)
            if p.exists():
                total += p.stat().st_size
        return total

    def ping(self) -> bool:
        try:
            self._rows("SELECT 1")
            return True
        except sqlite3.Error:
            return False


def _record(conn: sqlite3.Connection, result: Any, now_s: str, name: str | None) -> int:
    """One poll result's writes, inside the caller's transaction; returns new articles."""
    conn.execute("INSERT OR IGNORE INTO feeds(url) VALUES (?)", (result.url,))
    if result.status == "error":
        conn.execute(
            """UPDATE feeds SET last_polled=?, last_error=?, failures=failures+1,
               failing_since=COALESCE(failing_since, ?) WHERE url=?""",
            (now_s, result.error or "unknown error", now_s, result.url))
        return 0
    new = 0
    outlet = name or result.title or conn.execute(
        "SELECT title FROM feeds WHERE url=?", (result.url,)).fetchone()[0] or result.url
    for e in result.entries:
        # Across feeds, the canonical URL says "the same article"; within one feed
        # only the uid does (some feeds give several posts one page URL + #anchor).
        if e.url and conn.execute(
                "SELECT 1 FROM articles WHERE url=? AND feed_url<>? LIMIT 1",
                (e.url, result.url)).fetchone():
            continue
        cur = conn.execute(
            """INSERT OR IGNORE INTO articles
               (id, feed_url, uid, url, title, text, source, published, seen_at)
               VALUES (?,?,?,?,?,?,?,?,?)""",
            (article_id(result.url, e.uid), result.url, e.uid, e.url,
             e.title or "", e.text or "", outlet,
             ts(e.published) if e.published else None, now_s))
        new += cur.rowcount
    conn.execute(
        """UPDATE feeds SET title=COALESCE(?, title), etag=COALESCE(?, etag),
           last_modified=COALESCE(?, last_modified), last_polled=?, last_success=?,
           last_error=NULL, failures=0, failing_since=NULL, reported_at=NULL,
           entries_total=entries_total+? WHERE url=?""",
        (name or result.title, result.etag, result.last_modified, now_s, now_s, new,
         result.url))
    return new


def _feed(r: sqlite3.Row) -> FeedHealth:
    return FeedHealth(
        url=r["url"], title=r["title"], last_polled=from_ts(r["last_polled"]),
        last_success=from_ts(r["last_success"]), last_error=r["last_error"],
        failing_since=from_ts(r["failing_since"]), failures=r["failures"],
        next_poll=from_ts(r["next_poll"]), reported_at=from_ts(r["reported_at"]),
        entries_total=r["entries_total"], etag=r["etag"], last_modified=r["last_modified"])


def _article(r: sqlite3.Row) -> Article:
    return Article(id=r["id"], title=r["title"], text=r["text"], url=r["url"],
                   source=r["source"], published=from_ts(r["published"]),
                   feed_url=r["feed_url"])


def _delivery(r: sqlite3.Row) -> Delivery:
    slot = from_ts(r["slot"])
    assert slot is not None
    return Delivery(channel=r["channel"], slot=slot, delivery_id=r["delivery_id"],
                    status=r["status"], attempts=r["attempts"],
                    covers_since=from_ts(r["covers_since"]),
                    covers_until=from_ts(r["covers_until"]), last_error=r["last_error"],
                    updated_at=from_ts(r["updated_at"]))
