"""Articles read from files for ``briefbot condense`` / ``briefbot stories``.

A .txt file has the title on its first line; a .html file is reduced to text; a .json file
has at least "text" (optional "id", "title", "published", "source", "url") — the labelled
articles of the evaluation set are accepted as they are.
"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

from briefings.errors import InputError
from briefings.feeds.text import html_to_text
from briefings.models import Article


def parse_published(value: object) -> datetime | None:
    """'2025-02-26' or an ISO timestamp -> aware UTC datetime; None when absent."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = str(value).strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            d = date.fromisoformat(text[:10])
        except ValueError:
            raise InputError(f"'published' is not an ISO date: {text!r}") from None
        dt = datetime(d.year, d.month, d.day, 12, tzinfo=UTC)
    else:
        if len(text) <= 10:  # a bare date: its midday, so the day is the same in any zone
            dt = dt.replace(hour=12)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def load_article(path: Path, *, published: datetime | None = None) -> Article:
    """Read one article file; ``published`` overrides what the file says."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read: {e}") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}: not valid JSON: {e}") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise InputError(f"{path}: a JSON article needs a string field \"text\"")
        try:
            pub = published or parse_published(data.get("published"))
        except InputError as e:
            raise InputError(f"{path}: {e}") from None
        return Article(id=str(data.get("id") or path.stem), title=str(data.get("title") or ""),
                       text=data["text"], url=data.get("url"), source=data.get("source"),
                       published=pub)
    if suffix in (".html", ".htm"):
        m = re.search(r"<title[^>]*>(.*?)</title>", raw, re.I | re.S)
        title = " ".join(html.unescape(m.group(1)).split()) if m else ""
        body = re.search(r"<body[^>]*>(.*)</body>", raw, re.I | re.S)
        text = html_to_text(body.group(1) if body else raw)
        return Article(id=path.stem, title=title, text=text, published=published)
    first, _, rest = raw.strip().partition("\n")
    return Article(id=path.stem, title=first.strip(), text=rest.strip(), published=published)
