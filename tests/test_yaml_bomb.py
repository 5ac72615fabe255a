"""A YAML alias bomb (aliases of aliases, 9 levels: 10^9 values once expanded) is refused by the
checker, the build and `mkdocs serve` with a message naming the file and line, instead of
eating the machine's memory. Every run below would take minutes and gigabytes if the aliases
were expanded; the subprocess timeouts only stop a broken run from hanging the suite."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import EPOCH_2023, PROJECT, post, run_build, CCHC
from test_serve import free_port

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

BOMB = "\n".join(["lol0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                 + [f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)])
MESSAGE = ("content/news/2022/a.md:7: Phần đầu tệp (front matter): không được dùng neo và bí danh của YAML "
           "(&tên, *tên); hãy viết đầy đủ từng giá trị (chữ bắt đầu bằng & hoặc * thì đặt trong ngoặc kép)")


def bombed_post() -> str:
    return post().replace("\n---\n\n", "\n" + BOMB + "\n---\n\n", 1)


def test_the_checker_refuses_the_bomb(make_site):
    root = make_site({"content/news/2022/a.md": bombed_post()}, own_config=True)
    done = subprocess.run([*CCHC, "check", "--root", str(root)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert MESSAGE in done.stdout.splitlines()


def test_the_build_refuses_the_bomb(make_site):
    built = run_build(make_site({"content/news/2022/a.md": bombed_post()}))
    assert built.returncode != 0
    assert MESSAGE in built.log_lines("ERROR")


def test_serve_refuses_the_bomb(make_site):
    root = make_site({"content/news/2022/a.md": bombed_post()}, own_config=True)
    environ = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2023, "NO_MKDOCS_2_WARNING": "1",
               "CCHC_AS_OF": "2022-01-01"}
    # The first build of `mkdocs serve` fails, so the server stops before it listens.
    done = subprocess.run([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port()}"],
                          cwd=root, env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert f"ERROR   -  cchc: {MESSAGE}" in (done.stdout + done.stderr).splitlines()


def test_a_bomb_in_the_plan_is_refused_with_its_line(make_site):
    plan = (PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8")
    root = make_site({"content/news/2022/a.md": post(),
                      "content/plans/2022.yml": plan.replace("year: 2022\n", f"year: 2022\n{BOMB}\n")},
                     plan=False, own_config=True)
    done = subprocess.run([*CCHC, "check", "--root", str(root)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    line = plan.splitlines().index("year: 2022") + 2
    assert done.stdout.splitlines() == [
        f"content/plans/2022.yml:{line}: Kế hoạch: không được dùng neo và bí danh của YAML (&tên, *tên); hãy viết "
        "đầy đủ từng giá trị (chữ bắt đầu bằng & hoặc * thì đặt trong ngoặc kép)"]
