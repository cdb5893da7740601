"""The benchmarks still run: each at tiny sizes (no timing is asserted; `make bench` measures)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_benchmarks_run_at_tiny_sizes() -> None:
    out = subprocess.run([sys.executable, str(BENCH / "run_all.py"), "--quick"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    for figure in ("poll N=20", "CPU per 304", "brief   2000 articles warm: p50",
                   "memory 20 feeds: idle after open", "40 ticks"):
        assert figure in out.stdout, out.stdout
