"""What a preview rebuild reports, and the outputs it removes when their source is gone."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


# How a rebuild's line starts, and what it made again (scripts/benchmark reads the kind back).
REBUILT = "bản xem trước: dựng lại "
STAGES = {"load": "đọc nội dung", "markdown_made": "tạo Markdown", "render": "dựng trang", "files": "ghi tệp",
          "search": "lập chỉ mục tìm kiếm"}
KINDS = {"full": "toàn bộ trang", "pages": "các trang thay đổi", "body": "nội dung tệp vừa lưu"}


@dataclass
class RebuildReport:
    """What one rebuild did, for the terminal (and scripts/bench.py)."""

    kind: str                   # "full", "pages" or "body"
    rendered: int = 0
    deleted: int = 0
    waiting: int = 0            # pages changed, rendered when asked for or by the worker thread
    seconds: float = 0.0
    failed: bool = False
    stages: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.failed:
            return (f"bản xem trước: chưa dựng lại ({self.seconds:.2f} giây): sửa các lỗi ở trên rồi lưu lại; "
                    "trình duyệt vẫn hiện bản trước")
        stages = ", ".join(f"{STAGES.get(name, name)} {seconds:.2f}" for name, seconds in self.stages.items())
        return (f"{REBUILT}{KINDS[self.kind]} trong {self.seconds:.2f} giây: "
                f"{self.rendered} trang đã dựng, {self.deleted} tệp đã xoá, {self.waiting} trang dựng sau"
                + (f" (các bước: {stages})" if stages else ""))


def delete_outputs(site_dir: Path, paths: set[str]) -> int:
    """Remove outputs of files that are gone, and the folders they leave empty; how many."""
    site = site_dir.resolve()
    count = 0
    for path in sorted(paths):
        target = Path(path)
        if target.is_file():
            target.unlink()
            count += 1
            folder = target.parent
            while folder != site and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    return count
