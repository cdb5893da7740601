"""Briefing quality does not regress: the labelled dev set (when ../shared is present) and
our own held-out articles (tests/fixtures/holdout), scored by ../shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED

SCORE = SHARED / "eval" / "score.py"
HOLDOUT = REPO / "tests" / "fixtures" / "holdout"
HOLDOUT2 = REPO / "tests" / "fixtures" / "holdout2"
HOLDOUT3 = REPO / "tests" / "fixtures" / "holdout3"
CONDENSE = f"{sys.executable} -m bot condense --format jsonl"
STORIES = f"{sys.executable} -m bot stories --format json"


def score(labels: Path, *args: str) -> dict:  # type: ignore[type-arg]
    if not SCORE.exists():
        pytest.skip("../shared/eval/score.py is not present")
    out = subprocess.run([sys.executable, str(SCORE), "--labels", str(labels), "--json", *args],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _meets(labels: Path, macro: float, each: float) -> None:
    """Macro F1 and each category's F1 at their floors; stories B-cubed F1 at 0.90."""
    s = score(labels, "--cmd", CONDENSE)
    assert s["macro_f1"] >= macro, s
    for category in ("positions", "figures", "events"):
        assert s[category]["f1"] >= each, (category, s)
    assert score(labels, "--stories", "--cmd", STORIES)["bcubed_f1"] >= 0.90


def test_dev_set_meets_the_targets() -> None:
    dev = SHARED / "eval" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared/eval/dev is not present")
    _meets(dev, 0.85, 0.80)  # the targets


def test_held_out_articles_do_not_regress() -> None:
    # Floors a little under what rules-5 scored (macro 0.885: positions 0.833, figures
    # 0.958, events 0.863; stories 1.0; rules-6: 0.884, events 0.855), so a change that
    # loses ground fails here.
    _meets(HOLDOUT, 0.86, 0.80)


def test_second_held_out_set_does_not_regress() -> None:
    # rules-4 scored macro 0.789 here before any change was made with these articles in
    # view (the unbiased figure); rules-5 scored 0.824, rules-6 0.818 (positions 0.771,
    # figures 0.894, events 0.789; stories 1.0). Floors a little under that.
    _meets(HOLDOUT2, 0.80, 0.75)


def test_third_held_out_set_does_not_regress() -> None:
    # rules-5 scored macro 0.778 here before any change was made with these articles in
    # view (the unbiased figure: positions 0.667, figures 0.856, events 0.811); rules-6
    # scores 0.838 (positions 0.773, figures 0.868, events 0.871; stories 1.0).
    _meets(HOLDOUT3, 0.81, 0.75)
