"""Every file of ../shared/feeds/ served by the local server and polled in one call."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefings.feeds import FeedPoller, FeedRequest, FeedResult
from tests.feedserver import FeedServer

CORPUS = Path(__file__).parents[1].parent / "shared" / "feeds"

# MANIFEST counts len(feedparser's d.entries); we de-duplicate within a feed by uid.
# Scripting News really has 2 guids that appear twice on different items (publisher bug), so
# the two later items are dropped: the store could not tell them apart by id anyway.
DEDUPED = {"scriptingnews-no-titles.xml": 48}
# Broken files from which something true can still be read (decided per MANIFEST note):
RECOVERED = {
    # Well-formed and not bozo, only pathologically deep: its 1 item is a real item.
    "broken-deeply-nested.xml": 1,
    # Cut mid-CDATA and mid-character. We trim the half character, so the document decodes as
    # UTF-8 (feedparser alone falls back to iso-8859-2: all 16 titles mojibake); the 16th item,
    # cut inside its <title>, has nothing left and is dropped.
    "broken-truncated-midchar-bbc-urdu.xml": 15,
}


def _manifest() -> list[dict[str, str]]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip(f"feed corpus not found at {CORPUS}")
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def polled() -> Iterator[dict[str, tuple[dict[str, str], FeedResult]]]:
    import asyncio

    rows = _manifest()
    with FeedServer() as server:
        urls = [server.file("/" + row["file"], CORPUS / row["file"]) for row in rows]

        async def poll() -> list[FeedResult]:
            async with FeedPoller(timeout=15) as poller:
                return await poller.poll([FeedRequest(u) for u in urls])

        results = asyncio.run(poll())
    yield {row["file"]: (row, result) for row, result in zip(rows, results, strict=True)}


def test_one_result_per_file_and_no_exception(
    polled: dict[str, tuple[dict[str, str], FeedResult]],
) -> None:
    assert len(polled) == len(_manifest()) >= 40
    for name, (_, result) in polled.items():
        assert result.status in ("ok", "error"), name
        assert result.url.endswith("/" + name)


def test_clean_feeds_match_manifest_counts(
    polled: dict[str, tuple[dict[str, str], FeedResult]],
) -> None:
    checked = 0
    for name, (row, result) in polled.items():
        if row["format"] in ("rss2", "rss1", "atom") and row["bozo"] == "0":
            expected = DEDUPED.get(name, int(row["entries"]))
            assert (result.status, len(result.entries)) == ("ok", expected), (name, result.error)
            assert result.warning is None, name
            checked += 1
    assert checked >= 30


def test_recovered_feeds_keep_entries_with_a_warning(
    polled: dict[str, tuple[dict[str, str], FeedResult]],
) -> None:
    for name, (row, result) in polled.items():
        if row["format"] in ("rss2", "rss1", "atom") and row["bozo"] != "0":
            assert result.status == "ok", (name, result.error)
            assert len(result.entries) == int(row["entries"]), name
            assert result.warning, name


def test_json_feeds_are_read(polled: dict[str, tuple[dict[str, str], FeedResult]]) -> None:
    json_feeds = [(n, r) for n, (row, r) in polled.items() if row["format"] == "jsonfeed"]
    assert len(json_feeds) == 2
    for name, result in json_feeds:
        assert result.status == "ok" and result.entries and result.title, name
        assert all(e.uid.startswith("id:") and e.url and e.published for e in result.entries), name
        # A video-only post (an <iframe>, nothing else) legitimately has no text.
        assert sum(1 for e in result.entries if e.text) >= len(result.entries) - 2, name


def test_broken_files_are_errors_with_a_reason(
    polled: dict[str, tuple[dict[str, str], FeedResult]],
) -> None:
    for name, (row, result) in polled.items():
        if row["format"] not in ("broken", "html"):
            continue
        if name in RECOVERED:
            assert result.status == "ok" and len(result.entries) == RECOVERED[name], name
            continue
        assert result.status == "error", name
        assert result.error and "\n" not in result.error and len(result.error) < 200, name
    reasons = {n: r.error for n, (_, r) in polled.items()}
    assert reasons["broken-empty.xml"] == "empty body"
    assert reasons["broken-binary-junk-2k.bin"] == "not a feed: binary data"
    assert reasons["broken-truncated-reuters-server-error.xml"] == "truncated XML: no element found"
    assert reasons["html-instead-of-feed-daringfireball.html"] == (
        "not a feed: HTML page (it links to a feed: /feeds/main)"
    )
    assert (
        reasons["json-not-a-feed-rss-in-json.json"]
        == "not a feed: JSON without a JSON Feed version"
    )
    assert reasons["broken-gzip-body-nshipster.xml"].startswith("not a feed: gzip")


def test_truncated_utf8_is_not_mojibake(
    polled: dict[str, tuple[dict[str, str], FeedResult]],
) -> None:
    _, result = polled["broken-truncated-midchar-bbc-urdu.xml"]
    arabic = re.compile("[\u0600-\u06ff]")
    assert all(arabic.search(e.title) for e in result.entries)
    assert result.warning and "truncated XML" in result.warning


def test_entries_are_normalised(polled: dict[str, tuple[dict[str, str], FeedResult]]) -> None:
    for name, (_, result) in polled.items():
        for e in result.entries:
            assert e.uid[:3] in ("id:", "lin", "td:"), name
            assert e.published is None or e.published.utcoffset() is not None, name
            assert e.url is None or e.url.startswith(("http://", "https://")), name
            assert "\n\n\n" not in e.text, name
            # HubSpot's article on embed codes shows one as text ("&lt;p&gt;..."): that one stays.
            assert "<p>" not in e.text or name == "hubspot-huge-descriptions.xml", name
    hn = polled["hackernews-frontpage-rss2.xml"][1]
    assert all(e.uid.startswith("link:") for e in hn.entries)  # no guid: falls back to the link
    rdf = polled["heise-rss090-rdf.xml"][1]
    assert all(e.uid.startswith("link:") and e.published is None for e in rdf.entries)
    tumblr = polled["tumblr-double-escaped-entities.xml"][1]
    assert not any("&nbsp;" in e.title or "&ldquo;" in e.title for e in tumblr.entries)
    untitled = polled["scriptingnews-no-titles.xml"][1]
    assert all(e.title for e in untitled.entries)  # stand-in titles from the text
    # Root-relative links resolve against the URL the feed was fetched from.
    never = polled["neverwinter-relative-links-2digit-year.xml"][1]
    assert all(e.url and e.url.startswith("http://127.0.0.1:") for e in never.entries)
    assert never.entries[0].published and never.entries[0].published.year == 2017
