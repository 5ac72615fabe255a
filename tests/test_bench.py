"""The build benchmark (scripts/bench.py) runs end to end on a tiny site and prints every metric.

It asserts no timing: numbers depend on the machine. It only proves that the script works,
that its synthetic site passes the strict build (the plan check included), and that each
measurement the results table needs is printed.
"""

import re
import subprocess
import sys

from conftest import PROJECT

METRICS = [
    "load + validate", "page generation", "feeds", "coverage (plan check)",
    "load+validate+feeds+coverage", "HTML allow-list", "search preparation", "Pagefind",
    "ours, mkdocs build --strict", "plain Material, same pages", "ratio ours / plain",
    "peak memory (RSS)", "checker: scripts/check.py", "output:", "first search query",
    "preview (python scripts/serve.py)", "post text", "procedure text", "bulletin text", "post title",
    "new post", "deleted post", "all saves",
]


def test_the_benchmark_builds_a_tiny_synthetic_site_and_prints_every_metric():
    done = subprocess.run(
        [sys.executable, str(PROJECT / "scripts/bench.py"), "--news", "30", "--procedures", "5",
         "--bulletins", "2", "--preview-at", "30", "--edits", "1"],
        capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    missing = [metric for metric in METRICS if metric not in out]
    assert missing == [], out
    # The synthetic site satisfies its plan, so the strict build passed, and so did the checker.
    assert re.search(r"ours, mkdocs build --strict .* exit 0", out), out
    assert re.search(r"checker: scripts/check.py [\d.]+ s wall, exit 0", out), out
    assert "| News posts | 30 |" in out and "| **Ratio ours / plain** (≤ 1.15) |" in out
