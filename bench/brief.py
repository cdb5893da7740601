"""`/brief` latency: a topic's 24-hour briefing from a store of 10 k and 100 k articles.

    python bench/brief.py                        # 10 000 and 100 000 articles
    python bench/brief.py --articles 2000 --cold 4 --warm 10

The store holds synthetic articles over 20 topics, spread evenly over 30 days (so a
24-hour window holds ~3 % of them), each about one topic and one in five about a second.
A build is ``pipeline.latest_briefing`` (store query, topic filter, condense or cache,
story clustering, compose), timed per call, topics in turn:

* cold: the condensed cache emptied before each build (every article condensed);
* warm: the same builds again, bullets from the cache.

No third-party baseline exists for this figure; the ratios are against the target
(100 ms) and the platforms' 3,000 ms deadline for answering a command.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _synth import TOPIC_KEYWORDS, article_batches  # noqa: E402

from briefings.config import Settings  # noqa: E402
from briefings.pipeline import latest_briefing  # noqa: E402
from briefings.store import Store  # noqa: E402

TARGET_P99_MS = 100.0
DEADLINE_MS = 3000.0
END = datetime(2025, 3, 31, 12, tzinfo=UTC)


def build_store(path: str, count: int, days: float) -> float:
    """Fill a store; returns seconds taken."""
    started = time.perf_counter()
    with Store(path) as store:
        for seen_at, result in article_batches(count, end=END, days=days):
            store.record_poll(result, now=seen_at)
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    if len(samples) == 1:
        return samples[0], samples[0], samples[0]
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49], q[94], q[98]


def _time_builds(store: Store, settings: Settings, path: str, rounds: int, *, cold: bool,
                 prof: cProfile.Profile | None, budget: float = float("inf"),
                 ) -> tuple[list[float], list[int]]:
    slugs = list(settings.topics)
    times: list[float] = []
    sizes: list[int] = []
    deadline = time.perf_counter() + budget
    for i in range(rounds):
        if i >= 5 and time.perf_counter() > deadline:
            break  # enough samples for a slow configuration; the line says how many
        if cold:
            with sqlite3.connect(path) as conn:
                conn.execute("DELETE FROM condensed")
        started = time.perf_counter()
        if prof is not None:
            prof.enable()
        briefing = latest_briefing(store, settings, slugs[i % len(slugs)], hours=24, now=END)
        if prof is not None:
            prof.disable()
        times.append((time.perf_counter() - started) * 1000)
        sizes.append(sum(len(s.sources) for s in briefing.stories))
    return times, sizes


def measure(count: int, cold_rounds: int, warm_rounds: int, days: float,
            profile: str | None, budget: float) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "brief.sqlite3")
        built = build_store(path, count, days)
        settings = Settings.model_validate({
            "storage": {"path": path},
            "topics": {slug: {"any": list(words)} for slug, words in TOPIC_KEYWORDS.items()}})
        with Store(path) as store:
            in_window = len(store.articles_seen(END - timedelta(hours=24), END))
            p = f"brief {count:>6} articles"
            lines.append(f"{p}: store built in {built:.1f} s; 24 h window holds {in_window} "
                         f"articles ({in_window / count:.1%}), ~{in_window * 1.2 / 20:.0f} per topic")
            for label, rounds, cold in (("cold", cold_rounds, True), ("warm", warm_rounds, False)):
                prof = cProfile.Profile() if profile else None
                if not cold:
                    _time_builds(store, settings, path, len(settings.topics), cold=False, prof=None)
                times, sizes = _time_builds(store, settings, path, rounds, cold=cold, prof=prof,
                                            budget=budget)
                p50, p95, p99 = percentiles(times)
                met = "MET" if p99 <= TARGET_P99_MS else "MISSED"
                lines.append(
                    f"{p} {label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms over "
                    f"{len(times)} builds ({statistics.mean(sizes):.0f} articles in the stories); "
                    f"p99 = {p99 / TARGET_P99_MS:.2f}x the 100 ms target [{met}], "
                    f"{DEADLINE_MS / p99:.0f}x under the 3,000 ms deadline")
                if prof is not None:
                    with open(f"{profile}.{count}.{label}.txt", "w") as f:
                        pstats.Stats(prof, stream=f).sort_stats("cumulative").print_stats(30)
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--cold", type=int, default=40, help="cold builds per size")
    ap.add_argument("--warm", type=int, default=200, help="warm builds per size")
    ap.add_argument("--days", type=float, default=30.0, help="days the articles span")
    ap.add_argument("--budget", type=float, default=60.0,
                    help="seconds per size and phase; stops sampling early (at least 5 builds)")
    ap.add_argument("--profile", metavar="PREFIX", help="cProfile: PREFIX.<n>.cold.txt, ...")
    args = ap.parse_args(argv)
    for count in args.articles:
        for line in measure(count, args.cold, args.warm, args.days, args.profile, args.budget):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
