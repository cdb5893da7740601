"""Building Entry values: the uid fallbacks (id, link, title+date) and de-dup within one feed."""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from briefings.feeds.canonical import http_url
from briefings.feeds.text import html_to_text, one_line, plain_text, title_from_text
from briefings.feeds.values import Entry


def make_entry(
    *,
    feed_url: str,
    entry_id: str | None,
    link: str | None,
    title: str | None,
    title_is_html: bool,
    body: str | None,
    body_is_html: bool,
    published: datetime | None,
    author: str | None,
) -> Entry | None:
    """One normalised entry, or ``None`` when the item carries nothing at all."""
    base = feed_url if "://" in feed_url else None
    url = http_url(link, base)
    text = (html_to_text(body) if body_is_html else plain_text(body)) if body else ""
    clean_title = ""
    if title:
        clean_title = one_line(html_to_text(title) if title_is_html else title)
    entry_id = (entry_id or "").strip()
    if entry_id:
        uid = "id:" + entry_id
    elif url:
        uid = "link:" + url
    elif clean_title or published:
        uid = f"td:{published.isoformat() if published else ''}|{clean_title}"
    elif text:
        # Neither id, link, title nor date: the text itself is all that identifies the item.
        uid = "td:|#" + hashlib.sha256(text.encode()).hexdigest()[:24]
    else:
        return None
    return Entry(
        uid=uid,
        url=url,
        title=clean_title or title_from_text(text),
        text=text,
        published=published,
        author=one_line(author) if author and author.strip() else None,
    )


def dedupe(entries: Iterable[Entry | None]) -> tuple[Entry, ...]:
    """Drop repeated uids, keeping the first (feeds list newest first)."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        if entry is not None and entry.uid not in seen:
            seen[entry.uid] = entry
    return tuple(seen.values())


def _timestamp(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def entry_from_feedparser(e: Mapping[str, Any], feed_url: str) -> Entry | None:
    """An Entry from a feedparser entry dict (or fastparse's dict of the same shape)."""
    body, body_type = None, "text/html"
    contents = [c for c in e.get("content", ()) if c.get("value")]
    if contents:
        best = max(contents, key=lambda c: len(c["value"]))
        body, body_type = best["value"], best.get("type", "text/html")
    elif e.get("summary"):
        body = e["summary"]
        body_type = e.get("summary_detail", {}).get("type", "text/html")
    title_type = e.get("title_detail", {}).get("type", "text/plain")
    link = e.get("link")
    if not link and e.get("guidislink"):
        link = e.get("id")
    return make_entry(
        feed_url=feed_url,
        entry_id=e.get("id"),
        link=link,
        title=e.get("title"),
        title_is_html="html" in title_type,
        body=body,
        body_is_html="html" in body_type or "xml" in body_type,
        published=_timestamp(
            e.get("published_parsed") or e.get("updated_parsed") or e.get("created_parsed")
        ),
        author=e.get("author"),
    )
