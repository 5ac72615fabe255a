"""The synthetic site's procedure records: folders by field, a form template in each, one
record in twenty abolished and one in twenty replaced by the record after it."""

from __future__ import annotations

import random
from datetime import date, timedelta

from cchc.text import slugify

from .common import PROJECT
from .made_up import quoted, title

PROCEDURE_FIELDS = ["An toàn bức xạ và hạt nhân", "Chuyển giao công nghệ", "Hoạt động khoa học và công nghệ",
                    "Tiêu chuẩn đo lường chất lượng", "Sở hữu trí tuệ", "Năng lượng nguyên tử"]
PROCEDURE_ACTIONS = ["Cấp giấy chứng nhận đăng ký", "Cấp lại giấy phép", "Gia hạn giấy phép", "Đăng ký",
                     "Sửa đổi, bổ sung giấy chứng nhận", "Thẩm định", "Đánh giá, công nhận", "Khai báo"]


def write_procedures(write, count: int, chain, rng: random.Random) -> None:
    """``count`` procedure records, written with ``write(rel, data)``."""
    form = next(PROJECT.glob("content/procedures/*/*.docx")).read_bytes()
    for i in range(count):
        field = PROCEDURE_FIELDS[i % len(PROCEDURE_FIELDS)]
        folder = f"content/procedures/{slugify(field)}"
        if i < len(PROCEDURE_FIELDS):
            write(f"{folder}/don-de-nghi.docx", form)
        name = f"{PROCEDURE_ACTIONS[i % len(PROCEDURE_ACTIONS)]} {title(chain, rng, 14).lower()}"
        write(f"{folder}/{slugify(name)[:70].strip('-')}-{i}.md", _record(i, count, name, field, chain, rng))


def _record(i: int, count: int, name: str, field: str, chain, rng: random.Random) -> str:
    """The ``i``-th record's Markdown."""
    # The first has the code issue 7 searches for; the others are made up.
    code = "1.014393.000.00.00.H48" if i == 0 else f"{1 + i % 2}.{4000 + i:06d}.000.00.00.H48"
    announced = date(2016 + i % 6, 1 + i % 12, 1 + i % 28)
    status = "abolished" if i % 20 == 7 else ("replaced" if i % 20 == 13 and i + 1 < count else "active")
    decisions = [("new", announced)]
    if status != "active":
        decisions.append((status, announced + timedelta(days=200)))
    steps = "\n".join(f"  - {quoted(chain.sentence(rng, 25))}" for _ in range(rng.randint(2, 5)))
    dossier = "\n".join(
        f"  - name: {quoted(title(chain, rng, 10))}\n    {'originals' if k % 2 == 0 else 'copies'}: 1"
        + (f"\n    form: don-de-nghi.docx\n    form_name: {quoted('Đơn đề nghị ' + name[:60])}" if k == 0 else "")
        for k in range(rng.randint(2, 5)))
    fee = f"{rng.randint(1, 16)}.000.000 đồng" if i % 3 == 0 else None
    lines = [
        "---", f"code: {code}", f"name: {quoted(name)}", f"field: {field}", "level: Cấp tỉnh",
        f"online: {rng.choice(['toàn trình', 'một phần'])}", "steps:", steps,
        "submission:", "  - channel: Trực tiếp", "  - channel: Dịch vụ bưu chính", "  - channel: Trực tuyến",
        "dossier:", dossier, "dossier_count: 01 bộ",
        f"time_limit: {rng.randint(5, 30)} ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ",
        "applicants: Tổ chức, cá nhân", "deciding_agency: Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
        "submit_at: Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi", f"result: {quoted(title(chain, rng, 8))}",
        *([f"fees: {fee}"] if fee else []),
        "legal_basis:", "  - number: 51/2013/QH13", "    summary: Luật Khoa học và Công nghệ",
        "    date: 2013-06-18", "    issuer: Quốc hội",
        "announced:", *[f"  - number: {100 + i}/QĐ-UBND\n    date: {d.isoformat()}\n    kind: {kind}\n"
                        f"    issuer: Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi" for kind, d in decisions],
        f"updated: {(decisions[-1][1] + timedelta(days=10)).isoformat()}",
        *([f"status: {status}"] if status != "active" else []),
        *([f"replaced_by: {1 + (i + 1) % 2}.{4000 + i + 1:06d}"] if status == "replaced" else []),
        "---", "", chain.paragraph(rng) if i % 4 == 0 else "", ""]
    return "\n".join(lines)
