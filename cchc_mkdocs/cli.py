"""The `cchc` command: one entry for every tool an editor, an admin or a developer runs.

Each command is a module of ``cchc_mkdocs.commands`` with ``arguments(parser)`` and
``run(args) -> exit code``; only the module of the command given is imported, so
`cchc --help` is quick. Help and argument errors are in Vietnamese (ViParser).
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from typing import NoReturn

# name -> (module under cchc_mkdocs.commands, what it does)
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve", "xem trước trang khi soạn: dựng một lần, sau mỗi lần lưu chỉ dựng lại phần thay đổi"),
    "edit": ("edit", "soạn trong trình duyệt trên máy này: xem trước và giao diện quản trị nội dung cùng lúc"),
    "check": ("check", "kiểm tra nội dung, kế hoạch và thiết lập như bản dựng, không dựng trang"),
    "new": ("new", "tạo tệp nội dung mới (bản nháp) với đủ các trường cần điền"),
    "import": ("importer", "nhập thủ tục hành chính từ bản ghi của Cơ sở dữ liệu quốc gia (.json, .xlsx)"),
    "coverage": ("coverage", "tiến độ thực hiện kế hoạch; báo cáo của đơn vị (.docx) và minh chứng (.csv)"),
    "publish": ("publish", "dựng và đăng trang vào thư mục phát hành; quay lại bản trước khi cần"),
    "nginx-conf": ("nginx_conf", "viết cấu hình nginx của chuyên mục, với mã băm CSP của trang đã dựng"),
    "bench": ("bench", "đo tốc độ dựng trang, xem trước và tìm kiếm (dành cho người phát triển)"),
}

_ERRORS = [
    (re.compile(r"^the following arguments are required: (.+)$"), r"thiếu tham số: \1"),
    (re.compile(r"^unrecognized arguments: (.+)$"), r"không hiểu tham số: \1"),
    (re.compile(r"^argument (.+?): invalid choice: (.+?) \(choose from (.+)\)$"), r"\1: không có lựa chọn \2; chọn một trong: \3"),
    (re.compile(r"^argument (.+?): invalid (int|float) value: (.+)$"), r"\1: cần một số; đang ghi \3"),
    (re.compile(r"^argument (.+?): expected one argument$"), r"\1: cần một giá trị sau tham số này"),
    (re.compile(r"^argument (.+?): (.+)$"), r"\1: \2"),
]


class ViFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help with a Vietnamese heading for the usage line."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class ViParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Vietnamese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", ViFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="in hướng dẫn này rồi thoát")

    def error(self, message: str) -> NoReturn:
        for pattern, words in _ERRORS:
            if pattern.match(message):
                message = pattern.sub(words, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}\n")


def parser_for(name: str) -> tuple[ViParser, object]:
    """The parser of one command and its module."""
    module_name, summary = COMMANDS[name]
    module = importlib.import_module(f"cchc_mkdocs.commands.{module_name}")
    parser = ViParser(prog=f"cchc {name}", description=f"{summary[0].upper()}{summary[1:]}.")
    module.arguments(parser)
    return parser, module


def top_parser() -> ViParser:
    parser = ViParser(prog="cchc", description="Công cụ của chuyên mục cải cách hành chính: xem trước, soạn, "
                      "kiểm tra, nhập, báo cáo và đăng trang.",
                      epilog="Xem hướng dẫn của một lệnh: cchc LỆNH --help")
    commands = parser.add_subparsers(title="các lệnh", metavar="LỆNH")
    for name, (_, summary) in COMMANDS.items():
        commands.add_parser(name, help=summary, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] not in COMMANDS:
        parser = top_parser()
        if not argv:
            parser.print_help()
            return 2
        parser.parse_args(argv)  # prints the help, or says the command does not exist
        return 2
    parser, module = parser_for(argv[0])
    args = parser.parse_args(argv[1:])
    return int(module.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
