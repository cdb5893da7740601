"""parse_bytes and canonical_url: pure functions, no server."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime

import pytest

from briefings.feeds import canonical_url, parse_bytes
from briefings.feeds.reasons import retry_after_seconds

FEED_URL = "https://news.example.com/feeds/world.xml"


def _rss(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>World</title><link>https://news.example.com/</link>{items}</channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("HTTPS://News.Example.COM/a/b?x=1#frag", None, "https://news.example.com/a/b?x=1"),
        ("http://example.com", None, "http://example.com/"),
        ("http://example.com:80/a", None, "http://example.com/a"),
        ("https://example.com:443/a", None, "https://example.com/a"),
        ("https://example.com:8443/a", None, "https://example.com:8443/a"),
        (
            "https://example.com/a?utm_source=rss&id=7&utm_medium=feed&fbclid=X&gclid=Y",
            None,
            "https://example.com/a?id=7",
        ),
        ("https://example.com/a?UTM_Campaign=x&mc_cid=1", None, "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", None, "https://example.com/a?b=2&a=1"),  # order kept
        ("https://example.com/a?q=", None, "https://example.com/a?q="),
        ("/2024/story.html", FEED_URL, "https://news.example.com/2024/story.html"),
        ("story.html", FEED_URL, "https://news.example.com/feeds/story.html"),
        ("//cdn.example.org/x", FEED_URL, "https://cdn.example.org/x"),
        ("https://example.com/caf%c3%a9", None, "https://example.com/caf%C3%A9"),
        ("  https://example.com/a  ", None, "https://example.com/a"),
        ("https://Example.com./a", None, "https://example.com/a"),
        ("mailto:someone@example.com", None, "mailto:someone@example.com"),
        ("http://[::1", None, "http://[::1"),  # malformed: returned as is, no exception
    ],
)
def test_canonical_url(url: str, base: str | None, expected: str) -> None:
    assert canonical_url(url, base) == expected


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("HTTP://A.example/x/?utm_term=1&k=v#top")
    assert canonical_url(once) == once == "http://a.example/x/?k=v"


def test_uid_fallbacks_id_then_link_then_title_and_date() -> None:
    result = parse_bytes(
        _rss(
            "<item><guid>g-1</guid><title>A</title><link>/a</link></item>"
            "<item><title>B</title><link>/b?utm_source=x</link></item>"
            "<item><title>C</title><pubDate>Tue, 02 Jan 2024 03:04:05 +0200</pubDate></item>"
        ),
        url=FEED_URL,
    )
    uids = [e.uid for e in result.entries]
    assert uids == ["id:g-1", "link:https://news.example.com/b", "td:2024-01-02T01:04:05+00:00|C"]
    assert result.entries[0].url == "https://news.example.com/a"
    assert result.entries[2].published == datetime(2024, 1, 2, 1, 4, 5, tzinfo=UTC)


def test_duplicate_ids_within_a_feed_give_one_entry() -> None:
    item = "<item><guid>same</guid><title>{}</title></item>"
    result = parse_bytes(_rss(item.format("first") + item.format("second")), url=FEED_URL)
    assert [e.title for e in result.entries] == ["first"]


def test_html_becomes_plain_text_with_paragraphs() -> None:
    body = (
        "<![CDATA[<p>First &amp; <b>bold</b>.</p><script>evil()</script>"
        "<p>Second<br/>line</p><img src='pixel.gif'><ul><li>one</li><li>two</li></ul>]]>"
    )
    result = parse_bytes(
        _rss(
            f"<item><guid>1</guid><title>T &amp;amp;nbsp;x</title><description>{body}</description></item>"
        ),
        url=FEED_URL,
    )
    entry = result.entries[0]
    assert entry.text == "First & bold.\n\nSecond\nline\n\none\n\ntwo"
    assert entry.title == "T x"  # the double-escaped &nbsp; is unescaped too


def test_atom_author_and_content_preferred_over_summary() -> None:
    doc = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><id>tag:x,2024:1</id><title type="html">&lt;i&gt;Hi&lt;/i&gt; there</title>
    <link rel="alternate" href="https://x.example/1"/><updated>2024-05-01T12:00:00Z</updated>
    <author><name>Ann Writer</name></author><summary>short</summary>
    <content type="html">&lt;p&gt;The long body.&lt;/p&gt;</content></entry></feed>"""
    entry = parse_bytes(doc, url=FEED_URL).entries[0]
    assert (entry.uid, entry.title, entry.text, entry.author) == (
        "id:tag:x,2024:1", "Hi there", "The long body.", "Ann Writer",
    )  # fmt: skip
    assert entry.published == datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_json_feed_1_1() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JF",
        "home_page_url": "https://jf.example/",
        "authors": [{"name": "Feed Author"}],
        "items": [
            {"id": 1, "url": "/posts/1?utm_source=x", "title": "One", "content_html": "<p>a</p><p>b</p>",
             "date_published": "2024-02-03T04:05:06+01:00"},
            {"id": "2", "content_text": "Plain\n\n\nbody", "authors": [{"name": "Item Author"}]},
            {"id": "2", "content_text": "duplicate id"},
            "not an item",
        ],
    }  # fmt: skip
    result = parse_bytes(json.dumps(doc).encode(), url="https://jf.example/feed.json")
    assert result.status == "ok" and result.title == "JF"
    one, two = result.entries
    assert (one.uid, one.url, one.text, one.author) == (
        "id:1", "https://jf.example/posts/1", "a\n\nb", "Feed Author",
    )  # fmt: skip
    assert one.published == datetime(2024, 2, 3, 3, 5, 6, tzinfo=UTC)
    assert (two.text, two.title, two.author, two.published) == (
        "Plain\n\nbody",
        "Plain",
        "Item Author",
        None,
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty body"),
        (b"  \n\t ", "empty body"),
        (b'{"version": "1", "items": []}', "not a feed: JSON without a JSON Feed version"),
        (b"[1, 2]", "not a feed: JSON without a JSON Feed version"),
        (b'{"version": ', "not a feed: invalid JSON"),
        (
            b'{"version": "https://jsonfeed.org/version/1", "items": {}}',
            "not a feed: JSON Feed 'items' is not a list",
        ),
        (b"\x1f\x8b\x08\x00junk", "not a feed: gzip-compressed body sent without Content-Encoding"),
        (b"<html><head><title>x</title></head><body>Hello</body></html>", "not a feed: HTML page"),
        (
            b"<?xml version='1.0'?><rss version='2.0'><channel><title>x",
            "truncated XML: no element found",
        ),
        (
            b"<?xml version='1.0'?><note><to>Tove</to></note>",
            "not a feed: no RSS, Atom or RDF document found",
        ),
        (b"\x00\x01\x02\x03\x04\x05" * 100, "not a feed: binary data"),
    ],
)
def test_bodies_that_are_not_feeds(body: bytes, reason: str) -> None:
    result = parse_bytes(body, url=FEED_URL)
    assert result.status == "error" and result.entries == ()
    assert result.error is not None and result.error.startswith(reason)


def test_html_page_names_its_feed_link() -> None:
    page = b'<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>'
    assert (
        parse_bytes(page, url=FEED_URL).error == "not a feed: HTML page (it links to a feed: /rss)"
    )


def test_feed_cut_after_its_items_keeps_them_with_a_warning() -> None:
    doc = _rss(
        "<item><guid>1</guid><title>A</title></item><item><guid>2</guid><title>B</title></item>"
    )
    result = parse_bytes(doc[: doc.index(b"</channel>")], url=FEED_URL)
    assert result.status == "ok" and len(result.entries) == 2
    assert result.warning and "truncated XML" in result.warning


def test_valid_empty_feed_is_ok() -> None:
    result = parse_bytes(_rss(""), url=FEED_URL)
    assert (result.status, result.entries, result.title, result.error) == ("ok", (), "World", None)


def test_http_charset_is_used_for_undeclared_documents() -> None:
    doc = '<rss version="2.0"><channel><title>Notícias</title><item><guid>1</guid><title>Ação</title></item></channel></rss>'
    result = parse_bytes(
        doc.encode("iso-8859-1"), url=FEED_URL, content_type="text/xml; charset=ISO-8859-1"
    )
    assert result.title == "Notícias" and result.entries[0].title == "Ação"


def test_result_pickles_for_the_process_pool() -> None:
    result = parse_bytes(
        _rss(
            "<item><guid>1</guid><title>A</title><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate></item>"
        ),
        url=FEED_URL,
    )
    assert pickle.loads(pickle.dumps(result)) == result


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120.0), ("0", 0.0), (None, None), ("", None), ("soon", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0)],
)  # fmt: skip
def test_retry_after(value: str | None, expected: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 27, tzinfo=UTC)
    assert retry_after_seconds(value, now=now) == expected
