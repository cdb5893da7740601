"""Synthetic news for the benchmarks: feeds, entries, articles and topics, all generated here.

No third-party text: sentences are assembled from the word lists below, deterministically
from a seed, so every run measures the same bytes. The text carries what the condense
engine looks for (named speakers, quoted positions, figures with units, dated events), so
the benchmarks exercise the real code paths rather than empty matches.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from typing import Any

from briefings.feeds import Entry, FeedResult

ENTRIES_PER_FEED = 50
NEW_PER_VERSION = 5  # a changed feed gains this many entries per version

# 20 topics, each with its own keywords; an article about a topic names one of them.
TOPIC_KEYWORDS: dict[str, tuple[str, ...]] = {
    "grain": ("grain exports", "wheat harvest", "maize"),
    "rail": ("rail strike", "train drivers", "rail operator"),
    "wind": ("wind farm", "offshore turbines"),
    "chips": ("semiconductor", "chip plant", "foundry"),
    "housing": ("housing starts", "mortgage rates", "rent controls"),
    "ports": ("container port", "shipping lanes", "freight rates"),
    "water": ("drought", "reservoir levels", "water rationing"),
    "health": ("hospital waiting", "nurses union", "vaccine programme"),
    "schools": ("school funding", "teachers pay", "exam results"),
    "space": ("launch vehicle", "satellite constellation", "lunar lander"),
    "fisheries": ("fishing quotas", "trawler fleet", "fish stocks"),
    "aviation": ("airline capacity", "air traffic control", "runway expansion"),
    "mining": ("copper mine", "lithium deposits", "mining licence"),
    "tourism": ("tourist arrivals", "hotel occupancy", "cruise ships"),
    "cyber": ("ransomware", "data breach", "cyber attack"),
    "elections": ("ballot count", "polling stations", "election commission"),
    "budget": ("budget deficit", "spending review", "tax receipts"),
    "cars": ("electric vehicles", "car makers", "battery factory"),
    "floods": ("flood defences", "river levels", "storm surge"),
    "trade": ("tariff talks", "trade agreement", "customs checks"),
}

_FIRST = ("Amara", "Bruno", "Chen", "Dalia", "Erik", "Farah", "Goran", "Hana", "Idris", "Jana",
          "Kofi", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Rafael", "Sofia", "Tomas", "Yara")
_LAST = ("Okafor", "Lindqvist", "Moreau", "Haddad", "Kowalski", "Tanaka", "Alvarez", "Novak",
         "Mensah", "Petrov", "Ferreira", "Nakamura", "Brennan", "Rahman", "Keller", "Dumont")
_ROLES = ("the minister", "the regional governor", "the chief executive", "the union leader",
          "the opposition spokesperson", "the central planner", "the mayor", "the regulator")
_PLACES = ("Northvale", "Eastmere", "Port Caldor", "Southbridge", "Westholm", "Lakeside",
           "Highmoor", "Redcliff", "Greyhaven", "Stonebury")
_VERBS = ("rejected", "welcomed", "criticised", "defended", "questioned", "backed", "opposed")
_OBJECTS = ("the proposal", "the new plan", "the draft rules", "the agreement", "the decision",
            "the funding package", "the review")
_UNITS = ("percent", "million euros", "billion dollars", "tonnes", "jobs", "homes")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_EVENTS = ("a vote", "a summit", "talks", "a hearing", "a public consultation", "a strike")
_FILLER = ("Officials in {place} said the situation was being monitored closely.",
           "Local businesses in {place} reported mixed conditions over the past week.",
           "Analysts expect further announcements before the end of the quarter.",
           "Residents of {place} gathered at a meeting to discuss the next steps.",
           "The figures were published in a report released on the regional website.",
           "Several groups have asked for more detail on how the plan would be paid for.")


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _sentence(rng: random.Random, keyword: str) -> str:
    kind = rng.randrange(5)
    place = rng.choice(_PLACES)
    if kind == 0:
        return (f"{_name(rng)}, {rng.choice(_ROLES)}, {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"on {keyword} in {place}.")
    if kind == 1:
        return (f"\u201cWe will not accept {rng.choice(_OBJECTS)} as it stands,\u201d said "
                f"{_name(rng)}, adding that {keyword} needed a longer-term answer.")
    if kind == 2:
        value = rng.choice((rng.randint(2, 95), round(rng.uniform(1, 40), 1)))
        return (f"Spending linked to {keyword} rose by {value} {rng.choice(_UNITS)} in {place} "
                f"compared with last year.")
    if kind == 3:
        return (f"{rng.choice(_EVENTS).capitalize()} on {keyword} is scheduled for next "
                f"{rng.choice(_DAYS)} in {place}.")
    return rng.choice(_FILLER).format(place=place)


def article_text(rng: random.Random, keywords: list[str], words: int) -> str:
    """Paragraphs of generated sentences, about ``words`` words, naming the keywords."""
    paragraphs: list[str] = []
    count = 0
    while count < words:
        sentences = [_sentence(rng, rng.choice(keywords)) for _ in range(rng.randint(2, 4))]
        paragraph = " ".join(sentences)
        count += paragraph.count(" ") + 1
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _title(rng: random.Random, keyword: str) -> str:
    return (f"{rng.choice(_PLACES)}: {rng.choice(_ROLES).split()[-1].capitalize()} "
            f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS).split()[-1]} on {keyword}")


# -- feeds ---------------------------------------------------------------------------------

FEED_EPOCH = datetime(2025, 3, 1, tzinfo=UTC)


_POOL: list[tuple[str, str]] = []  # (keyword-free paragraph html, title stem), built once


def _paragraphs() -> list[tuple[str, str]]:
    # Feed items are drawn from a pool so that serving a feed costs string joins, not text
    # generation: the feed server shares the two cores with the poller being measured.
    if not _POOL:
        rng = random.Random(11)
        for i in range(3000):
            keywords = list(TOPIC_KEYWORDS[list(TOPIC_KEYWORDS)[i % len(TOPIC_KEYWORDS)]])
            text = article_text(rng, keywords, rng.randint(25, 50))
            _POOL.append(("".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n")),
                          _title(rng, keywords[0])))
    return _POOL


def _item(feed: int, n: int) -> tuple[str, str, str, str, datetime]:
    """Entry ``n`` of feed ``feed``: (guid, link, title, html description, published)."""
    pool = _paragraphs()
    h = (feed * 1_000_003 + n * 7919) % len(pool)
    parts = 2 + (feed + n) % 3
    body = "".join(pool[(h + k * 131) % len(pool)][0] for k in range(parts))
    title = f"{pool[h][1]} ({n})"
    link = f"https://feed{feed}.example.org/news/{n}"
    published = FEED_EPOCH + timedelta(minutes=17 * n + feed % 60)
    return f"feed{feed}-{n}", link, title, body, published


def feed_xml(feed: int, version: int) -> bytes:
    """RSS 2.0, newest first: entries ``version*NEW_PER_VERSION`` .. +ENTRIES_PER_FEED-1."""
    first = version * NEW_PER_VERSION
    items = []
    for n in range(first + ENTRIES_PER_FEED - 1, first - 1, -1):
        guid, link, title, body, published = _item(feed, n)
        items.append(
            f"<item><title>{escape(title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{guid}</guid>'
            f"<pubDate>{format_datetime(published)}</pubDate>"
            f"<description>{escape(body)}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Synthetic feed {feed}</title><link>https://feed{feed}.example.org/</link>"
            f"<description>Generated for briefbot benchmarks</description>"
            f"{''.join(items)}</channel></rss>").encode()


def feed_etag(feed: int, version: int) -> str:
    return f'"f{feed}-v{version}"'


def feed_result(url: str, feed: int, version: int) -> FeedResult:
    """What polling ``feed_xml(feed, version)`` stores, without parsing it: used to prime a
    store with validators and known entries so a benchmark starts in the steady state.
    The entries' uid/url match the parser's, so the next real poll de-duplicates them."""
    first = version * NEW_PER_VERSION
    entries = []
    for n in range(first + ENTRIES_PER_FEED - 1, first - 1, -1):
        guid, link, title, _, published = _item(feed, n)
        entries.append(Entry(uid="id:" + guid, url=link, title=title, text="", published=published))
    return FeedResult(url=url, status="ok", entries=tuple(entries), title=f"Synthetic feed {feed}",
                      etag=feed_etag(feed, version), http_status=200)


# -- stored articles -----------------------------------------------------------------------

def article_batches(count: int, *, end: datetime, days: float = 30.0, feeds: int = 200,
                    batch: int = 50, seed: int = 7) -> Iterator[tuple[datetime, FeedResult]]:
    """``count`` articles spread evenly over ``days`` before ``end``, as FeedResult batches of
    ``batch`` entries with the time they were seen (for ``Store.record_poll``).

    Each article is about one topic (round robin), and one in five also names a second one.
    Texts are 150-450 words.
    """
    rng = random.Random(seed)
    slugs = list(TOPIC_KEYWORDS)
    span = timedelta(days=days)
    for start in range(0, count, batch):
        n = min(batch, count - start)
        seen = end - span + span * ((start + n / 2) / count)
        feed = (start // batch) % feeds
        entries = []
        for i in range(start, start + n):
            keywords = list(TOPIC_KEYWORDS[slugs[i % len(slugs)]])
            if rng.random() < 0.2:
                keywords.append(rng.choice(TOPIC_KEYWORDS[rng.choice(slugs)]))
            text = article_text(rng, keywords, rng.randint(150, 450))
            entries.append(Entry(uid=f"id:a{i}", url=f"https://site{feed}.example.org/a/{i}",
                                 title=_title(rng, keywords[0]), text=text,
                                 published=seen - timedelta(minutes=rng.randint(0, 120))))
        yield seen, FeedResult(url=f"https://site{feed}.example.org/feed.xml", status="ok",
                               entries=tuple(entries), title=f"Outlet {feed}")


def topics_toml() -> str:
    """The 20 topics as a TOML ``[topics]`` section."""
    lines = []
    for slug, words in TOPIC_KEYWORDS.items():
        quoted = ", ".join(f'"{w}"' for w in words)
        lines.append(f'[topics.{slug}]\ntitle = "{slug.capitalize()}"\nany = [{quoted}]\n')
    return "\n".join(lines)


# -- feed server -----------------------------------------------------------------------------
# Runs in its own process (`FeedFarm`), so its CPU is not counted as the poller's.


def _serve(feeds: int) -> None:
    import asyncio
    import json
    import sys

    from aiohttp import web

    versions = [0] * feeds

    async def feed(request: web.Request) -> web.StreamResponse:
        i = int(request.match_info["i"])
        if not 0 <= i < feeds:
            raise web.HTTPNotFound()
        etag = feed_etag(i, versions[i])
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=feed_xml(i, versions[i]), headers={"ETag": etag},
                            content_type="application/rss+xml", charset="utf-8")

    async def bump(request: web.Request) -> web.Response:
        which = (await request.json())["feeds"]
        for i in which:
            versions[i] += 1
        return web.Response(text="ok")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/f/{i}.xml", feed)
        app.router.add_post("/_bump", bump)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        print(json.dumps({"port": port}), flush=True)
        await asyncio.to_thread(sys.stdin.read)  # until the parent closes our stdin

    _paragraphs()
    asyncio.run(main())


class FeedFarm:
    """``feeds`` synthetic feeds at ``url(i)``, each answering 304 to its current ETag."""

    def __init__(self, feeds: int, port: int = 0) -> None:
        """``port``: talk to a farm another process started (no ``with`` then)."""
        self.feeds = feeds
        self.port = port
        self.proc: Any = None

    def __enter__(self) -> FeedFarm:
        import json
        import subprocess
        import sys

        self.proc = subprocess.Popen([sys.executable, __file__, "serve", str(self.feeds)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = json.loads(self.proc.stdout.readline())["port"]
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except Exception:  # noqa: BLE001
            self.proc.kill()

    @property
    def pid(self) -> int:
        return int(self.proc.pid)

    def url(self, i: int) -> str:
        return f"http://127.0.0.1:{self.port}/f/{i}.xml"

    def bump(self, feeds: list[int]) -> None:
        """A new version (NEW_PER_VERSION new entries, a new ETag) of each of ``feeds``."""
        import json
        import urllib.request

        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/_bump", method="POST",
                                     data=json.dumps({"feeds": feeds}).encode(),
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=30).read()



# -- measuring -----------------------------------------------------------------------------


def cpu_seconds(exclude: set[int] = frozenset()) -> float:  # type: ignore[assignment]
    """User + system CPU of this process and its live descendants (the parser pool, which
    forkserver starts as grandchildren), plus reaped children; ``exclude``: pids not counted
    (the feed server), with their descendants."""
    import resource

    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    total += reaped.ru_utime + reaped.ru_stime
    for child in me.children(recursive=True):
        try:
            if child.pid in exclude or any(p.pid in exclude for p in child.parents()):
                continue
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def descendants(exclude: set[int] = frozenset()) -> list[Any]:  # type: ignore[assignment]
    import psutil

    out = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.pid in exclude or any(p.pid in exclude for p in child.parents()):
                continue
            out.append(child)
        except psutil.NoSuchProcess:
            pass
    return out


def _status_kib(pid: int | str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reset_peak_rss(pids: list[int]) -> None:
    """Reset VmHWM (Linux: ``5`` to clear_refs) so the next peak is this phase's."""
    for pid in pids:
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")
        except OSError:
            pass


def peak_rss_mib(pid: int | str = "self") -> float:
    return _status_kib(pid, "VmHWM") / 1024


def rss_mib(pid: int | str = "self") -> float:
    return _status_kib(pid, "VmRSS") / 1024


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["serve"]:
        _serve(int(sys.argv[2]))
