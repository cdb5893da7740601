"""Bytes -> FeedResult. Pure and picklable: runs in a worker process.

Well-formed RSS / RDF / Atom in UTF-8 takes the ElementTree fast path (``fastparse``); anything
it declines, feedparser parses. ``parse_bytes`` never raises; every way a body can fail to be a
feed becomes a one-line reason.
"""

from __future__ import annotations

import json
import re
import time
import xml.sax

import feedparser

from briefings.feeds.entries import dedupe, entry_from_feedparser
from briefings.feeds.fastparse import parse_fast
from briefings.feeds.jsonfeed import is_jsonfeed, parse_jsonfeed
from briefings.feeds.text import one_line
from briefings.feeds.values import FeedResult

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_FEED_LINK = re.compile(
    rb"<link\b[^>]*\btype=[\"']application/(?:rss|atom|feed)\+(?:xml|json)[\"'][^>]*>",
    re.IGNORECASE,
)
_HREF = re.compile(rb"\bhref=[\"']([^\"']+)[\"']", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
# SAX messages that mean the document stops before its end.
_TRUNCATION = ("no element found", "unclosed cdata section", "unclosed token")


def _error(url: str, reason: str) -> FeedResult:
    return FeedResult(url=url, status="error", error=reason)


def _strip_bom_ws(data: bytes) -> bytes:
    head = data[:4096]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.lstrip()


def _looks_binary(data: bytes) -> bool:
    sample = data[:1024]
    if (
        sample.startswith((b"\xff\xfe", b"\xfe\xff"))
        or b"\x00<\x00" in sample
        or b"<\x00" in sample[:4]
    ):
        return False  # UTF-16 text
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 20


def _trim_cut_utf8(data: bytes) -> bytes:
    """Drop a UTF-8 character cut in half at the very end (a truncated download).

    Left in place, that one byte makes feedparser decode the whole document as a legacy charset.
    """
    if not data or data[-1] < 0x80:
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 3 or exc.reason != "unexpected end of data":
            return data
        return data[: exc.start]


def _html_reason(data: bytes, url: str) -> str:
    link = _FEED_LINK.search(data[:65536])
    href = _HREF.search(link.group(0)) if link else None
    if href:
        target = href.group(1).decode("ascii", "replace")
        return f"not a feed: HTML page (it links to a feed: {target})"
    return "not a feed: HTML page"


def _xml_problem(exc: BaseException) -> str:
    message = getattr(exc, "getMessage", lambda: str(exc))()
    if message.lower() in _TRUNCATION:
        return f"truncated XML: {message}"
    line = getattr(exc, "getLineNumber", lambda: None)()
    return f"malformed XML: {message}" + (f" (line {line})" if line else "")


def _parse_xml(data: bytes, url: str, content_type: str | None) -> FeedResult:
    fast = parse_fast(data, content_type)
    if fast is not None:
        title, items = fast
        entries = dedupe(entry_from_feedparser(e, url) for e in items)
        if entries:
            return FeedResult(url=url, status="ok", entries=entries, title=one_line(title) or None)
    return parse_with_feedparser(data, url, content_type)


def parse_with_feedparser(data: bytes, url: str, content_type: str | None = None) -> FeedResult:
    """The general path: feedparser's strict parser, then its loose one for broken XML."""
    # feedparser reads the charset from the header; without one it would take RFC 3023's
    # "text/xml means us-ascii" literally, so only a declared charset is passed on.
    charset = _CHARSET.search(content_type or "")
    headers = {
        "content-type": "application/xml" + (f"; charset={charset.group(1)}" if charset else "")
    }
    # No content-location: feedparser would resolve guids against it, so ids would change
    # with the feed's URL. Links are resolved against the feed URL in make_entry instead.
    # Sanitising and URI resolution rewrite HTML we turn into text anyway; they cost CPU
    # (one corpus feed sent the sanitizer into regex backtracking).
    d = feedparser.parse(
        data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
    )
    version = d.get("version", "")
    exc = d.get("bozo_exception") if d.get("bozo") else None
    syntax_error = isinstance(exc, xml.sax.SAXException)
    entries = dedupe(entry_from_feedparser(e, url) for e in d.entries)
    if not entries:
        if _HTML_START.match(data[:4096].lstrip(b"\xef\xbb\xbf")) or (
            not version and "html" in d.feed
        ):
            return _error(url, _html_reason(data, url))
        if syntax_error and exc is not None:
            if not version and _looks_binary(data):
                return _error(url, "not a feed: binary data")
            return _error(url, _xml_problem(exc))
        if not version:
            return _error(url, "not a feed: no RSS, Atom or RDF document found")
    warning = None
    if exc is not None and (syntax_error or isinstance(exc, feedparser.CharacterEncodingOverride)):
        detail = _xml_problem(exc) if syntax_error else one_line(str(exc))
        warning = f"recovered {len(entries)} entries from a broken document: {detail}"
    title = one_line(d.feed.get("title", "") or "")
    return FeedResult(url=url, status="ok", entries=entries, title=title or None, warning=warning)


def _parse_json(data: bytes, url: str) -> FeedResult:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _error(url, "not a feed: JSON body is not UTF-8")
    except ValueError as exc:
        return _error(url, f"not a feed: invalid JSON ({one_line(str(exc))})")
    if not is_jsonfeed(doc):
        return _error(url, "not a feed: JSON without a JSON Feed version")
    return parse_jsonfeed(doc, url=url)


def parse_bytes(data: bytes, *, url: str, content_type: str | None = None) -> FeedResult:
    """Parse an RSS / Atom / RDF (via feedparser) or JSON Feed body. Never raises."""
    started = time.perf_counter()
    try:
        result = _parse(data, url, content_type)
    except Exception as exc:  # noqa: BLE001 - a parser bug is this feed's error, not the batch's
        result = _error(url, f"parser failed: {type(exc).__name__}: {one_line(str(exc))[:200]}")
    return _with_time(result, time.perf_counter() - started)


def _with_time(result: FeedResult, seconds: float) -> FeedResult:
    from dataclasses import replace

    return replace(result, parse_seconds=seconds)


def _parse(data: bytes, url: str, content_type: str | None) -> FeedResult:
    head = _strip_bom_ws(data)
    if not head:
        return _error(url, "empty body")
    if head.startswith(b"\x1f\x8b"):
        return _error(url, "not a feed: gzip-compressed body sent without Content-Encoding")
    if head[:1] in (b"{", b"[") or "json" in (content_type or "").lower() and head[:1] != b"<":
        return _parse_json(data, url)
    return _parse_xml(_trim_cut_utf8(data), url, content_type)
