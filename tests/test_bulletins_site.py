"""Bulletins end to end: the shipped issues and small sites built with `mkdocs build --strict`,
read back as a citizen's browser would (parsed HTML, the files the links point to)."""

import posixpath
import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
import yaml

from cchc.site.bulletin_pages import file_size
from cchc.dates import VIETNAM, parse_when, vn_date
from conftest import PROJECT, post, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

BUL = "content/bulletins/2022"
NEWS = "content/news/2022"
SHIPPED = sorted((PROJECT / BUL).glob("*.md"))
EPOCH_2024 = "1704042000"  # 2024-01-01 00:00 in Vietnam
# Elements that make the browser fetch something, and the attribute naming what.
LOADS = {"script": "src", "img": "src", "iframe": "src", "object": "data", "embed": "src",
         "source": "src", "video": "src", "audio": "src", "track": "src"}
FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}


def bulletin(number=1, date="2022-02-25", title="Bản tin thử nghiệm", pdf="so-1.pdf", topics="[II.1]",
             contents="\n  - Bài không có liên kết", body="Lời giới thiệu số này.", **more) -> str:
    """A bulletin's text with the given front-matter values (already YAML-formatted)."""
    lines = [f"number: {number}", f"date: {date}", f"title: {title}", f"pdf: {pdf}",
             f"topics: {topics}", f"contents:{contents}"]
    lines += [f"{key}: {value}" for key, value in more.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def fake_pdf(size: int) -> bytes:
    """Bytes of exactly ``size`` that start like a PDF: the site only serves and measures them."""
    head = b"%PDF-1.4\n"
    return head + b"%" * (size - len(head))


def plan_of(year: int) -> str:
    """The shipped 2022 plan, moved to ``year``."""
    text = (PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8")
    return text.replace("year: 2022", f"year: {year}").replace("2022-11-1", f"{year}-11-1")


def front(path):
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def target(site, page_url: str, href: str):
    """The output file a relative link on the page at ``page_url`` points to."""
    path = posixpath.normpath(posixpath.join(page_url, urlsplit(href).path))
    file = site / path
    return file / "index.html" if href.endswith("/") else file


def loads_from_elsewhere(page) -> list[str]:
    """Every address the page makes the browser fetch that is not on this site."""
    found = [el.get(attr) for tag, attr in LOADS.items() for el in page.find_all(tag) if el.get(attr)]
    found += [el["href"] for el in page.find_all("link", href=True)
              if FETCHED_LINKS & set(el.get("rel", []))]
    return [url for url in found if urlsplit(url).scheme or url.startswith("//")]


# -- the shipped issues ------------------------------------------------------------------------

def test_the_shipped_site_builds_strict_with_the_six_bulletins_the_plan_asks_for(shipped):
    assert shipped.returncode == 0, shipped.log
    assert shipped.log_lines("WARNING") == [] and shipped.log_lines("ERROR") == []
    plan = yaml.safe_load((PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8"))
    target_count = next(q["target"] for f in plan["forms"] for q in f.get("quotas", []) if q["id"] == "bulletin")
    numbers = sorted(front(md)["number"] for md in SHIPPED)
    assert numbers == list(range(1, target_count + 1)) == [1, 2, 3, 4, 5, 6]
    assert sorted(p.name for p in (shipped.site / "ban-tin/2022").glob("so-*")) == [f"so-{n}" for n in numbers]
    # One issue every two months.
    assert [parse_when(front(md)["date"]).month for md in SHIPPED] == [2, 4, 6, 8, 10, 12]


@pytest.mark.parametrize("md", SHIPPED, ids=lambda p: p.name)
def test_a_shipped_issue_page_shows_title_number_date_cover_contents_and_its_pdf(shipped, md):
    meta = front(md)
    number, url = meta["number"], f"ban-tin/2022/so-{meta['number']}/"
    page = shipped.page(url)
    article = shipped.article(url)
    assert article.h1.get_text() == meta["title"]
    assert page.title.get_text().startswith(f"Bản tin số {number}/2022: {meta['title']} - ")
    assert article.select_one(".cchc-bulletin-number").get_text() == f"Bản tin số {number}/2022"
    time = article.select_one(".cchc-bulletin-header time")
    day = parse_when(meta["date"])
    assert time.get_text() == f"ngày {vn_date(day)}" and time["datetime"] == day.isoformat()

    cover = article.select_one(".cchc-bulletin-cover img")
    assert cover["alt"] == f"Trang bìa Bản tin số {number}/2022"
    assert target(shipped.site, url, cover["src"]).read_bytes() == (md.parent / meta["cover"]).read_bytes()

    download = article.select_one(".cchc-bulletin-download a")
    pdf = target(shipped.site, url, download["href"])
    assert pdf.read_bytes() == (md.parent / meta["pdf"]).read_bytes()
    assert download.has_attr("download")
    assert download.get_text() == f"Tải bản tin số {number}/2022 (PDF, {file_size(pdf.stat().st_size)})"

    viewer = article.select_one("object.cchc-pdf")
    assert viewer["type"] == "application/pdf" and viewer["data"] == download["href"]
    assert viewer.find("a")["href"] == download["href"]  # where the browser cannot show it

    items = article.select(".cchc-bulletin-contents li")
    assert [li.get_text(" ", strip=True) for li in items] == [
        entry if isinstance(entry, str) else entry["title"] for entry in meta["contents"]]
    for li, entry in zip(items, meta["contents"]):
        link = li.find("a")
        assert (link is None) == isinstance(entry, str)
        if link:
            post_page = target(shipped.site, url, link["href"])
            assert post_page.is_file(), link["href"]


def test_the_size_shown_is_the_size_of_the_file_served(shipped):
    for md in SHIPPED:
        url = f"ban-tin/2022/so-{front(md)['number']}/"
        link = shipped.article(url).select_one(".cchc-bulletin-download a")
        size = target(shipped.site, url, link["href"]).stat().st_size
        shown = re.search(r"\(PDF, (\d+) KB\)$", link.get_text())
        assert shown, link.get_text()
        assert abs(int(shown.group(1)) * 1024 - size) <= 512


def test_bulletin_pages_load_nothing_from_other_hosts(shipped):
    urls = ["ban-tin/"] + [f"ban-tin/2022/so-{front(md)['number']}/" for md in SHIPPED]
    for url in urls:
        assert loads_from_elsewhere(shipped.page(url)) == [], url
    for cover in (shipped.site / "ban-tin/2022").glob("*.svg"):
        text = cover.read_text(encoding="utf-8")
        assert "href" not in text and "url(" not in text and "<script" not in text


def test_every_link_on_the_bulletin_pages_leads_to_a_built_file(shipped):
    urls = ["ban-tin/"] + [f"ban-tin/2022/so-{front(md)['number']}/" for md in SHIPPED]
    for url in urls:
        article = shipped.article(url)
        refs = [a["href"] for a in article.find_all("a", href=True)] + \
               [i["src"] for i in article.find_all("img")] + [o["data"] for o in article.find_all("object")]
        for ref in refs:
            assert target(shipped.site, url, ref).is_file(), (url, ref)


def test_the_archive_lists_every_issue_newest_first_grouped_by_year_with_covers(shipped):
    archive = shipped.article("ban-tin/")
    assert archive.h1.get_text() == "Bản tin"
    years = archive.select("section.cchc-bulletin-year")
    assert [s.h2.get_text() for s in years] == ["Năm 2022"] and years[0]["id"] == "nam-2022"
    cards = years[0].select(".cchc-bulletin-card")
    assert [c.select_one(".cchc-bulletin-link")["href"] for c in cards] == [f"2022/so-{n}/" for n in range(6, 0, -1)]
    for card in cards:
        number = card.select_one(".cchc-bulletin-number").get_text()
        cover = card.select_one("img")
        assert (shipped.site / "ban-tin" / cover["src"]).is_file()
        assert cover["alt"] == ""  # the link's text names the issue; the cover adds nothing to hear
        download = card.select("a")[-1]
        size = file_size((shipped.site / "ban-tin" / download["href"]).stat().st_size)
        assert download.get_text() == f"PDF, {size}"
        # The visible text outside brackets: axe (WCAG 2.5.3) ignores a bracketed part of the name.
        assert download["aria-label"] == f"Tải {number[0].lower()}{number[1:]}, PDF, {size}"


def test_posts_in_an_issue_link_back_to_it(shipped):
    for md in SHIPPED:
        meta = front(md)
        url = f"ban-tin/2022/so-{meta['number']}/"
        for link in shipped.article(url).select(".cchc-bulletin-contents a"):
            post_url = posixpath.normpath(posixpath.join(url, link["href"])) + "/"
            back = shipped.article(post_url).select_one(".cchc-post-bulletins")
            assert back.get_text() == f"Đăng trong Bản tin số {meta['number']}/2022"
            assert posixpath.normpath(posixpath.join(post_url, back.a["href"])) + "/" == url


def test_shipped_issues_list_only_posts_published_before_them(shipped):
    for md in SHIPPED:
        meta = front(md)
        issue_day = parse_when(meta["date"])
        for entry in meta["contents"]:
            if isinstance(entry, dict) and entry["post"].endswith(".md"):
                assert parse_when(front(PROJECT / entry["post"])["date"]) < issue_day, (md.name, entry)


def test_home_and_navigation_lead_to_the_archive(shipped):
    home = shipped.page("")
    assert home.select_one("article").find("a", href="ban-tin/") is not None
    tabs = {a.get_text(strip=True): a["href"] for a in home.select(".md-tabs a")}
    assert tabs["Bản tin"] == "ban-tin/"


# -- small sites -------------------------------------------------------------------------------

def test_an_issue_page_in_a_small_site(make_site):
    root = make_site({
        f"{NEWS}/a.md": post(title="Hội nghị cải cách hành chính", date="2022-02-10"),
        f"{NEWS}/b.md": post(title="Tin không có trong bản tin", date="2022-02-11"),
        f"{NEWS}/c.md": post(title="Tin thứ ba", date="2022-02-12"),
        f"{BUL}/01.md": bulletin(contents=f"\n  - post: {NEWS}/a.md\n  - title: Tin theo địa chỉ\n"
                                          "    post: /tin-tuc/2022/tin-thu-ba/\n"
                                          "  - 'Hỏi đáp: thủ tục hành chính'",
                                 body="Số này có **ba** bài."),
        f"{BUL}/so-1.pdf": fake_pdf(int(1.2 * 1024 * 1024)),
    })
    built = run_build(root)
    assert built.returncode == 0, built.log
    article = built.article("ban-tin/2022/so-1/")
    assert article.h1.get_text() == "Bản tin thử nghiệm"
    assert article.select_one(".cchc-bulletin-header time").get_text() == "ngày 25/02/2022"
    assert article.select_one(".cchc-bulletin-cover") is None  # no cover given
    assert article.select_one(".cchc-bulletin-download a").get_text() == "Tải bản tin số 1/2022 (PDF, 1,2 MB)"
    assert article.find("strong", string="ba") is not None     # the editor's introduction, as Markdown
    items = [(li.get_text(strip=True), li.a["href"] if li.a else None)
             for li in article.select(".cchc-bulletin-contents li")]
    assert items == [
        ("Hội nghị cải cách hành chính", "../../../tin-tuc/2022/hoi-nghi-cai-cach-hanh-chinh/"),  # the post's title
        ("Tin theo địa chỉ", "../../../tin-tuc/2022/tin-thu-ba/"),
        ("Hỏi đáp: thủ tục hành chính", None)]
    assert built.article("tin-tuc/2022/tin-khong-co-trong-ban-tin/").select_one(".cchc-post-bulletins") is None


def test_a_post_in_two_issues_links_to_both_oldest_first(make_site):
    link = f"\n  - post: {NEWS}/a.md"
    root = make_site({
        f"{NEWS}/a.md": post(title="Tin hai lần", date="2022-02-10"),
        f"{BUL}/02.md": bulletin(number=2, date="2022-04-28", pdf="so-2.pdf", contents=link),
        f"{BUL}/01.md": bulletin(contents=link),
        f"{BUL}/so-1.pdf": fake_pdf(34 * 1024),
        f"{BUL}/so-2.pdf": fake_pdf(900),
    })
    built = run_build(root)
    assert built.returncode == 0, built.log
    back = built.article("tin-tuc/2022/tin-hai-lan/").select_one(".cchc-post-bulletins")
    assert back.get_text() == "Đăng trong Bản tin số 1/2022, Bản tin số 2/2022"
    assert [a["href"] for a in back.find_all("a")] == ["../../../ban-tin/2022/so-1/", "../../../ban-tin/2022/so-2/"]
    sizes = [a.get_text() for a in built.article("ban-tin/").select(".cchc-post-meta a")]
    assert sizes == ["PDF, 1 KB", "PDF, 34 KB"]  # newest first


def test_the_archive_groups_years_newest_first(make_site):
    root = make_site({
        "content/plans/2023.yml": plan_of(2023),
        f"{BUL}/01.md": bulletin(cover="bia.png"),
        f"{BUL}/02.md": bulletin(number=2, date="2022-06-30 09:00", pdf="so-2.pdf"),
        f"{BUL}/bia.png": b"\x89PNG\r\n\x1a\n",
        f"{BUL}/so-1.pdf": fake_pdf(2000),
        f"{BUL}/so-2.pdf": fake_pdf(2000),
        "content/bulletins/2023/01.md": bulletin(date="2023-03-01"),
        "content/bulletins/2023/so-1.pdf": fake_pdf(2000),
    })
    built = run_build(root, epoch=EPOCH_2024)
    assert built.returncode == 0, built.log
    archive = built.article("ban-tin/")
    groups = [(s.h2.get_text(), [a["href"] for a in s.select(".cchc-bulletin-link")])
              for s in archive.select("section.cchc-bulletin-year")]
    assert groups == [("Năm 2023", ["2023/so-1/"]), ("Năm 2022", ["2022/so-2/", "2022/so-1/"])]
    cards = archive.select(".cchc-bulletin-card")
    assert cards[2].img["src"] == "2022/bia.png" and (built.site / "ban-tin/2022/bia.png").is_file()
    assert cards[0].img is None and cards[0].select_one(".cchc-bulletin-nocover").get_text() == "Số 1"
    # The same number in another year is another issue.
    assert built.article("ban-tin/2023/so-1/").h1 is not None


def test_a_site_without_bulletins_still_has_the_archive_page(make_site):
    built = run_build(make_site({f"{NEWS}/a.md": post()}))
    assert built.returncode == 0, built.log
    archive = built.article("ban-tin/")
    assert archive.h1.get_text() == "Bản tin" and "Chưa có bản tin." in archive.get_text()


def test_scheduled_issues_and_unused_files_are_held_back_and_logged(make_site):
    root = make_site({
        f"{BUL}/01.md": bulletin(),
        f"{BUL}/02.md": bulletin(number=2, date="2022-12-28", pdf="so-2.pdf"),
        f"{BUL}/so-1.pdf": fake_pdf(2000),
        f"{BUL}/so-2.pdf": fake_pdf(2000),
        f"{BUL}/ban-cu.pdf": fake_pdf(2000),
    })
    epoch = str(int(datetime(2022, 12, 1, tzinfo=VIETNAM).timestamp()))
    built = run_build(root, epoch=epoch)
    assert built.returncode == 0, built.log
    assert f"{BUL}/02.md: hẹn đăng lúc 00:00 ngày 28/12/2022, sau thời điểm dựng trang (00:00 ngày " \
           "01/12/2022); chưa đăng, sẽ tự đăng khi đến giờ" in built.log_lines("INFO")
    assert f"{BUL}/ban-cu.pdf: không bản tin nào dùng tệp này; chưa đăng" in built.log_lines("INFO")
    assert sorted(p.name for p in (built.site / "ban-tin/2022").iterdir()) == ["so-1", "so-1.pdf"]
    assert [a["href"] for a in built.article("ban-tin/").select(".cchc-bulletin-link")] == ["2022/so-1/"]


def test_an_editor_cannot_embed_but_the_issue_page_shows_its_own_pdf(make_site):
    body = ('<object data="https://example.org/x.pdf"></object>\n<iframe src="https://example.org/"></iframe>'
            '\n<script>alert(1)</script>\n\nĐoạn giới thiệu.')
    root = make_site({f"{BUL}/01.md": bulletin(body=body), f"{BUL}/so-1.pdf": fake_pdf(2000)})
    built = run_build(root)
    assert built.returncode == 0, built.log
    page = built.page("ban-tin/2022/so-1/")
    assert [o["data"] for o in page.find_all("object")] == ["../so-1.pdf"]
    assert page.find("iframe") is None and "alert(1)" not in str(page.select_one("article"))
    assert loads_from_elsewhere(page) == []


def test_invalid_bulletins_fail_the_build_with_one_line_each(make_site):
    root = make_site({
        f"{NEWS}/a.md": post(title="Tin có thật"),
        f"{BUL}/01.md": bulletin(),
        f"{BUL}/02.md": bulletin(number=2, date="2022-02-30", topics="[II.2.9]", pdf="so-1.pdf",
                                 contents=f"\n  - post: {NEWS}/b.md\n  - post: /tin-tuc/2022/tin-co-that/",
                                 tittle="Số 2"),
        f"{BUL}/03.md": bulletin(date="2022-08-26", pdf="so-1.pdf"),
        f"{BUL}/04.md": bulletin(number=4, pdf="khong-co.pdf"),
        f"{BUL}/so-1.pdf": fake_pdf(2000),
        f"{BUL}/ghi-chu.txt": "ghi chú",
        "content/bulletins/lac-cho.md": bulletin(),
    })
    for strict in (True, False):
        built = run_build(root, strict=strict)
        assert built.returncode == 1
        assert "Traceback" not in built.log
        assert built.log_lines("ERROR") == [
            "content/bulletins/2022/02.md:3: Ngày phát hành (date): đang ghi '2022-02-30' (không có ngày, giờ "
            "này); ghi ngày dạng 2022-03-03, hoặc ngày và giờ dạng 2022-03-03 08:30",
            "content/bulletins/2022/02.md:6: Chủ đề của kế hoạch (topics): không có chủ đề 'II.2.9' trong kế "
            "hoạch 2022 (có phải là 'II.2.6'?); ghi mã chủ đề của kế hoạch: II.1, II.2, II.2.1, II.2.1.a, "
            "II.2.1.b, II.2.2, II.2.3, II.2.4, II.2.5, II.2.6, II.3, II.3.1, II.3.2, II.3.3, II.3.4, II.3.5, "
            "II.3.6, II.3.7, II.3.8, II.5",
            "content/bulletins/2022/02.md:8: Tệp bài viết trên trang (contents[1].post): không có bài viết nào ở "
            "content/news/2022/b.md; sửa lại đường dẫn tệp bài",
            "content/bulletins/2022/02.md:10: tittle: không có trường 'tittle' (có phải là 'title'?); chỉ dùng các "
            "trường: number, date, title, pdf, cover, topics, contents, draft",
            "content/bulletins/2022/03.md:2: Số bản tin (number): số 1 năm 2022 đã dùng cho "
            "content/bulletins/2022/01.md; mỗi số bản tin trong năm cần một số riêng",
            "content/bulletins/2022/04.md:5: Tệp PDF (pdf): không tìm thấy tệp content/bulletins/2022/khong-co.pdf; "
            "đặt tệp vào content/bulletins/2022/ cùng bản tin, hoặc sửa tên tệp",
            "content/bulletins/2022/ghi-chu.txt:1: Tệp: không phải bản tin (.md), tệp PDF hay ảnh bìa của bản tin "
            "(.pdf, .jpg, .jpeg, .png, .webp, .svg); đổi tên hoặc xoá tệp",
            "content/bulletins/lac-cho.md:1: Tệp: bản tin phải nằm ở content/bulletins/<năm>/<tên>.md, như "
            "content/bulletins/2022/01.md; chuyển tệp vào thư mục năm của nó",
            "Nội dung có 8 lỗi; chưa dựng trang nào. Sửa từng dòng ở trên rồi dựng lại.",
        ]
        assert not (built.site / "ban-tin").exists()
