"""Building Entry values: the uid fallbacks (id, link, title+date) and de-dup within one feed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

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
