"""Pages of the administrative procedures: one page per record, and the index by field.

Rendering uses the Jinja environment of PageRenderer, so templates, filters and escaping are
the same as for every other page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..content.procedures import PROCEDURES_URL, Procedure, base_code
from ..text import fold, slugify, sort_key
from .pages import GeneratedPage, PageRenderer, front_matter, relative
from .structured import procedure_meta

INDEX_URL = f"{PROCEDURES_URL}/"
INDEX_TITLE = "Thủ tục hành chính"
FILTER_SCRIPT = "assets/cchc-procedures.js"
# Punctuation splits words for the filter; dots stay, as codes are typed with them.
_SEARCH_SEPARATORS = re.compile(r"[^a-z0-9.]+")
# The parts of a record in the order provinces publish them, with the anchor of each heading.
PARTS = (
    ("trinh-tu-thuc-hien", "a. Trình tự thực hiện"),
    ("cach-thuc-thuc-hien", "b. Cách thức thực hiện"),
    ("thanh-phan-so-luong-ho-so", "c. Thành phần, số lượng hồ sơ"),
    ("thoi-han-giai-quyet", "d. Thời hạn giải quyết"),
    ("doi-tuong-thuc-hien", "đ. Đối tượng thực hiện"),
    ("co-quan-thuc-hien", "e. Cơ quan thực hiện"),
    ("ket-qua", "g. Kết quả"),
    ("le-phi", "h. Lệ phí"),
    ("mau-don-mau-to-khai", "i. Tên mẫu đơn, mẫu tờ khai"),
    ("yeu-cau-dieu-kien", "k. Yêu cầu, điều kiện"),
    ("can-cu-phap-ly", "l. Căn cứ pháp lý"),
)


@dataclass(frozen=True)
class FieldGroup:
    """Procedures in force in one field (lĩnh vực), sorted by name."""

    name: str
    anchor: str
    procedures: tuple[Procedure, ...]


def by_name(procedures: Sequence[Procedure]) -> list[Procedure]:
    """Procedures in Vietnamese alphabetical order of their names (Đ after D)."""
    return sorted(procedures, key=lambda p: (sort_key(p.name), p.code))


def field_groups(procedures: Sequence[Procedure]) -> list[FieldGroup]:
    """Procedures in force grouped by field; fields in Vietnamese alphabetical order."""
    groups: dict[str, list[Procedure]] = {}
    for procedure in procedures:
        if procedure.in_force:
            groups.setdefault(procedure.field, []).append(procedure)
    return [FieldGroup(name, f"linh-vuc-{slugify(name)}", tuple(by_name(groups[name])))
            for name in sorted(groups, key=sort_key)]


def field_anchor(procedure: Procedure) -> str:
    """The id of the procedure's field on the index, also its value in the field filter."""
    return f"linh-vuc-{slugify(procedure.field)}"


def level_keys(procedure: Procedure) -> list[str]:
    """The levels a procedure is performed at, as filter values: "Cấp tỉnh, Cấp xã" ->
    ["cap-tinh", "cap-xa"]."""
    return [key for part in procedure.level.split(",") if (key := slugify(part))]


def level_choices(procedures: Sequence[Procedure]) -> list[tuple[str, str]]:
    """(value, label) of every level the procedures name, in Vietnamese order."""
    labels: dict[str, str] = {}
    for procedure in procedures:
        for part in procedure.level.split(","):
            if slugify(part):
                labels.setdefault(slugify(part), " ".join(part.split()))
    return sorted(labels.items(), key=lambda item: sort_key(item[1]))


def field_choices(procedures: Sequence[Procedure]) -> list[FieldGroup]:
    """Every field named on the index (ended procedures' too), for the field filter."""
    names = sorted({p.field for p in procedures}, key=sort_key)
    return [FieldGroup(name, f"linh-vuc-{slugify(name)}", ()) for name in names]


def ended(procedures: Sequence[Procedure]) -> list[Procedure]:
    """Abolished and replaced procedures, by name: they stay listed, apart."""
    return by_name([p for p in procedures if not p.in_force])


def search_text(procedure: Procedure) -> str:
    """What the index filter matches, folded: "Đăng ký" is found by "dang ky", "X-quang" by
    "x quang". The filter script folds the query the same way."""
    return " ".join(_SEARCH_SEPARATORS.sub(" ", fold(" ".join(
        (procedure.code, procedure.name, procedure.field)))).split())


def replacement_of(procedure: Procedure, procedures: Sequence[Procedure]) -> Procedure | None:
    """The procedure that replaced ``procedure``, matched by national code, or None."""
    if not procedure.replaced_by:
        return None
    wanted = base_code(procedure.replaced_by)
    return next((p for p in procedures if p.base_code == wanted), None)


def procedure_source(renderer: PageRenderer, procedure: Procedure,
                     procedures: Sequence[Procedure]) -> str:
    """Markdown of a procedure's page: summary box, the parts a. to l., the editor's guidance,
    then the announcing decisions and the last update."""
    replacement = replacement_of(procedure, procedures)
    # Only replacements in force by now: one dated later is shown on the old page as upcoming.
    replaces = by_name([p for p in procedures if p.replaced_by and not p.in_force
                        and base_code(p.replaced_by) == procedure.base_code])
    # What the page reads besides the renderer's plans and options: the preview makes it again
    # only when one of these changed, not for every save of a post.
    register = renderer.site.citations.legal_basis
    key = (procedure, replacement, tuple(replaces), tuple(register(entry) for entry in procedure.legal_basis))
    return renderer.made_from("procedure", key, lambda: _procedure_source(renderer, procedure, replacement, replaces))


def _procedure_source(renderer: PageRenderer, procedure: Procedure, replacement: Procedure | None,
                      replaces: list[Procedure]) -> str:
    context = dict(procedure=procedure, replacement=replacement, replaces=replaces, parts=dict(PARTS),
                   register=renderer.site.citations.legal_basis,  # a cited document of the register
                   url=lambda target: relative(target, procedure.url))
    page = renderer.env.get_template("procedure.html").render(**context)
    record = renderer.env.get_template("procedure_record.html").render(**context)
    guidance = procedure.body.strip()
    if guidance:
        guidance = f"## Hướng dẫn thêm {{: #huong-dan-them }}\n\n{guidance}\n"
    description = f"Thủ tục hành chính mã {procedure.code}, lĩnh vực {procedure.field}: " \
                  f"{procedure.status_label.lower()}; thời hạn giải quyết {procedure.time_limit}"
    meta = procedure_meta(procedure, description, renderer.options)
    return "\n\n".join(part for part in (front_matter(procedure.name, description, meta) + page,
                                         guidance, record) if part)


def procedure_index(renderer: PageRenderer, procedures: Sequence[Procedure]) -> GeneratedPage:
    """The index at /thu-tuc-hanh-chinh/: procedures in force by field, then the ended ones."""
    # Made from the procedures alone: the preview makes it again only when one of them changed.
    return renderer.made_from("procedure index", tuple(procedures), lambda: _procedure_index(renderer, procedures))


def _procedure_index(renderer: PageRenderer, procedures: Sequence[Procedure]) -> GeneratedPage:
    groups = field_groups(procedures)
    html = renderer.env.get_template("procedure_index.html").render(
        title=INDEX_TITLE, groups=groups, ended=ended(procedures), search_text=search_text,
        field_anchor=field_anchor, level_keys=level_keys, levels=level_choices(procedures),
        fields=field_choices(procedures),
        replacement_of=lambda procedure: replacement_of(procedure, procedures),
        in_force=sum(len(g.procedures) for g in groups), script=FILTER_SCRIPT,
        url=lambda target: relative(target, INDEX_URL))
    description = "Thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Khoa học và Công nghệ, theo lĩnh vực"
    return GeneratedPage(f"{PROCEDURES_URL}/index.md", INDEX_URL,
                         front_matter(INDEX_TITLE, description,
                                       {"section_feed": f"{PROCEDURES_URL}/feed.xml"}) + html)
