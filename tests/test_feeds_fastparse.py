"""The ElementTree fast path either declines or gives exactly what the feedparser path gives.

Checked on every file of the shared corpus, on the fixtures in ``fixtures/feeds/`` and on
randomly assembled RSS 2.0 / RDF / Atom documents (seeded, so failures reproduce).
"""

from __future__ import annotations

import random
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

from briefings.feeds import parse_bytes
from briefings.feeds.fastparse import parse_fast
from briefings.feeds.parse import _trim_cut_utf8, parse_with_feedparser
from briefings.feeds.values import FeedResult

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "feeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
URL = "https://example.org/feeds/feed.xml"


def _same(a: FeedResult, b: FeedResult) -> None:
    a, b = replace(a, parse_seconds=0.0), replace(b, parse_seconds=0.0)
    assert len(a.entries) == len(b.entries)
    for x, y in zip(a.entries, b.entries, strict=True):
        assert x == y
    assert a == b


def _check(data: bytes, content_type: str | None = None) -> bool:
    """True when the fast path took the document (and matched feedparser)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = parse_fast(_trim_cut_utf8(data), content_type)
        if fast is None:
            return False
        reference = parse_with_feedparser(_trim_cut_utf8(data), URL, content_type)
        result = parse_bytes(data, url=URL, content_type=content_type)
    _same(result, reference)
    return bool(reference.entries)


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".xml", ".json", ".bin", ".html"))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared feed corpus not present")
def test_corpus_fast_path_matches_feedparser() -> None:
    fast = [p.name for p in _corpus_files() if _check(p.read_bytes())]
    # 24 of the 44 files in Nov 2026: the clean UTF-8 RSS/RDF/Atom feeds (not YouTube's nested
    # media:group, not xml:base, not legacy charsets, not the broken ones).
    assert len(fast) >= 20, fast
    assert "guardian-us-rss2.xml" in fast and "heise-rss090-rdf.xml" in fast
    assert "osm-pl-unclosed-cdata.xml" not in fast  # broken: feedparser's loose parser


FAST_FIXTURES = {
    "rss2-cdata-namespaces.xml",
    "atom-content-types.xml",
    "rss1-rdf-dcdate.xml",
    "rss2-mojibake-cp1252.xml",
}
DECLINED_FIXTURES = {
    "atom-xml-base.xml",  # xml:base
    "atom-content-src.xml",  # out-of-line content
    "rss2-nbsp-entity.xml",  # &nbsp; is not an XML entity
    "rss2-latin1.xml",  # not UTF-8
    "rss2-doctype.xml",  # a DOCTYPE
}


@pytest.mark.parametrize("name", sorted(FAST_FIXTURES | DECLINED_FIXTURES))
def test_fixture(name: str) -> None:
    took_fast_path = _check((FIXTURES / name).read_bytes())
    assert took_fast_path == (name in FAST_FIXTURES)


def test_fixture_values() -> None:
    """Spot checks that the compared values are the interesting ones."""
    result = parse_bytes((FIXTURES / "rss2-cdata-namespaces.xml").read_bytes(), url=URL)
    first, second, third, fourth = result.entries
    assert result.title == "Example & Co — news"
    assert first.uid == "id:post-1" and first.url == "https://example.org/a?id=1"
    assert first.title == "Ministers meet in Brussels"
    assert first.text == "Full text, first paragraph.\n\nSecond & last\nline."
    assert second.url == "https://example.org/relative/b" and second.author == (
        "ann@example.org (Ann Example)"
    )
    assert third.text == "A caption feedparser reads as content."  # media:description
    assert third.url == "https://example.org/c"
    assert fourth.uid.startswith("td:|#")
    atom = parse_bytes((FIXTURES / "atom-content-types.xml").read_bytes(), url=URL)
    assert atom.entries[0].author == "Ann (ann@example.org)"
    assert atom.entries[1].text == "XHTML bold & link.\n\none\n\ntwo"
    assert atom.entries[2].published is None


def test_content_type_charset_other_than_utf8_declines() -> None:
    body = (FIXTURES / "rss1-rdf-dcdate.xml").read_bytes()
    assert parse_fast(body, "application/rss+xml; charset=utf-8") is not None
    assert parse_fast(body, "text/xml; charset=iso-8859-1") is None
    assert _check(body, "text/xml; charset=iso-8859-1") is False


# -- random documents ---------------------------------------------------------------------

_RSS_CHILDREN = [
    "<title>Plain title {n}</title>",
    "<title><![CDATA[Title with <b>markup</b> {n}]]></title>",
    "<title>Escaped &lt;i&gt;html&lt;/i&gt; title &amp; {n}</title>",
    "<title>Caf\u00e9 \u201cquoted\u201d {n}</title>",
    "<title></title>",
    "<title>  padded   title {n} </title>",
    "<dc:title>DC title {n}</dc:title>",
    "<media:title>Media title {n}</media:title>",
    "<link>https://example.org/{n}?utm_source=x&amp;a=1</link>",
    "<link>/relative/{n}</link>",
    "<link></link>",
    "<link>  https://example.org/sp/{n}  </link>",
    '<atom:link rel="alternate" href="https://example.org/alt/{n}"/>',
    '<atom:link rel="self" href="https://example.org/self/{n}"/>',
    '<atom:link href="https://example.org/plain/{n}" type="application/rss+xml"/>',
    "<guid>https://example.org/g/{n}</guid>",
    '<guid isPermaLink="false">guid-{n}</guid>',
    '<guid isPermaLink="true">/rel-guid/{n}</guid>',
    "<guid></guid>",
    "<description>Short text {n}.</description>",
    "<description><![CDATA[<p>HTML para {n}.</p><p>Second.</p>]]></description>",
    "<description>&lt;p&gt;Escaped para {n}&lt;/p&gt;&amp;nbsp;x</description>",
    "<description></description>",
    "<content:encoded><![CDATA[<div>Full {n} <br/>text <script>x()</script></div>]]></content:encoded>",
    "<content:encoded></content:encoded>",
    "<media:description>Caption {n}</media:description>",
    "<itunes:summary>Podcast summary {n} &lt;b&gt;b&lt;/b&gt;</itunes:summary>",
    "<pubDate>Mon, 0{d} Jan 2024 10:00:00 GMT</pubDate>",
    "<pubDate>Tue, 0{d} Jan 2024 10:00:00 +0200</pubDate>",
    "<pubDate>2024-01-0{d}T10:00:00Z</pubDate>",
    "<pubDate>mer, 16 nov 2022 10:00:00</pubDate>",
    "<pubDate></pubDate>",
    "<dc:date>2024-02-0{d}T08:00:00+01:00</dc:date>",
    "<dcterms:modified>2024-03-0{d}</dcterms:modified>",
    "<dc:creator>Ann {n}</dc:creator>",
    "<author>ann{n}@example.org (Ann {n})</author>",
    "<itunes:author>Pod {n}</itunes:author>",
    '<source url="https://example.org/src">Source {n}</source>',
    '<category domain="d">Cat {n}</category>',
    '<enclosure url="https://example.org/{n}.mp3" length="1" type="audio/mpeg"/>',
    '<media:content url="https://example.org/{n}.jpg"><media:credit>C</media:credit></media:content>',
    '<media:content url="https://example.org/{n}.jpg"><media:title>Nested</media:title></media:content>',
    '<media:thumbnail url="https://example.org/{n}.png"/>',
    "<comments>https://example.org/{n}#comments</comments>",
    "<slash:comments>3</slash:comments>",
    '<x:thing a="1">unknown {n}</x:thing>',
    "<x:title>unknown-namespace title {n}</x:title>",
    "<feedburner:origLink>https://example.org/orig/{n}</feedburner:origLink>",
    "<image><url>https://example.org/i.png</url></image>",
]

_ATOM_CHILDREN = [
    "<title>Atom title {n}</title>",
    '<title type="html">&lt;b&gt;Atom&lt;/b&gt; html title {n}</title>',
    '<title type="text">Text &lt;kept&gt; {n}</title>',
    '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X <em>t</em> {n}</div></title>',
    "<title></title>",
    "<id>urn:example:{n}</id>",
    "<id>https://example.org/id/{n}</id>",
    "<id>/relative-id/{n}</id>",
    '<link href="https://example.org/a/{n}"/>',
    '<link rel="alternate" type="text/html" href="https://example.org/b/{n}"/>',
    '<link rel="alternate" type="application/pdf" href="https://example.org/c/{n}.pdf"/>',
    '<link rel="self" href="https://example.org/self/{n}"/>',
    '<link rel="replies" href="https://example.org/r/{n}"/>',
    '<link rel="ALTERNATE" href="https://example.org/upper/{n}"/>',
    "<link>https://example.org/text-link/{n}</link>",
    "<published>2024-01-0{d}T10:00:00+02:00</published>",
    "<updated>2024-01-0{d}T11:00:00Z</updated>",
    "<updated>yesterday</updated>",
    "<author><name>Ann {n}</name></author>",
    "<author><name>Bob</name><email>bob@example.org</email></author>",
    "<author><email>only@example.org</email></author>",
    "<author><uri>https://example.org/u</uri></author>",
    "<contributor><name>Carl</name></contributor>",
    "<summary>Atom summary {n}</summary>",
    '<summary type="html">&lt;p&gt;HTML summary {n}&lt;/p&gt;</summary>',
    '<content type="html">&lt;p&gt;HTML content {n}&lt;/p&gt;&lt;p&gt;More.&lt;/p&gt;</content>',
    '<content type="text">Text content {n} &lt;b&gt;</content>',
    "<content>Default-type content {n}</content>",
    '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>X {n}</p>'
    "<p>Y &amp; Z</p></div></content>",
    '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A</div>'
    '<div xmlns="http://www.w3.org/1999/xhtml">B</div></content>',
    '<content type="application/octet-stream">SGVsbG8=</content>',
    '<category term="t{n}"/>',
    "<media:group><media:title>G</media:title><media:description>D</media:description></media:group>",
    '<media:thumbnail url="https://example.org/t.png"/>',
    "<yt:videoId>v{n}</yt:videoId>",
]

_NS = (
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:x="urn:example:x" '
    'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0" '
    'xmlns:yt="http://www.youtube.com/xml/schemas/2015"'
)


def _children(rng: random.Random, pool: list[str], n: int) -> str:
    picked = rng.sample(pool, rng.randint(0, 7))
    return "".join(p.format(n=n, d=rng.randint(1, 9)) for p in picked)


def _random_doc(rng: random.Random) -> bytes:
    kind = rng.choice(("rss", "rdf", "atom"))
    if kind == "atom":
        entries = "".join(
            f"<entry>{_children(rng, _ATOM_CHILDREN, n)}</entry>" for n in range(rng.randint(1, 3))
        )
        body = (f'<feed xmlns="http://www.w3.org/2005/Atom" {_NS}><title>Feed</title>'
                f"{entries}</feed>")  # fmt: skip
    elif kind == "rdf":
        items = "".join(
            f'<item rdf:about="https://example.org/about/{n}">'
            f"{_children(rng, _RSS_CHILDREN, n)}</item>"
            for n in range(rng.randint(1, 3))
        )
        body = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                f'xmlns="http://purl.org/rss/1.0/" {_NS}><channel rdf:about="x"><title>RDF'
                f"</title></channel>{items}</rdf:RDF>")  # fmt: skip
    else:
        items = "".join(
            f"<item>{_children(rng, _RSS_CHILDREN, n)}</item>" for n in range(rng.randint(1, 3))
        )
        body = (f'<rss version="2.0" {_NS}><channel><title>Feed &amp; co</title>'
                f"<link>https://example.org/</link>{items}</channel></rss>")  # fmt: skip
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode()


def test_random_documents_match_feedparser() -> None:
    rng = random.Random(20261127)
    fast = 0
    for _ in range(600):
        data = _random_doc(rng)
        try:
            fast += _check(data)
        except AssertionError:
            print(data.decode())
            raise
    assert fast >= 200  # the comparison is not vacuous: most documents take the fast path
