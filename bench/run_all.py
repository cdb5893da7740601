"""Run every benchmark in bench/ (default sizes = the issue's) and print their figures.

    python bench/run_all.py            # what `make bench` runs
    python bench/run_all.py --quick    # tiny sizes, a smoke run

Each script runs in its own process, one after the other (they share the machine's cores).
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

SCRIPTS: list[tuple[str, list[str], list[str]]] = [
    # (script, default arguments, --quick arguments)
    ("poll.py", [], ["--feeds", "20", "--baseline-feeds", "5"]),
    ("condense.py", [], []),
    ("brief.py", [], ["--articles", "2000", "--cold", "5", "--warm", "10"]),
    ("memory.py", [], ["--feeds", "20", "--articles", "2000", "--ticks", "40"]),
]


def machine() -> str:
    load = os.getloadavg()
    return (f"machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}; "
            f"load average at start {load[0]:.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="tiny sizes (condense.py is skipped)")
    ap.add_argument("only", nargs="*", help="scripts to run (default: all), e.g. poll.py")
    args = ap.parse_args(argv)
    print(machine(), flush=True)
    failed = 0
    for script, default, quick in SCRIPTS:
        path = HERE / script
        if (args.only and script not in args.only) or not path.exists():
            continue
        if args.quick and script == "condense.py":
            continue
        cmd = [sys.executable, str(path), *(quick if args.quick else default)]
        print(f"\n$ python bench/{script} {shlex.join(cmd[2:])}".rstrip(), flush=True)
        started = time.perf_counter()
        code = subprocess.call(cmd)
        print(f"({script}: {time.perf_counter() - started:.0f} s, load average "
              f"{os.getloadavg()[0]:.2f})", flush=True)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
