"""Files published as they are (pictures, PDFs): each must be what its name says.

An SVG is a document a browser runs, not a picture: opened at its own address, a <script> or an
``onload=`` in it runs on the site's origin. SVGs are checked against an allow-list of drawing
elements and attributes and refused (not rewritten) when they hold anything else, so what is
published is byte for byte what the editor committed. A PDF must start with ``%PDF-`` and stay
under a size limit (``extra.cchc.max_pdf_mb`` in mkdocs.yml).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from lxml import etree

from ..problems import Problem

PDF_MAGIC = b"%PDF-"
DEFAULT_MAX_PDF_MB = 20
MB = 1024 * 1024

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


def pdf_problems(head: bytes, size: int, path: str, max_bytes: int) -> list[Problem]:
    """Why the PDF at ``path`` (its first bytes ``head``, ``size`` bytes long) may not be published."""
    problems = []
    if size and not head.startswith(PDF_MAGIC):
        problems.append(Problem(path, 1, "file", "không phải tệp PDF (tệp PDF bắt đầu bằng '%PDF-'); "
                                "hãy xuất lại văn bản dạng PDF, hoặc sửa tên tệp"))
    if size > max_bytes:
        # Vietnamese write a decimal comma: 0,3 MB.
        size_mb, limit_mb = f"{size / MB:.1f}".replace(".", ","), f"{max_bytes / MB:g}".replace(".", ",")
        problems.append(Problem(path, 1, "file", f"tệp nặng {size_mb} MB, quá giới hạn {limit_mb} MB "
                                "(extra.cchc.max_pdf_mb trong mkdocs.yml); hãy xuất "
                                "lại với ảnh nhỏ hơn, hoặc nâng giới hạn"))
    return problems


def published_file_problems(root: Path, files: Iterable[str], max_pdf_bytes: int) -> list[Problem]:
    """Problems in the SVG and PDF files among ``files`` (paths relative to ``root``)."""
    problems: list[Problem] = []
    for rel in sorted(set(files)):
        lower = rel.lower()
        if lower.endswith(".svg"):
            problems += svg_problems((root / rel).read_bytes(), rel)
        elif lower.endswith(".pdf"):
            path = root / rel
            with path.open("rb") as handle:
                head = handle.read(len(PDF_MAGIC))
            problems += pdf_problems(head, path.stat().st_size, rel, max_pdf_bytes)
    return problems
