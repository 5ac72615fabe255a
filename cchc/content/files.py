"""Files published as they are (pictures, PDFs, forms): each must be what its name says.

An SVG is a document a browser runs, not a picture: opened at its own address, a <script> or an
``onload=`` in it runs on the site's origin. SVGs are checked against an allow-list of drawing
elements and attributes and refused (not rewritten) when they hold anything else, so what is
published is byte for byte what the editor committed. A PDF must start with ``%PDF-``, a picture
or an office file with its format's signature (an empty file has none); a PDF stays under
``extra.cchc.max_pdf_mb``, every other file under ``extra.cchc.max_file_mb`` (mkdocs.yml),
checked before the file is read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from lxml import etree

from ..problems import Problem

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_PDF_MB = 20
DEFAULT_MAX_FILE_MB = 20
MB = 1024 * 1024
# How each kind of file starts, by the end of its name (lower case): ``(offset, bytes)`` all met.
# The office formats of today are ZIP archives ("PK"), the old ones OLE2 compound files.
_ZIP = ((0, b"PK"),)
_OLE = ((0, b"\xd0\xcf\x11\xe0"),)
SIGNATURES: dict[str, tuple[str, tuple[tuple[int, bytes], ...]]] = {
    ".pdf": ("PDF", ((0, PDF_MAGIC),)),
    ".png": ("PNG", ((0, b"\x89PNG"),)),
    ".jpg": ("JPEG", ((0, b"\xff\xd8\xff"),)),
    ".jpeg": ("JPEG", ((0, b"\xff\xd8\xff"),)),
    ".gif": ("GIF", ((0, b"GIF8"),)),
    ".webp": ("WebP", ((0, b"RIFF"), (8, b"WEBP"))),
    ".docx": ("Word (.docx)", _ZIP), ".xlsx": ("Excel (.xlsx)", _ZIP), ".odt": ("OpenDocument (.odt)", _ZIP),
    ".doc": ("Word (.doc)", _OLE), ".xls": ("Excel (.xls)", _OLE),
}
_HEAD = 12  # enough bytes for every signature above

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Drawing only: no script, style, foreignObject, image, a, animate or set (which can change
# an href), no filter (heavy, rarely needed by a cover).
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "path", "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath",
    "mask", "pattern", "symbol", "use", "marker",
})
SVG_ATTRIBUTES = frozenset({
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "width", "height", "viewBox", "preserveAspectRatio", "version", "d", "points", "transform",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-dashoffset",
    "stroke-miterlimit", "opacity", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "letter-spacing", "word-spacing", "dominant-baseline", "alignment-baseline",
    "text-decoration", "dx", "dy", "rotate", "offset", "stop-color", "stop-opacity",
    "gradientUnits", "gradientTransform", "spreadMethod", "clip-path", "clip-rule", "mask",
    "maskUnits", "maskContentUnits", "patternUnits", "patternContentUnits", "patternTransform",
    "markerWidth", "markerHeight", "refX", "refY", "orient", "markerUnits", "marker-start",
    "marker-mid", "marker-end", "visibility", "display", "role", "aria-label", "aria-hidden",
    "focusable", "href",
})
# url(...) in a paint or clip value may only point inside the file: url(#gradient).
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def svg_problems(data: bytes, path: str) -> list[Problem]:
    """Why the SVG ``data`` (the file at ``path``) may not be published; empty when it may."""
    def refuse(line: int | None, what: str) -> list[Problem]:
        return [Problem(path, line or 1, "file", f"{what}; tệp SVG chỉ được chứa hình vẽ (hình, nét, "
                        "chữ, màu chuyển): hãy lưu ảnh dạng PNG hoặc JPEG, hoặc bỏ phần đó khỏi tệp SVG")]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return [Problem(path, error.lineno or 1, "file",
                        "không đọc được tệp SVG (tệp hỏng hoặc không phải SVG); hãy xuất lại tệp, "
                        "hoặc dùng PNG hay JPEG")]
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return refuse(1, "có khai báo <!DOCTYPE> (kèm thực thể), không được dùng")
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for node in [*outside, *root.iter()]:
        if isinstance(node, etree._Entity):
            return refuse(node.sourceline, f"có thực thể &{node.name};, không được dùng")
        if isinstance(node, etree._ProcessingInstruction):
            return refuse(node.sourceline, f"có chỉ thị <?{node.target} ...?>, không được dùng")
        if not isinstance(node.tag, str):
            continue
        name = etree.QName(node)
        if name.namespace != SVG_NS or name.localname not in SVG_ELEMENTS:
            return refuse(node.sourceline, f"có thẻ <{name.localname}>, không được dùng")
        for attribute, value in node.attrib.items():
            attr = etree.QName(attribute)
            local = attr.localname
            if attr.namespace == XML_NS and local in ("space", "lang"):
                continue
            if (attr.namespace not in (None, XLINK_NS) or local not in SVG_ATTRIBUTES
                    or (attr.namespace == XLINK_NS and local != "href")):
                return refuse(node.sourceline, f"có thuộc tính {local}= trên thẻ <{name.localname}>, không được dùng")
            if local == "href" and not value.startswith("#"):
                return refuse(node.sourceline, f"có liên kết tới {value!r}, không được dùng (chỉ được liên "
                                               "kết tới một id trong cùng tệp, như href=\"#logo\")")
            if _EXTERNAL_URL.search(value) or "javascript:" in value.lower():
                return refuse(node.sourceline, f"giá trị {value!r} của {local}= không được dùng "
                                               "(chỉ được url(#id) trong cùng tệp)")
    if etree.QName(root).localname != "svg":
        return refuse(root.sourceline, "tệp không bắt đầu bằng thẻ <svg>")
    return []


def attachment_problems(head: bytes, size: int, path: str, max_bytes: int) -> list[Problem]:
    """Why the file at ``path`` (its first bytes ``head``, ``size`` bytes long) may not be
    published: too large, empty, or not starting as its kind of file does. An SVG's drawing is
    checked by ``svg_problems``."""
    pdf = path.lower().endswith(".pdf")
    if size > max_bytes and pdf:
        # Vietnamese write a decimal comma: 0,3 MB.
        size_mb, limit_mb = f"{size / MB:.1f}".replace(".", ","), f"{max_bytes / MB:g}".replace(".", ",")
        return [Problem(path, 1, "file", f"tệp nặng {size_mb} MB, quá giới hạn {limit_mb} MB "
                        "(extra.cchc.max_pdf_mb trong mkdocs.yml); hãy xuất "
                        "lại với ảnh nhỏ hơn, hoặc nâng giới hạn")]
    if size > max_bytes:
        size_mb, limit_mb = f"{size / MB:.1f}".replace(".", ","), f"{max_bytes / MB:g}".replace(".", ",")
        return [Problem(path, 1, "file", f"tệp nặng {size_mb} MB, lớn hơn giới hạn {limit_mb} MB "
                        "(extra.cchc.max_file_mb trong mkdocs.yml); lưu lại tệp nhỏ hơn (ảnh nén hơn), "
                        "hoặc nâng giới hạn")]
    if size == 0:
        return [Problem(path, 1, "file", "tệp rỗng (0 byte); xuất hoặc lưu lại tệp rồi đặt lại vào đây")]
    kind = SIGNATURES.get(Path(path).suffix.lower())
    if kind is not None and not all(head[at:at + len(magic)] == magic for at, magic in kind[1]):
        if pdf:
            return [Problem(path, 1, "file", "không phải tệp PDF (tệp PDF bắt đầu bằng '%PDF-'); "
                            "hãy xuất lại văn bản dạng PDF, hoặc sửa tên tệp")]
        return [Problem(path, 1, "file", f"không phải tệp {kind[0]} như tên tệp nói (phần đầu tệp không "
                        "khớp); lưu lại tệp đúng định dạng, hoặc sửa đuôi tên tệp")]
    return []


def published_file_problems(root: Path, files: Iterable[str], max_pdf_bytes: int,
                            max_file_bytes: int = DEFAULT_MAX_FILE_MB * MB) -> list[Problem]:
    """Problems in the files among ``files`` (paths relative to ``root``) that are published as
    they are: each checked by its size first (nothing too large is read), then by its content."""
    problems: list[Problem] = []
    for rel in sorted(set(files)):
        path = root / rel
        size = path.stat().st_size
        limit = max_pdf_bytes if rel.lower().endswith(".pdf") else max_file_bytes
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
        found = attachment_problems(head, size, rel, limit)
        if not found and rel.lower().endswith(".svg"):
            found = svg_problems(path.read_bytes(), rel)
        problems += found
    return problems
