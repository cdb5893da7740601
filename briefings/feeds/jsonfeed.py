"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1), which feedparser 6 does not read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from briefings.feeds.entries import dedupe, make_entry
from briefings.feeds.values import FeedResult

JSONFEED_VERSION_PREFIX = "https://jsonfeed.org/version/"


def _str(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # some feeds write numeric ids
    return None


def _date(value: Any) -> datetime | None:
    text = _str(value)
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        return None
    if parsed.tzinfo is None:  # RFC 3339 requires an offset; assume UTC when a feed omits it
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _author(item: dict[str, Any], feed: dict[str, Any]) -> str | None:
    for holder in (item, feed):
        authors = holder.get("authors")  # 1.1
        if isinstance(authors, list):
            names = [a.get("name") for a in authors if isinstance(a, dict)]
            joined = ", ".join(n for n in names if isinstance(n, str) and n.strip())
            if joined:
                return joined
        author = holder.get("author")  # 1.0
        if isinstance(author, dict) and isinstance(author.get("name"), str):
            return str(author["name"])
    return None


def is_jsonfeed(doc: Any) -> bool:
    version = doc.get("version") if isinstance(doc, dict) else None
    return isinstance(version, str) and version.startswith(JSONFEED_VERSION_PREFIX)


def parse_jsonfeed(doc: dict[str, Any], *, url: str) -> FeedResult:
    """Entries of a decoded JSON Feed document (``is_jsonfeed(doc)`` holds)."""
    items = doc.get("items", [])
    if not isinstance(items, list):
        return FeedResult(
            url=url, status="error", error="not a feed: JSON Feed 'items' is not a list"
        )
    base = _str(doc.get("home_page_url")) or _str(doc.get("feed_url")) or url
    built = []
    for item in items:
        if not isinstance(item, dict):
            continue
        html_body = _str(item.get("content_html"))
        body = html_body or _str(item.get("content_text")) or _str(item.get("summary"))
        built.append(
            make_entry(
                feed_url=base if "://" in base else url,
                entry_id=_str(item.get("id")),
                link=_str(item.get("url")) or _str(item.get("external_url")),
                title=_str(item.get("title")),
                title_is_html=False,
                body=body,
                body_is_html=bool(html_body),
                published=_date(item.get("date_published")) or _date(item.get("date_modified")),
                author=_author(item, doc),
            )
        )
    title = _str(doc.get("title"))
    return FeedResult(
        url=url,
        status="ok",
        entries=dedupe(built),
        title=title.strip() if title and title.strip() else None,
    )
