"""Polling: one full cycle of N synthetic 50-entry feeds, briefbot vs a feedparser loop.

    python bench/poll.py                       # N = 500, 2000, 5000
    python bench/poll.py --feeds 20 --baseline-feeds 5

Each N runs in a fresh process. A local server (its own process, so its CPU is not
counted) serves the feeds. The store is primed with every feed's validators and entries,
so the cycles measured are steady-state ones:

* half changed: odd feeds have a new version (5 new entries, new ETag), even ones answer 304;
* all unchanged: every feed answers 304.

A cycle is ``BriefbotApp.poll()``: FeedPoller (aiohttp + parser processes), ``record_poll``
and the next-poll planning. CPU counts this process and the parser processes.
Baseline, in the same run: ``for url in urls: feedparser.parse(url)`` (no validators: a
plain loop re-downloads and re-parses everything), over the first ``--baseline-feeds``
URLs and extrapolated per feed to N.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import feedparser

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _synth import (  # noqa: E402
    FeedFarm,
    cpu_seconds,
    descendants,
    feed_result,
    peak_rss_mib,
    reset_peak_rss,
)

from bot.app import BriefbotApp  # noqa: E402
from briefings.config import Settings  # noqa: E402
from briefings.store import Store  # noqa: E402

WALL_TARGET_S = 60.0
SPEEDUP_TARGET = 5.0
CPU_304_TARGET_MS = 1.0
CPU_304_RATIO_TARGET = 100.0


@dataclass(frozen=True)
class Cycle:
    wall: float
    cpu: float
    statuses: dict[str, int]
    new: int
    peak_main_mib: float
    peak_workers_mib: float


def _baseline(farm: FeedFarm, count: int) -> tuple[float, float]:
    """Wall and CPU seconds per feed of a plain ``feedparser.parse(url)`` loop."""
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for i in range(count):
        d = feedparser.parse(farm.url(i))
        assert len(d.entries) == 50, d.get("bozo_exception")
    return (time.perf_counter() - wall0) / count, (time.process_time() - cpu0) / count


async def _cycle(app: BriefbotApp, farm: FeedFarm, profile: str | None = None) -> Cycle:
    skip = {farm.pid}
    reset_peak_rss(["self", *(p.pid for p in descendants(skip))])  # type: ignore[list-item]
    prof = cProfile.Profile() if profile else None
    cpu0, wall0 = cpu_seconds(skip), time.perf_counter()
    if prof is not None:
        prof.enable()
    outcomes = await app.poll()
    if prof is not None:
        prof.disable()
    wall, cpu = time.perf_counter() - wall0, cpu_seconds(skip) - cpu0
    if prof is not None:
        with open(profile, "w") as f:  # the main process only; parsing is in the workers
            pstats.Stats(prof, stream=f).sort_stats("tottime").print_stats(25)
    workers = descendants(skip)
    return Cycle(wall=wall, cpu=cpu, statuses=dict(Counter(o.result.status for o in outcomes)),
                 new=sum(o.new for o in outcomes), peak_main_mib=peak_rss_mib(),
                 peak_workers_mib=sum(peak_rss_mib(p.pid) for p in workers))


async def _run_app(settings: Settings, farm: FeedFarm, n: int,
                   profile: str | None) -> tuple[Cycle, Cycle]:
    app = BriefbotApp(settings)
    await app.open()
    try:
        farm.bump([0, 1])  # start the parser processes, as in a running bot
        await app.poll([farm.url(0), farm.url(1)])
        farm.bump(list(range(1, n, 2)))
        half = await _cycle(app, farm, profile and f"{profile}.half.txt")
        unchanged = await _cycle(app, farm, profile and f"{profile}.unchanged.txt")
    finally:
        await app.close()
    return half, unchanged


def measure(n: int, baseline_feeds: int, profile: str | None = None) -> dict[str, object]:
    """All figures for one N, as a dict (the child process prints it as JSON)."""
    with FeedFarm(n) as farm, tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "poll.sqlite3")
        settings = Settings.model_validate({
            "storage": {"path": db}, "feeds": [{"url": farm.url(i)} for i in range(n)]})
        started = datetime.now(UTC)
        with Store(db) as store:
            for i in range(n):
                store.record_poll(feed_result(farm.url(i), i, 0), now=started)
        base_wall, base_cpu = _baseline(farm, min(baseline_feeds, n))
        half, unchanged = asyncio.run(_run_app(settings, farm, n, profile))
    return {"n": n, "baseline_feeds": min(baseline_feeds, n), "base_wall": base_wall,
            "base_cpu": base_cpu, "half": half.__dict__, "unchanged": unchanged.__dict__}


def report(r: dict[str, object]) -> list[str]:
    n = int(r["n"])  # type: ignore[call-overload]
    bw, bc = float(r["base_wall"]), float(r["base_cpu"])  # type: ignore[arg-type]
    h = Cycle(**r["half"])  # type: ignore[arg-type]
    u = Cycle(**r["unchanged"])  # type: ignore[arg-type]
    changed = h.statuses.get("ok", 0)
    # At tiny sizes the CPU clock (10 ms ticks) can read 0: keep the ratio finite.
    per_304 = max(u.cpu / n, 1e-6)
    per_changed = (h.cpu - (n - changed) * per_304) / max(changed, 1)
    speedup = (n / h.wall) / (1 / bw)
    ok = "MET" if n < 5000 or (h.wall <= WALL_TARGET_S and speedup >= SPEEDUP_TARGET) else "MISSED"
    ok304 = "MET" if per_304 * 1000 <= CPU_304_TARGET_MS and bc / per_304 >= 100 else "MISSED"
    p = f"poll N={n:<5}"
    return [
        f"{p} baseline feedparser.parse(url) loop: {bw * 1000:.1f} ms wall, {bc * 1000:.1f} ms "
        f"CPU per feed (measured on {r['baseline_feeds']} feeds; x{n} = {bw * n:.1f} s per cycle)",
        f"{p} half changed: wall {h.wall:.2f} s = {n / h.wall:.0f} feeds/s vs baseline "
        f"{1 / bw:.0f} feeds/s: {speedup:.1f}x  [target at 5000: <=60 s and >=5x: {ok}]",
        f"{p} half changed: CPU {h.cpu:.2f} s ({h.cpu / h.wall:.2f} cores busy), statuses "
        f"{h.statuses}, {h.new} new articles",
        f"{p} CPU per changed feed: {per_changed * 1000:.2f} ms vs baseline {bc * 1000:.2f} ms: "
        f"{bc / per_changed:.1f}x",
        f"{p} all unchanged: wall {u.wall:.2f} s, CPU {u.cpu:.2f} s, statuses {u.statuses}",
        f"{p} CPU per 304: {per_304 * 1000:.3f} ms vs baseline {bc * 1000:.2f} ms: "
        f"{bc / per_304:.0f}x  [target <=1 ms and >=100x: {ok304}]",
        f"{p} peak RSS during half-changed cycle: main {h.peak_main_mib:.0f} MiB + parser "
        f"processes {h.peak_workers_mib:.0f} MiB",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--feeds", type=int, nargs="+", default=[500, 2000, 5000])
    ap.add_argument("--baseline-feeds", type=int, default=100,
                    help="feeds the baseline loop fetches (extrapolated per feed to N)")
    ap.add_argument("--profile", metavar="PREFIX",
                    help="cProfile the main process in each cycle: PREFIX.half.txt, ...")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.feeds[0], args.baseline_feeds, args.profile)))
        return 0
    for n in args.feeds:
        # A fresh process per N: peak memory and CPU counters start clean.
        extra = ["--profile", f"{args.profile}.{n}"] if args.profile else []
        out = subprocess.run([sys.executable, __file__, "--child", "--feeds", str(n),
                              "--baseline-feeds", str(args.baseline_feeds), *extra],
                             check=True, capture_output=True, text=True).stdout
        for line in report(json.loads(out.strip().splitlines()[-1])):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
