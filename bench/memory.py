"""Memory: a running BriefbotApp with 1,000 feeds and 100 k stored articles, idle and after
1,000 scheduler ticks.

    python bench/memory.py
    python bench/memory.py --feeds 50 --articles 2000 --ticks 40

The store (articles, and every feed's validators so polls are conditional) is built in
this process; the app runs in a fresh child process so its memory is only its own. The
app is opened as ``briefbot run`` opens it (store, poller, scheduler, health off) with the
scheduler paused; the benchmark then drives the scheduler's poll job itself, a tick being
30 simulated seconds: ``poll_due()`` polls the feeds whose next poll has come (every feed
at start, then each every 15 min +- jitter). Every 10th tick, 10 feeds publish 5 new entries,
so the parser processes and inserts run too. 1,000 ticks = 8.3 simulated hours.

RSS is read from /proc; "total" adds the parser processes (PSS, so pages they share with
the forkserver are not counted twice).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _synth import FeedFarm, article_batches, descendants, feed_result, rss_mib  # noqa: E402

from briefings.store import Store  # noqa: E402

TARGET_IDLE_MIB = 100.0
TICK = timedelta(seconds=30)


def _children_pss_mib() -> float:
    total = 0.0
    for p in descendants():
        try:
            total += p.memory_full_info().pss / 2**20
        except Exception:  # noqa: BLE001 - a process that just exited
            pass
    return total


async def _run(db: str, feeds: int, port: int, ticks: int, start: datetime) -> dict[str, object]:
    from bot.app import BriefbotApp
    from briefings.config import Settings

    farm = FeedFarm(feeds, port=port)
    settings = Settings.model_validate({
        "storage": {"path": db}, "feeds": [{"url": farm.url(i)} for i in range(feeds)]})
    now = [start]
    app = BriefbotApp(settings, clock=lambda: now[0])
    await app.open()
    await app.start_background()
    assert app.scheduler is not None and app.store is not None
    app.scheduler.pause()  # the benchmark runs the poll job itself, on simulated time
    samples: list[dict[str, float]] = [{"tick": 0, "main": rss_mib(), "children": 0.0}]
    polls = changed = 0
    bumped = 0
    started = time.perf_counter()
    for tick in range(1, ticks + 1):
        if tick % 10 == 0:
            farm.bump([(bumped + k) % feeds for k in range(10)])
            bumped += 10
        outcomes = await app.poll_due()
        polls += len(outcomes)
        changed += sum(1 for o in outcomes if o.result.status == "ok")
        now[0] += TICK
        if tick in (1, 10) or tick % max(1, ticks // 10) == 0:
            samples.append({"tick": tick, "main": rss_mib(), "children": _children_pss_mib()})
    elapsed = time.perf_counter() - started
    # What an idle spell does ([polling] release_parsers_after, 10 min): the parse
    # workers stop until the next changed feed.
    await app.poller.release_idle_workers(0)
    await asyncio.sleep(0.5)
    released = {"main": rss_mib(), "children": _children_pss_mib()}
    articles = app.store.article_count()
    await app.close()
    return {"samples": samples, "polls": polls, "changed": changed, "seconds": elapsed,
            "articles": articles, "released": released}


def report(r: dict[str, object], feeds: int, ticks: int) -> list[str]:
    samples: list[dict[str, float]] = r["samples"]  # type: ignore[assignment]
    idle = samples[0]["main"]
    met = "MET" if idle <= TARGET_IDLE_MIB else "MISSED"
    p = f"memory {feeds} feeds"
    lines = [f"{p}: idle after open, {r['articles_before']} articles stored: RSS {idle:.1f} MiB "
             f"= {idle / TARGET_IDLE_MIB:.2f}x the 100 MB target [{met}]"]
    for s in samples[1:]:
        lines.append(f"{p}: after tick {int(s['tick']):>4}: main RSS {s['main']:.1f} MiB, "
                     f"parser processes {s['children']:.1f} MiB PSS, total "
                     f"{s['main'] + s['children']:.1f} MiB")
    ref = next((s for s in samples if s["tick"] >= ticks // 10), samples[-1])
    last = samples[-1]
    growth = last["main"] - ref["main"]
    lines.append(
        f"{p}: {ticks} ticks in {float(r['seconds']):.0f} s: {r['polls']} polls "  # type: ignore[arg-type]
        f"({r['changed']} changed), {r['articles']} articles stored; main RSS tick "
        f"{int(ref['tick'])} -> {ticks}: {growth:+.1f} MiB ({growth / ref['main']:+.1%})")
    rel: dict[str, float] = r["released"]  # type: ignore[assignment]
    total = rel["main"] + rel["children"]
    lines.append(
        f"{p}: idle again, parse workers released: main RSS {rel['main']:.1f} MiB, forkserver "
        f"{rel['children']:.1f} MiB PSS, total {total:.1f} MiB = "
        f"{total / TARGET_IDLE_MIB:.2f}x the 100 MB target "
        f"[{'MET' if total <= TARGET_IDLE_MIB else 'MISSED'}]")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--ticks", type=int, default=1000)
    ap.add_argument("--child", nargs=2, metavar=("DB", "PORT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    start = datetime.now(UTC).replace(microsecond=0)
    if args.child:
        db, port = args.child
        out = asyncio.run(_run(db, args.feeds, int(port), args.ticks, start))
        print(json.dumps(out))
        return 0
    with FeedFarm(args.feeds) as farm, tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "memory.sqlite3")
        with Store(db) as store:
            # The feeds' own 50 entries each count towards the articles stored.
            for seen, result in article_batches(max(0, args.articles - 50 * args.feeds),
                                                end=start):
                store.record_poll(result, now=seen)
            for i in range(args.feeds):
                store.record_poll(feed_result(farm.url(i), i, 0), now=start)
            stored = store.article_count()
        out = subprocess.run([sys.executable, __file__, "--feeds", str(args.feeds), "--ticks",
                              str(args.ticks), "--child", db, str(farm.port)],
                             check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["articles_before"] = stored
    for line in report(result, args.feeds, args.ticks):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
