"""What a citizen meets on the lists and what a shared link shows (issue 32): archives and topic
pages in pages with addresses no post can take, topics by name, a Vietnamese 404 page, Open Graph
cards and schema.org data that a title cannot break out of."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import PROJECT, post, run_build, site_config

NEWS = "content/news/2022"
SITE = re.search(r"^site_url:\s*(\S+)", (PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


@pytest.fixture(scope="module")
def busy(tmp_path_factory):
    """Seven posts of 2022 on one topic, three a page in the archives and topic lists."""
    root = tmp_path_factory.mktemp("busy")
    (root / "content/plans").mkdir(parents=True)
    shutil.copy(PROJECT / "content/plans/2022.yml", root / "content/plans/2022.yml")
    (root / NEWS).mkdir(parents=True)
    for n in range(1, 8):
        (root / NEWS / f"p{n}.md").write_text(post(title=f"Tin số {n}", date=f"2022-{n:02d}-10", topics="[II.5]"),
                                              encoding="utf-8")
    (root / "mkdocs.yml").write_text(site_config(root, archive_page_size=3), encoding="utf-8")
    built = run_build(root)
    assert built.returncode == 0, built.log
    return built


pytestmark = pytest.mark.site


def titles(built, url):
    return [h.get_text() for h in built.article(url).select(".cchc-post-title")]


def test_a_years_archive_is_cut_in_pages_under_trang(busy):
    assert titles(busy, "tin-tuc/2022/") == ["Tin số 7", "Tin số 6", "Tin số 5"]
    assert titles(busy, "tin-tuc/2022/trang/2/") == ["Tin số 4", "Tin số 3", "Tin số 2"]
    assert titles(busy, "tin-tuc/2022/trang/3/") == ["Tin số 1"]
    assert not (busy.site / "tin-tuc/2022/trang/4").exists()
    assert "7 bài viết." in busy.article("tin-tuc/2022/trang/2/").get_text()


def test_each_page_links_its_neighbours_in_the_body_and_in_the_head(busy):
    page = busy.page("tin-tuc/2022/trang/2/")
    nav = page.select_one("article .cchc-pagination")
    assert nav.select_one("a[rel=prev]")["href"] == "../../"
    assert nav.select_one("a[rel=next]")["href"] == "../3/"
    assert page.select_one("link[rel=prev]")["href"] == "../../"
    assert page.select_one("link[rel=next]")["href"] == "../3/"
    assert nav.select_one("[aria-current=page]").get_text() == "Trang 2/3"
    first = busy.page("tin-tuc/2022/")
    assert first.select_one("link[rel=prev]") is None and first.select_one("link[rel=next]")["href"] == "trang/2/"


def test_a_topics_list_is_cut_in_pages_with_its_years_heading_again(busy):
    first = busy.article("chu-de/iso-9001/")
    assert first.h1.get_text() == "Hệ thống quản lý chất lượng ISO 9001:2015"
    assert titles(busy, "chu-de/iso-9001/") == ["Tin số 7", "Tin số 6", "Tin số 5"]
    second = busy.article("chu-de/iso-9001/trang/2/")
    assert second.h1.get_text() == "Hệ thống quản lý chất lượng ISO 9001:2015 - trang 2"
    assert [h.get_text() for h in second.select("h2")] == ["Năm 2022"]
    assert titles(busy, "chu-de/iso-9001/trang/3/") == ["Tin số 1"]


def test_later_pages_are_not_indexed_for_search_and_keep_the_topics_feed(busy):
    assert busy.page("tin-tuc/2022/").select_one("[data-pagefind-body]") is not None
    for url in ("tin-tuc/2022/trang/2/", "chu-de/iso-9001/trang/2/"):
        assert busy.page(url).select_one("[data-pagefind-body]") is None, url
    feeds = [link["href"] for link in busy.page("chu-de/iso-9001/trang/2/").select("link[type='application/rss+xml']")]
    assert feeds == ["../../../../feed.xml", "../../feed.xml"]


def test_a_post_cannot_take_the_address_of_an_archives_pages(make_site):
    built = run_build(make_site({f"{NEWS}/a.md": post(title="Trang"),
                                 f"{NEWS}/b.md": post(title="Tin khác", slug="trang")}))
    assert built.returncode == 1
    errors = built.log_lines("ERROR")
    reserved = ("địa chỉ tin-tuc/<năm>/trang/ dành cho các trang của danh sách tin; đang ghi 'trang'; "
                "ghi một slug khác, như 'slug: trang-tin-moi'")
    assert f"{NEWS}/a.md:6: Địa chỉ trang (slug): {reserved}" in errors
    assert f"{NEWS}/b.md:6: Địa chỉ trang (slug): {reserved}" in errors


def test_citizens_see_topic_names_not_plan_ids(busy):
    chips = [a.get_text() for a in busy.article("tin-tuc/2022/tin-so-1/").select(".cchc-topics a")]
    assert chips == ["Hệ thống quản lý chất lượng ISO 9001:2015"]
    home = [a.get_text() for a in busy.article("").select(".cchc-topic-list a")]
    index = [a.get_text() for a in busy.article("chu-de/").select(".cchc-topic-list a")]
    plan_id = re.compile(r"\b(?:II|III|V)\.\d")
    for text in [*chips, *home, *index, busy.article("chu-de/iso-9001/").get_text()]:
        assert not plan_id.search(text), text
    assert "Hệ thống quản lý chất lượng ISO 9001:2015" in home


def test_the_404_page_speaks_vietnamese_and_leads_back(busy):
    page = busy.page("404.html")
    article = page.select_one("article")
    assert article.h1.get_text() == "Không tìm thấy trang"
    links = {a.get_text(): a["href"] for a in article.select("a")}
    assert links == {"Trang chủ": "/cchc/", "Thủ tục hành chính": "/cchc/thu-tuc-hanh-chinh/",
                     "Tin tức": "/cchc/tin-tuc/", "Bản tin": "/cchc/ban-tin/"}
    assert "Tìm kiếm" in article.get_text()
    assert "Not found" not in page.get_text() and "404 -" not in page.get_text()


def _json_ld(page) -> list[dict]:
    return [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]


def test_a_post_is_a_news_article_with_its_breadcrumbs_and_a_sharing_card(make_site):
    title = 'Họp về "cải cách" & số liệu <5% và > 3'
    built = run_build(make_site({
        f"{NEWS}/a.md": post(title=json.dumps(title, ensure_ascii=False), slug="hop", summary="Tóm tắt & số liệu.",
                             image="anh.png", image_alt="Quang cảnh"),
        f"{NEWS}/anh.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
    }))
    assert built.returncode == 0, built.log
    html = (built.site / "tin-tuc/2022/hop/index.html").read_text(encoding="utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script  # written as \u003c, \u003e, \u0026
    [data] = _json_ld(built.page("tin-tuc/2022/hop/"))
    article, crumbs = data["@graph"]
    assert data["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle" and article["headline"] == title
    assert article["url"] == SITE + "tin-tuc/2022/hop/" and article["image"] == SITE + "tin-tuc/2022/anh.png"
    assert article["datePublished"] == "2022-03-03T00:00:00+07:00"
    assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
        (1, "Trang chủ", SITE), (2, "Tin tức", SITE + "tin-tuc/"), (3, "Năm 2022", SITE + "tin-tuc/2022/"),
        (4, title, SITE + "tin-tuc/2022/hop/")]
    page = built.page("tin-tuc/2022/hop/")
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.select("meta[content]")}
    assert meta["og:type"] == "article" and meta["og:title"] == title
    assert meta["og:description"] == meta["twitter:description"] == "Tóm tắt & số liệu."
    assert meta["og:image"] == SITE + "tin-tuc/2022/anh.png" and meta["og:image:alt"] == "Quang cảnh"
    assert meta["twitter:card"] == "summary_large_image" and meta["og:url"] == SITE + "tin-tuc/2022/hop/"
    assert meta["og:locale"] == "vi_VN"


def test_the_sitemap_dates_each_page_by_its_content_not_by_the_build(busy):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(busy.site / "sitemap.xml").getroot()
    lastmod = {u.findtext("s:loc", namespaces=ns).removeprefix(SITE): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}
    assert lastmod["tin-tuc/2022/tin-so-3/"] == "2022-03-10"
    assert lastmod["tin-tuc/2022/"] == lastmod["tin-tuc/2022/trang/3/"] == lastmod[""] == "2022-07-10"
    assert lastmod["chu-de/iso-9001/trang/2/"] == "2022-07-10"
