"""TLS and DNS failures of a feed host are that feed's error, with a reason; the rest goes on."""

from __future__ import annotations

from briefings.feeds import FeedPoller, FeedRequest
from tests.feedserver import FeedServer, rss


async def test_tls_and_dns_errors_are_values() -> None:
    with FeedServer() as server:
        good = server.feed("/good.xml", rss(2))
        # HTTPS to a port that speaks plain HTTP: the TLS handshake fails.
        tls = good.replace("http://", "https://")
        async with FeedPoller(timeout=5, parse_workers=0) as poller:
            results = await poller.poll([FeedRequest(tls),
                                         FeedRequest("http://no-such-host.invalid/feed.xml"),
                                         FeedRequest(good)])
    tls_r, dns_r, good_r = results
    assert tls_r.status == "error" and tls_r.error.startswith("TLS error")
    assert dns_r.status == "error"
    # A resolver that cannot answer at all ends in the deadline instead.
    assert dns_r.error in ("DNS lookup failed for no-such-host.invalid", "timed out after 5s")
    assert good_r.status == "ok" and len(good_r.entries) == 2
