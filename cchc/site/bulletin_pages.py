"""Bulletin pages: each issue's page (contents, download, the PDF inline) and the archive."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..content.bulletins import BULLETIN_URL, Bulletin
from ..dates import vn_date
from .pages import GeneratedPage, PageRenderer, front_matter, relative

ARCHIVE_TITLE = "Bản tin"

_UNITS = ("KB", "MB", "GB", "TB")


def file_size(size: int) -> str:
    """A file size as Vietnamese readers write it: "34 KB", "1,2 MB", "12 MB" (1 KB = 1024 bytes).

    Kilobytes are whole (at least 1 for a non-empty file); larger units keep one decimal,
    with a decimal comma, below 10.
    """
    if size < 0:
        raise ValueError(f"a file size cannot be negative, found {size}")
    # Binary units, as Windows Explorer shows them: the size an editor sees on their machine.
    value = Decimal(size) / 1024
    whole = value.to_integral_value(ROUND_HALF_UP)
    if whole < 1024:
        return f"{max(int(whole), 1 if size else 0)} KB"
    for unit in _UNITS[1:]:
        value /= 1024
        tenths = value.quantize(Decimal("0.1"), ROUND_HALF_UP)
        if tenths < 10:
            return f"{tenths} {unit}".replace(".", ",")
        whole = value.to_integral_value(ROUND_HALF_UP)
        if whole < 1024 or unit == _UNITS[-1]:
            return f"{int(whole)} {unit}"
    raise AssertionError("unreachable")


class BulletinPages:
    """Renders each issue's page and the archive, with the Jinja environment of the site's pages."""

    def __init__(self, renderer: PageRenderer):
        self.renderer = renderer
        self.site = renderer.site
        self.env = renderer.env
        self.env.filters["file_size"] = file_size

    def _render(self, template: str, bulletin: Bulletin) -> str:
        return self.env.get_template(template).render(
            bulletin=bulletin, url=lambda target: relative(target, bulletin.url))

    def source(self, bulletin: Bulletin) -> str:
        """Markdown of an issue's page: header, the editor's introduction, then the contents."""
        description = (f"{bulletin.label}, ngày {vn_date(bulletin.date)}, của chuyên mục cải cách "
                       f"hành chính: {bulletin.title}")
        parts = [self._render("bulletin_header.html", bulletin), bulletin.body.strip(),
                 self._render("bulletin_contents.html", bulletin)]
        return (front_matter(f"{bulletin.label}: {bulletin.title}", description)
                + "\n\n".join(part for part in parts if part) + "\n")

    def viewer(self, bulletin: Bulletin) -> str:
        """HTML that shows the PDF inline, to add after the page's HTML has been cleaned.

        Editors' HTML may not embed objects; this one embeds only the issue's own PDF.
        """
        return self._render("bulletin_viewer.html", bulletin)

    def archive(self) -> GeneratedPage:
        """The archive: every published issue, newest first, grouped by year."""
        years = sorted({b.year for b in self.site.bulletins}, reverse=True)
        groups = [(year, [b for b in self.site.bulletins if b.year == year]) for year in years]
        return self.renderer.page(
            f"{BULLETIN_URL}/index.md", f"{BULLETIN_URL}/", "bulletin_archive.html", ARCHIVE_TITLE,
            "Các số bản tin cải cách hành chính của Sở Khoa học và Công nghệ tỉnh Quảng Ngãi, "
            "xem trực tiếp hoặc tải về tệp PDF", {"section_feed": f"{BULLETIN_URL}/feed.xml"},
            groups=groups)
