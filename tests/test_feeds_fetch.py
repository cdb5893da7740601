"""FeedPoller against a local feed server that misbehaves on command (no network)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefings.feeds import FeedPoller, FeedRequest, FeedResult
from tests.feedserver import FeedServer, rss

LAST_MODIFIED = "Mon, 01 Jan 2024 10:00:00 GMT"


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with FeedServer() as srv:
        yield srv


async def test_first_fetch_200_then_304_via_etag(server: FeedServer) -> None:
    url = server.feed("/etag.xml", rss(3), etag='"v1"')
    async with FeedPoller(parse_workers=0) as poller:
        first = await poller.poll_one(FeedRequest(url))
        assert first.status == "ok" and first.http_status == 200
        assert len(first.entries) == 3 and first.title == "Test feed"
        assert first.etag == '"v1"' and first.last_modified is None
        second = await poller.poll_one(FeedRequest(url, etag=first.etag))
    assert second.status == "not_modified" and second.http_status == 304
    assert second.entries == () and second.parse_seconds == 0.0
    assert second.etag == '"v1"'
    assert server.hits("/etag.xml")[-1].headers["If-None-Match"] == '"v1"'


async def test_304_via_last_modified(server: FeedServer) -> None:
    url = server.feed("/lm.xml", rss(2), last_modified=LAST_MODIFIED)
    async with FeedPoller(parse_workers=0) as poller:
        first = await poller.poll_one(FeedRequest(url))
        assert first.status == "ok" and first.last_modified == LAST_MODIFIED and first.etag is None
        second = await poller.poll_one(FeedRequest(url, last_modified=first.last_modified))
    assert (second.status, second.http_status, second.entries) == ("not_modified", 304, ())
    assert second.last_modified == LAST_MODIFIED
    assert server.hits("/lm.xml")[-1].headers["If-Modified-Since"] == LAST_MODIFIED


async def test_changed_feed_is_fetched_again(server: FeedServer) -> None:
    url = server.feed("/changing.xml", rss(1), etag='"a"')
    async with FeedPoller(parse_workers=0) as poller:
        first = await poller.poll_one(FeedRequest(url))
        server.feed("/changing.xml", rss(4), etag='"b"')
        second = await poller.poll_one(FeedRequest(url, etag=first.etag))
    assert second.status == "ok" and len(second.entries) == 4 and second.etag == '"b"'


async def test_faults_are_values_and_the_rest_goes_on(server: FeedServer) -> None:
    good = server.feed("/good.xml", rss(5))
    requests = {
        "good": good,
        "500": server.fail("/500", 500),
        "404": server.fail("/404", 404),
        "429": server.fail("/429", 429, retry_after=120),
        "503": server.fail("/503", 503, retry_after="Wed, 21 Oct 2099 07:28:00 GMT"),
        "hang": server.hang("/hang"),
        "read": server.hang("/read", after_headers=True),
        "trickle": server.trickle("/trickle", interval=0.02),
        "oversize": server.oversize("/big", 300_000),
        "chunked": server.oversize("/big-chunked", 300_000, chunked=True),
        "bomb": server.gzip_bomb("/bomb", 8 * 1024 * 1024),
        "loop": server.redirect_loop("/loop"),
        "truncated": server.truncated("/cut", rss(30)),
        "refused": server.refused_url(),
        "connect": server.stalled_connect_url(),
        "html": server.feed(
            "/page", b"<!DOCTYPE html><html><body>hi</body></html>", content_type="text/html"
        ),
        "empty": server.feed("/empty", b""),
        "cut-xml": server.feed("/cut-xml", rss(3).split(b"<item>")[0] + b"<item><title>ite"),
        "ftp": "ftp://example.org/feed.xml",
        "good2": server.feed("/good2.xml", rss(2, prefix="other")),
    }
    seen: list[FeedResult] = []
    started = time.perf_counter()
    async with FeedPoller(
        timeout=1.5, connect_timeout=0.5, read_timeout=0.5, max_bytes=256 * 1024, parse_workers=0
    ) as poller:
        results = await poller.poll(
            [FeedRequest(u) for u in requests.values()], on_result=seen.append
        )
    elapsed = time.perf_counter() - started
    by = dict(zip(requests, results, strict=True))
    assert [r.url for r in results] == list(requests.values())
    assert len(seen) == len(requests)
    assert elapsed < 4, "timeouts must run concurrently and be enforced"

    assert by["good"].status == "ok" and len(by["good"].entries) == 5
    assert by["good2"].status == "ok" and len(by["good2"].entries) == 2
    reasons = {k: r.error for k, r in by.items() if r.status == "error"}
    assert set(reasons) == set(requests) - {"good", "good2"}
    assert all(r and "\n" not in r for r in reasons.values())

    assert reasons["500"] == "HTTP 500 Internal Server Error" and by["500"].http_status == 500
    assert reasons["404"] == "HTTP 404 Not Found"
    assert by["429"].retry_after == 120 and by["429"].http_status == 429
    assert by["503"].retry_after is not None and by["503"].retry_after > 1e6  # an HTTP date
    assert reasons["hang"] == "read timed out after 0.5s"  # no headers within the read timeout
    assert reasons["read"] == "read timed out after 0.5s"
    assert reasons["trickle"] == "timed out after 1.5s"  # never idle: only the deadline stops it
    assert reasons["oversize"] == "body over 256 KiB cap"  # refused from Content-Length
    assert reasons["chunked"] == "body over 256 KiB cap"  # counted while streaming
    assert reasons["bomb"] == "body over 256 KiB cap"  # counted after decompression
    assert reasons["loop"].startswith("too many redirects")
    assert reasons["truncated"].startswith("incomplete body: received")
    assert reasons["refused"].startswith("connection refused by 127.0.0.1:")
    assert reasons["connect"] in ("connect timed out after 0.5s", "timed out after 1.5s")
    assert reasons["html"] == "not a feed: HTML page"
    assert reasons["empty"] == "empty body"
    assert reasons["cut-xml"].startswith("truncated XML: ")
    assert reasons["ftp"] == "unsupported URL scheme 'ftp'"


async def test_error_keeps_the_requests_validators(server: FeedServer) -> None:
    url = server.fail("/gone", 410)
    async with FeedPoller(parse_workers=0) as poller:
        result = await poller.poll_one(FeedRequest(url, etag='"old"', last_modified=LAST_MODIFIED))
    assert result.status == "error" and result.error == "HTTP 410 Gone"
    assert (result.etag, result.last_modified) == ('"old"', LAST_MODIFIED)


async def test_redirect_is_followed(server: FeedServer) -> None:
    target = server.feed("/moved-here.xml", rss(2))
    url = server.redirect("/old.xml", target, status=301)
    async with FeedPoller(parse_workers=0) as poller:
        result = await poller.poll_one(FeedRequest(url))
    assert result.status == "ok" and result.url == url and len(result.entries) == 2


async def test_process_pool_parses_and_sends_user_agent(server: FeedServer) -> None:
    urls = [server.feed(f"/pool-{i}.xml", rss(50, prefix=f"p{i}")) for i in range(6)]
    async with FeedPoller(parse_workers=2) as poller:
        results = await poller.poll([FeedRequest(u) for u in urls])
    assert [len(r.entries) for r in results] == [50] * 6
    assert all(r.parse_seconds > 0 for r in results)
    assert server.hits("/pool-0.xml")[-1].headers["User-Agent"].startswith("briefbot/")


async def test_idle_parse_workers_are_released_and_restarted(server: FeedServer) -> None:
    one = server.feed("/idle-1.xml", rss(3, prefix="a"))
    two = server.feed("/idle-2.xml", rss(4, prefix="b"))
    async with FeedPoller(parse_workers=1) as poller:
        assert not await poller.release_idle_workers(0)  # no workers yet
        assert len((await poller.poll_one(FeedRequest(one))).entries) == 3
        assert not await poller.release_idle_workers(3600)  # not idle long enough
        assert await poller.release_idle_workers(0)
        assert len((await poller.poll_one(FeedRequest(two))).entries) == 4  # started again


async def test_local_files_use_mtime_as_last_modified(tmp_path: Path) -> None:
    path = tmp_path / "local.xml"
    path.write_bytes(rss(4))
    async with FeedPoller(parse_workers=0) as poller:
        first = await poller.poll_one(FeedRequest(str(path)))
        assert first.status == "ok" and len(first.entries) == 4 and first.last_modified
        again = await poller.poll_one(FeedRequest(path.as_uri(), last_modified=first.last_modified))
        assert again.status == "not_modified"
        path.write_bytes(rss(6))
        os.utime(path, (time.time() + 5, time.time() + 5))
        changed = await poller.poll_one(FeedRequest(str(path), last_modified=first.last_modified))
        assert changed.status == "ok" and len(changed.entries) == 6
        missing = await poller.poll_one(FeedRequest(str(tmp_path / "nope.xml")))
    assert missing.status == "error" and missing.error == f"file not found: {tmp_path / 'nope.xml'}"


def test_server_is_usable_from_sync_code(server: FeedServer) -> None:
    import urllib.request

    url = server.feed("/sync.xml", rss(1), etag='"s"')
    with urllib.request.urlopen(url, timeout=5) as resp:
        assert resp.status == 200 and resp.headers["ETag"] == '"s"'


def test_poller_requires_context_manager() -> None:
    import asyncio

    with pytest.raises(RuntimeError):
        asyncio.run(FeedPoller().poll_one(FeedRequest("x.xml")))
