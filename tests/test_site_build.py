"""End to end: the shipped site and small sites built with `mkdocs build --strict`."""

import re
import unicodedata

import pytest

from conftest import PROJECT, post, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

NEWS = "content/news/2022"


def test_the_shipped_site_builds_strict(shipped):
    assert shipped.returncode == 0, shipped.log
    assert shipped.log_lines("WARNING") == [] and shipped.log_lines("ERROR") == []


def test_every_shipped_post_is_published_at_its_slug_url(shipped):
    sources = sorted((PROJECT / NEWS).glob("*.md"))
    assert len(sources) >= 12
    pages = sorted(p.parent.name for p in (shipped.site / "tin-tuc/2022").glob("*/index.html"))
    assert len(pages) == len(sources)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in pages)


def test_shipped_posts_cover_every_topic_of_section_ii(shipped):
    import yaml
    plan = yaml.safe_load((PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8"))
    ids = [t["id"] for t in plan["topics"]]
    leaves = [i for i in ids if not any(o.startswith(i + ".") for o in ids)]
    covered = set()
    for source in (PROJECT / NEWS).glob("*.md"):
        front = source.read_text(encoding="utf-8").split("---")[1]
        covered.update(yaml.safe_load(front)["topics"])
    assert set(leaves) <= covered, set(leaves) - covered


def test_a_post_page_shows_title_date_unit_summary_and_topic_links(make_site):
    root = make_site({f"{NEWS}/a.md": post(title="Đẩy mạnh cải cách hành chính", date="2022-03-03",
                                           topics="[II.1, II.2.3]", summary="Tóm tắt ngắn.",
                                           unit="Văn phòng Sở", body="## Chỉ đạo của lãnh đạo tỉnh\n\nNội dung.")})
    built = run_build(root)
    assert built.returncode == 0, built.log
    page = built.page("tin-tuc/2022/day-manh-cai-cach-hanh-chinh/")
    article = page.select_one("article")
    assert article.h1.get_text() == "Đẩy mạnh cải cách hành chính"
    assert page.title.get_text().startswith("Đẩy mạnh cải cách hành chính - ")
    time = article.select_one("time")
    assert time.get_text() == "ngày 03/3/2022" and time["datetime"] == "2022-03-03T00:00:00+07:00"
    assert "Văn phòng Sở" in article.select_one(".cchc-post-meta").get_text()
    assert article.select_one(".cchc-summary").get_text() == "Tóm tắt ngắn."
    links = {a.get_text(): a["href"] for a in article.select(".cchc-topics a")}
    assert links == {"Văn bản chỉ đạo về CCHC": "../../../chu-de/van-ban-chi-dao-cchc/",
                     "Cải cách thủ tục hành chính": "../../../chu-de/cai-cach-thu-tuc-hanh-chinh/"}
    # Heading anchors keep đ as d.
    assert article.find("h2")["id"] == "chi-dao-cua-lanh-dao-tinh"
    assert page.find("meta", attrs={"name": "description"})["content"] == "Tóm tắt ngắn."


def test_news_index_is_newest_first_and_paginated(make_site):
    files = {f"{NEWS}/p{n:02d}.md": post(title=f"Tin số {n}", date=f"2022-{n:02d}-10") for n in range(1, 6)}
    built = run_build(make_site(files, page_size=2))
    assert built.returncode == 0, built.log
    titles = lambda url: [h.get_text() for h in built.article(url).select(".cchc-post-title")]
    assert titles("tin-tuc/") == ["Tin số 5", "Tin số 4"]
    assert titles("tin-tuc/trang/2/") == ["Tin số 3", "Tin số 2"]
    assert titles("tin-tuc/trang/3/") == ["Tin số 1"]
    nav = built.article("tin-tuc/trang/2/").select_one(".cchc-pagination")
    assert nav.select_one("a[rel=prev]")["href"] == "../../"
    assert nav.select_one("a[rel=next]")["href"] == "../3/"
    assert not (built.site / "tin-tuc/trang/4").exists()
    assert titles("tin-tuc/2022/") == [f"Tin số {n}" for n in range(5, 0, -1)]


def test_topic_page_lists_its_posts_with_the_full_title(make_site):
    built = run_build(make_site({
        f"{NEWS}/a.md": post(title="Tin về thể chế", topics="[II.2.2]"),
        f"{NEWS}/b.md": post(title="Tin khác", topics="[II.5]"),
    }))
    article = built.article("chu-de/cai-cach-the-che/")
    assert article.h1.get_text() == "Cải cách thể chế"
    assert "Công tác cải cách thể chế: xây dựng, ban hành" in article.select_one(".cchc-topic-title").get_text()
    assert [a.get_text() for a in article.select(".cchc-post-title a")] == ["Tin về thể chế"]
    assert article.select_one(".cchc-post-title a")["href"] == "../../tin-tuc/2022/tin-ve-the-che/"


def test_home_page_shows_latest_posts_and_the_topics(make_site):
    files = {f"{NEWS}/p{n}.md": post(title=f"Tin {n}", date=f"2022-0{n}-01") for n in range(1, 9)}
    built = run_build(make_site(files, home_latest=3))
    home = built.article("")
    assert [a.get_text() for a in home.select(".cchc-post-title a")] == ["Tin 8", "Tin 7", "Tin 6"]
    topics = [a.get_text() for a in home.select(".cchc-topic-list a")]
    assert "Hệ thống quản lý chất lượng ISO 9001:2015" in topics and len(topics) == 20


def test_drafts_and_future_posts_are_held_back_and_logged(make_site):
    built = run_build(make_site({
        f"{NEWS}/draft.md": post(title="Bản nháp", draft="true"),
        f"{NEWS}/later.md": post(title="Tin hẹn giờ", date="2022-12-31 09:00"),
        f"{NEWS}/now.md": post(title="Tin đã đăng"),
    }), epoch="1672448400")  # 2022-12-31 08:00 +07:00
    assert built.returncode == 0, built.log
    assert not (built.site / "tin-tuc/2022/ban-nhap").exists()
    assert not (built.site / "tin-tuc/2022/tin-hen-gio").exists()
    assert (built.site / "tin-tuc/2022/tin-da-dang/index.html").exists()
    info = built.log_lines("INFO")
    assert f"{NEWS}/draft.md: bản nháp, chưa đăng (bỏ dòng 'draft: true' khi muốn đăng)" in info
    assert (f"{NEWS}/later.md: hẹn đăng lúc 09:00 ngày 31/12/2022, sau thời điểm dựng trang (08:00 ngày "
            "31/12/2022); chưa đăng, sẽ tự đăng khi đến giờ") in info
    assert "Tin hẹn giờ" not in (built.site / "tin-tuc/index.html").read_text(encoding="utf-8")


def test_the_same_sources_build_byte_identical_pages(make_site, tmp_path):
    root = make_site({f"{NEWS}/a.md": post()})
    first = run_build(root)
    html = (first.site / "tin-tuc/index.html").read_bytes()
    second = run_build(root)
    assert (second.site / "tin-tuc/index.html").read_bytes() == html


def test_bom_crlf_and_nfd_files_are_published_as_nfc(make_site):
    title = unicodedata.normalize("NFD", "Quảng Ngãi đẩy mạnh số hóa")
    text = "\ufeff" + post(title=title, body="Thủ tục hành chính").replace("\n", "\r\n")
    text = unicodedata.normalize("NFD", text)
    built = run_build(make_site({f"{NEWS}/nfd.md": text.encode("utf-8")}))
    assert built.returncode == 0, built.log
    html = (built.site / "tin-tuc/2022/quang-ngai-day-manh-so-hoa/index.html").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", html)
    assert "Quảng Ngãi đẩy mạnh số hóa" in html and "Thủ tục hành chính" in html
    assert "\ufeff" not in html and "\r" not in html


def test_raw_html_is_sanitised(make_site):
    body = ('<script>alert(1)</script>\n\n<p onclick="steal()">Đoạn</p>\n\n'
            '[liên kết](javascript:alert(2))\n\n<img src="x.png" onerror="alert(3)" alt="ảnh">\n\n'
            '<a href="JaVaScRiPt:alert(4)">b</a> <iframe src="https://example.com"></iframe>\n\n'
            '<b style="color:red">đậm</b>')
    built = run_build(make_site({f"{NEWS}/x.md": post(title="Tin có mã độc", body=body)}))
    assert built.returncode == 0, built.log
    article = built.article("tin-tuc/2022/tin-co-ma-doc/")
    assert article.find("script") is None and article.find("iframe") is None
    for tag in article.find_all(True):
        assert not any(name.lower().startswith("on") or name == "style" for name in tag.attrs), tag
        for name in ("href", "src"):
            assert not tag.get(name, "").lower().startswith("javascript:"), tag
    assert "Đoạn" in article.get_text() and article.find("b").get_text() == "đậm"
    for path in built.site.rglob("*.html"):
        assert "alert(" not in path.read_text(encoding="utf-8"), path


def test_every_page_links_the_site_feed_and_loads_nothing_external(shipped):
    # The editors' interface (quan-tri/, issue 22) is not a page of the public site: no feed link.
    pages = [p for p in shipped.site.rglob("*.html") if p.relative_to(shipped.site).parts[0] != "quan-tri"]
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert re.search(r'<link rel="alternate(?: feed)?" type="application/rss\+xml"[^>]*href="[^"]*feed\.xml"', html), path
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path
        for match in re.finditer(r'<(?:script|link|img|iframe)\b[^>]*(?:src|href)="(https?:)?//', html):
            assert 'rel="alternate' in match.group(0) or 'rel="canonical"' in match.group(0), (path, match.group(0))


def test_theme_has_vietnamese_language_logo_footer_contacts_and_print_css(shipped):
    page = shipped.page("")
    assert page.html["lang"] == "vi"
    assert page.select_one(".md-header__button.md-logo img")["src"].endswith("assets/logo.svg")
    footer = page.select_one(".md-copyright").get_text(" ", strip=True)
    assert "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi" in footer and "Giờ làm việc" in footer and "Liên hệ" in footer
    css = (shipped.site / "assets/cchc.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".md-sidebar" in css.split("@media print")[1]


def test_a_parent_topic_page_and_feed_list_the_posts_of_its_points(make_site):
    built = run_build(make_site({
        f"{NEWS}/a.md": post(title="Tin kỷ luật", topics="[II.2.1.a]"),
        f"{NEWS}/b.md": post(title="Tin thể chế", topics="[II.2.2, II.2]", date="2022-04-01"),
        f"{NEWS}/c.md": post(title="Tin ISO", topics="[II.5]"),
    }))
    titles = lambda url: [a.get_text() for a in built.article(url).select(".cchc-post-title a")]
    assert titles("chu-de/noi-dung-cong-tac-cchc/") == ["Tin thể chế", "Tin kỷ luật"]
    assert titles("chu-de/chi-dao-dieu-hanh/") == ["Tin kỷ luật"]
    assert titles("chu-de/ky-luat-ky-cuong-chi-dao-dieu-hanh/") == ["Tin kỷ luật"]
    feed = (built.site / "chu-de/noi-dung-cong-tac-cchc/feed.xml").read_text(encoding="utf-8")
    assert feed.count("<item>") == 2
