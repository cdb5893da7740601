"""Numbered schema migrations, tracked with ``PRAGMA user_version``.

Append a new entry to MIGRATIONS to change the schema; never edit a shipped one.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: list[str] = [
    # 1: feeds, articles, condensed cache, delivery log
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_polled TEXT,
        last_success TEXT,
        last_error TEXT,
        failing_since TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_poll TEXT,
        reported_at TEXT,
        entries_total INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        feed_url TEXT NOT NULL,
        uid TEXT NOT NULL,
        url TEXT,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        source TEXT,
        published TEXT,
        seen_at TEXT NOT NULL,
        UNIQUE (feed_url, uid)
    );
    CREATE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
    CREATE INDEX articles_seen ON articles(seen_at, id);  -- covers the window's id list
    CREATE TABLE condensed (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        engine TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE TABLE deliveries (
        channel TEXT NOT NULL,
        slot TEXT NOT NULL,
        delivery_id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'expired')),
        attempts INTEGER NOT NULL DEFAULT 0,
        covers_since TEXT,
        covers_until TEXT,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (channel, slot)
    );
    CREATE INDEX deliveries_status ON deliveries(status);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema to SCHEMA_VERSION; each step in its own transaction. Returns the version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"the store has schema version {version}, newer than this briefbot knows "
            f"({SCHEMA_VERSION}); upgrade briefbot")
    for number in range(version, SCHEMA_VERSION):
        try:
            conn.executescript(
                "BEGIN;" + MIGRATIONS[number] + f";PRAGMA user_version = {number + 1}; COMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.rollback()
            raise
    return SCHEMA_VERSION
