"""The values the feed layer takes and returns: requests in, results (with entries) out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

FeedStatus = Literal["ok", "not_modified", "error"]


@dataclass(frozen=True)
class FeedRequest:
    """One feed to poll, with the validators of its last successful fetch."""

    url: str  # http(s) URL, file:// URL or local file path (relative paths resolved by the caller)
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Entry:
    """One feed item, normalised.

    ``uid`` is the de-dup key within a feed: ``"id:<entry id>"``, else ``"link:<canonical url>"``,
    else ``"td:<date>|<title>"``. ``url`` is the canonical article URL, for de-dup across feeds.
    """

    uid: str
    url: str | None
    title: str
    text: str  # plain text, paragraphs separated by blank lines
    published: datetime | None  # aware, UTC
    author: str | None = None


@dataclass(frozen=True)
class FeedResult:
    """The outcome of polling one feed. Failures are values: ``status == "error"`` and ``error``.

    On ``not_modified`` and ``error`` the validators are those of the request (or newer ones the
    server sent with a 304), so a caller can store them unconditionally.
    """

    url: str
    status: FeedStatus
    entries: tuple[Entry, ...] = ()
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    http_status: int | None = None
    error: str | None = None  # one line, e.g. "HTTP 500", "not a feed: HTML page"
    retry_after: float | None = None  # seconds, from Retry-After on 429/503
    warning: str | None = None  # e.g. malformed XML that feedparser recovered from
    fetch_seconds: float = 0.0
    parse_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status != "error"
