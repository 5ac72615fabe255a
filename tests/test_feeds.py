"""Feeds as the department portal reads them: valid, absolute, stable, in Vietnam time."""

import email.utils
import re
from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest

from conftest import post, run_build, site_config

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

SITE = "https://skhcn.quangngai.gov.vn/cchc/"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC822_VN = re.compile(r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0700$")


def parse(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def rss_rules(path, self_url):
    """The RSS 2.0 rules the W3C validator enforces that a generator can get wrong."""
    channel = ElementTree.parse(path).getroot().find("channel")
    for tag in ("title", "link", "description", "language", "lastBuildDate"):
        assert channel.findtext(tag), tag
    assert channel.findtext("language") == "vi"
    assert channel.find(f"{ATOM}link[@rel='self']").get("href") == self_url
    assert channel.find(f"{ATOM}link[@rel='self']").get("type") == "application/rss+xml"
    items = channel.findall("item")
    dates = [channel.findtext("lastBuildDate")] + [i.findtext("pubDate") for i in items]
    assert all(RFC822_VN.match(d) for d in dates), dates
    guids = [i.findtext("guid") for i in items]
    assert len(set(guids)) == len(guids)
    for item in items:
        assert item.findtext("title") and item.findtext("link").startswith(SITE)
        assert item.find("guid").get("isPermaLink") == "true" and item.findtext("guid") == item.findtext("link")
        enclosure = item.find("enclosure")
        if enclosure is not None:
            assert enclosure.get("url").startswith(SITE) and int(enclosure.get("length")) > 0 and enclosure.get("type")
    if items:  # the channel's date is its newest item's, never the clock
        assert channel.findtext("lastBuildDate") == max(
            (i.findtext("pubDate") for i in items), key=email.utils.parsedate_to_datetime)
    return items


@pytest.fixture(scope="module")
def feeds(shipped):
    assert shipped.returncode == 0, shipped.log
    return shipped.site


def test_site_feed_rss_carries_the_latest_50_posts_and_bulletins_newest_first(feeds):
    items = rss_rules(feeds / "feed.xml", SITE + "feed.xml")
    feed = parse(feeds / "feed.xml")
    assert len(items) == len(feed.entries) == 50
    when = [email.utils.parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert when == sorted(when, reverse=True)
    assert all(d.utcoffset() == timedelta(hours=7) for d in when)
    links = [e.link for e in feed.entries]
    assert any("/ban-tin/2022/so-6/" in link for link in links)
    assert feed.feed.language == "vi" and feed.feed.link == SITE


def test_atom_feed_has_the_same_entries_with_required_elements(feeds):
    root = ElementTree.parse(feeds / "atom.xml").getroot()
    for tag in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert root.findtext(ATOM + tag), tag
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == SITE + "atom.xml"
    entries = root.findall(ATOM + "entry")
    rss = parse(feeds / "feed.xml")
    assert [e.findtext(ATOM + "id") for e in entries] == [e.id for e in rss.entries]
    for entry in entries:
        alternates = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert len(alternates) == 1 and alternates[0].get("href") == entry.findtext(ATOM + "id")
        assert entry.findtext(ATOM + "updated").endswith("+07:00")
    assert root.findtext(ATOM + "updated") == max(e.findtext(ATOM + "updated") for e in entries)
    assert not parse(feeds / "atom.xml").bozo


def test_bulletin_feed_has_each_pdf_as_an_enclosure_with_its_exact_length(feeds):
    items = rss_rules(feeds / "ban-tin/feed.xml", SITE + "ban-tin/feed.xml")
    assert len(items) == 6
    for item in items:
        enclosure = item.find("enclosure")
        assert enclosure.get("type") == "application/pdf"
        local = feeds / enclosure.get("url").removeprefix(SITE)
        assert int(enclosure.get("length")) == local.stat().st_size
    atom_links = [link for e in ElementTree.parse(feeds / "atom.xml").getroot().findall(ATOM + "entry")
                  for link in e.findall(f"{ATOM}link[@rel='enclosure']")]
    assert len(atom_links) == 6 and all(int(link.get("length")) > 0 for link in atom_links)


def test_procedure_feed_lists_every_announced_change_by_decision_date(feeds):
    items = rss_rules(feeds / "thu-tuc-hanh-chinh/feed.xml", SITE + "thu-tuc-hanh-chinh/feed.xml")
    titles = [i.findtext("title") for i in items]
    assert any(t.startswith("Bãi bỏ: ") for t in titles)
    assert any(t.startswith("Thay thế: ") for t in titles)
    assert any(t.startswith("Công bố mới: ") for t in titles)
    # The shipped records are sample data: each item says so, in its title and its summary.
    assert all(t.endswith("(Dữ liệu minh họa)") for t in titles)
    assert all(i.findtext("description").startswith("Dữ liệu minh họa (") for i in items)
    for item in items:  # each change links to its decision on the procedure's page
        page, anchor = item.findtext("link").removeprefix(SITE).split("#")
        html = (feeds / page / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html


def test_each_topic_has_a_feed_with_exactly_its_items(feeds):
    topic_feed = parse(feeds / "chu-de/iso-9001/feed.xml")
    assert topic_feed.entries
    for entry in topic_feed.entries:
        assert "Hệ thống quản lý chất lượng ISO 9001:2015" in [t.term for t in entry.tags]
    rss_rules(feeds / "chu-de/iso-9001/feed.xml", SITE + "chu-de/iso-9001/feed.xml")
    page = (feeds / "chu-de/iso-9001/index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<link rel="alternate(?: feed)?" type="application/rss\+xml"[^>]*href="([^"]+)"', page)
    resolved = {(feeds / "chu-de/iso-9001" / h).resolve() for h in hrefs}
    assert resolved == {(feeds / "feed.xml").resolve(), (feeds / "chu-de/iso-9001/feed.xml").resolve()}


def test_every_page_links_the_feeds_that_exist(feeds):
    for path in feeds.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for href in re.findall(r'<link rel="alternate(?: feed)?" type="application/rss\+xml"[^>]*href="([^"]+)"', html):
            href = href.replace(SITE, "/cchc/")  # the embed pages link with absolute URLs
            assert "//" not in href, (path, href)
            target = feeds / href.removeprefix("/cchc/") if href.startswith("/") else (path.parent / href).resolve()
            assert target.exists(), (path, href)


def test_feeds_are_identical_across_builds_and_ids_survive_an_edit(make_site):
    files = {"content/news/2022/a.md": post(title="Tin A", date="2022-03-03"),
             "content/news/2022/b.md": post(title="Tin B", date="2022-05-18 08:30", body="Bản đầu.")}
    root = make_site(files)
    first = run_build(root)
    rss, atom = (first.site / "feed.xml").read_bytes(), (first.site / "atom.xml").read_bytes()
    second = run_build(root)
    assert (second.site / "feed.xml").read_bytes() == rss and (second.site / "atom.xml").read_bytes() == atom
    (root / "content/news/2022/b.md").write_text(
        post(title="Tin B", date="2022-05-18 08:30", summary="Tóm tắt đã sửa.", body="Bản sửa."), encoding="utf-8")
    edited = parse(run_build(root).site / "feed.xml")
    assert [e.id for e in edited.entries] == [e.id for e in feedparser.parse(rss).entries]
    assert edited.entries[0].summary == "Tóm tắt đã sửa."


def test_dates_are_vietnam_time_and_a_date_only_post_is_that_day_in_vietnam(make_site):
    built = run_build(make_site({"content/news/2022/a.md": post(title="Tin A", date="2022-03-03"),
                                 "content/news/2022/b.md": post(title="Tin B", date="2022-03-04T01:30:00Z")}))
    items = rss_rules(built.site / "feed.xml", SITE + "feed.xml")
    assert [i.findtext("pubDate") for i in items] == [
        "Fri, 04 Mar 2022 08:30:00 +0700", "Thu, 03 Mar 2022 00:00:00 +0700"]


def test_titles_and_categories_are_escaped(make_site, tmp_path):
    from conftest import PROJECT
    plan = (PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8").replace(
        # A topic's name is plain text, no tag (test_hostile_values); '<' before a digit is text.
        "name: Hệ thống quản lý chất lượng ISO 9001:2015", 'name: "KH&CN <9001> ISO"')
    built = run_build(make_site({
        "content/plans/2022.yml": plan,
        "content/news/2022/a.md": post(title='"Sở KH&CN: tiêu chuẩn > quy chuẩn"', topics="[II.5]",
                                       summary='"A & B, \\"trích dẫn\\""'),
    }, plan=False))
    assert built.returncode == 0, built.log
    for name in ("feed.xml", "atom.xml", "chu-de/iso-9001/feed.xml"):
        feed = parse(built.site / name)
        assert feed.entries[0].title == "Sở KH&CN: tiêu chuẩn > quy chuẩn"
        assert [t.term for t in feed.entries[0].tags] == ["KH&CN <9001> ISO"]
    assert "<category>KH&amp;CN &lt;9001&gt; ISO</category>" in (built.site / "feed.xml").read_text(encoding="utf-8")


def test_a_post_image_becomes_an_enclosure_with_its_length_and_type(make_site):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 120
    built = run_build(make_site({"content/news/2022/anh/hoi-nghi.png": png,
                                 "content/news/2022/a.md": post(title="Tin có ảnh", image="anh/hoi-nghi.png",
                                                                image_alt="Hội nghị")}))
    enclosure = parse(built.site / "feed.xml").entries[0].enclosures[0]
    assert enclosure == {"href": SITE + "tin-tuc/2022/anh/hoi-nghi.png", "length": str(len(png)), "type": "image/png"}
    assert (built.site / "tin-tuc/2022/anh/hoi-nghi.png").read_bytes() == png


def test_the_build_fails_clearly_without_site_url(make_site):
    root = make_site({"content/news/2022/a.md": post()})
    (root / "mkdocs.yml").write_text(site_config(root, config={"site_url": None}), encoding="utf-8")
    built = run_build(root)
    assert built.returncode == 1 and "Traceback" not in built.log
    assert built.log_lines("ERROR")[0].endswith(
        ": site_url: cần địa chỉ tuyệt đối của trang, như https://example.gov.vn/cchc/; đang ghi 'không có gì'; "
        "nguồn tin (RSS, Atom) cần liên kết tuyệt đối")


def test_the_embed_page_is_small_plain_and_opens_links_in_the_top_window(feeds):
    from bs4 import BeautifulSoup
    raw = (feeds / "nhung/index.html").read_bytes()
    assert len(raw) < 20 * 1024
    page = BeautifulSoup(raw, "html.parser")
    assert page.html["lang"] == "vi" and page.title.get_text()
    assert page.find("base")["target"] == "_top"
    assert page.find("script") is None and page.find("link", rel="stylesheet") is None
    links = page.select("main li a")
    assert len(links) == 10 and all(a["href"].startswith(SITE) for a in links)
    assert [li.time.get_text() for li in page.select("main li")][0] == "28/12/2022"
    topic = BeautifulSoup((feeds / "nhung/iso-9001/index.html").read_bytes(), "html.parser")
    assert topic.h1.get_text() == "Hệ thống quản lý chất lượng ISO 9001:2015"
