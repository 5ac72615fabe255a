"""Run the project's benchmark (scripts/bench.py, a developer's tool kept beside the code).

    cchc bench -- --sizes 1000 4000     # its own options follow `--`; `cchc bench -- --help` lists them
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

SCRIPT = Path("scripts/bench.py")


def arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("options", nargs=argparse.REMAINDER, metavar="-- TÙY_CHỌN",
                        help="các tùy chọn của scripts/bench.py, sau dấu --; xem: cchc bench -- --help")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    script = args.root / SCRIPT
    if not script.is_file():
        print(f"cchc bench: không có {SCRIPT} trong {args.root}: chạy lệnh trong thư mục của dự án", file=sys.stderr)
        return 2
    options = args.options[1:] if args.options[:1] == ["--"] else args.options
    return subprocess.call([sys.executable, str(script), *options], cwd=args.root)
