"""Unit tests of core functions that the site tests only reached through whole builds.

Links between pages (site.pages.relative), the plan loader, one feed's XML (syndication.feeds
.render), the report's JSON and chart,
and a second build in the same process, which must start from nothing.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from cchc.config import Options, ReportDetails
from cchc.content.plan import load_plan, load_plans
from cchc.dates import VIETNAM
from cchc.plan.coverage import Item, coverage_report
from cchc.plan.report import chart_svg, coverage_json
from cchc.problems import ContentError
from cchc.content.load import load_site
from cchc.site.pages import TOPIC_URL, relative
from cchc.syndication.channels import feeds
from cchc.syndication.feeds import FEED_LIMIT, Enclosure, Feed, FeedItem, newest_first, render
from conftest import PROJECT, post


PLAN_2022 = PROJECT / "content/plans/2022.yml"
SITE_URL = "https://skhcn.quangngai.gov.vn/cchc/"


# pages.relative: every link in a generated page goes from its URL to another site-relative URL.

@pytest.mark.parametrize("target, current, expected", [
    ("tin-tuc/2022/a/", "tin-tuc/", "2022/a/"),                       # down
    ("tin-tuc/", "tin-tuc/2022/", "../"),                              # up
    ("", "tin-tuc/2022/a/", "../../../"),                              # the home page
    ("tin-tuc/", "tin-tuc/", "./"),                                    # the same page
    ("chu-de/x/#y", "tin-tuc/", "../chu-de/x/#y"),                     # an anchor is kept
    ("ban-tin/2022/so-1.pdf", "ban-tin/2022/so-1/", "../so-1.pdf"),   # a file keeps no slash
    ("feed.xml", "tin-tuc/2022/a/", "../../../feed.xml"),
    ("404.html", "", "404.html"),                                      # from the home page
])
def test_a_link_between_two_pages_climbs_to_their_common_folder_then_descends(target, current, expected):
    assert relative(target, current) == expected


# The plan loader.

def test_the_shipped_plan_loads_with_its_topics_forms_and_deadlines(tmp_path):
    plan, problems = load_plan(PROJECT, "content/plans/2022.yml")
    assert problems == []
    assert plan.year == 2022 and not plan.draft
    ids = [topic.id for topic in plan.topics]
    assert "II.1" in ids and "II.2.1.a" in ids and len(ids) == len(set(ids))
    assert plan.units_report.year == 2022 and plan.forms


def _plans_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "content/plans"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_plan_file_not_named_after_its_year_an_empty_one_and_bad_yaml_are_each_one_problem(tmp_path):
    root = _plans_folder(tmp_path, {"ke-hoach.yml": "title: x\n", "2023.yml": "", "2024.yml": "title: [\n"})
    plan, problems = load_plan(root, "content/plans/ke-hoach.yml")
    assert plan is None and [(p.line, p.field) for p in problems] == [(1, "file")]
    plan, problems = load_plan(root, "content/plans/2023.yml")
    assert plan is None and [p.message for p in problems] == ["tệp rỗng; ghi nội dung kế hoạch"]
    plan, problems = load_plan(root, "content/plans/2024.yml")
    assert plan is None and len(problems) == 1 and problems[0].message.startswith("không đọc được")
    plans, problems = load_plans(root)
    assert dict(plans) == {} and plans.broken == {2023, 2024}
    assert {p.path for p in problems} == {"content/plans/ke-hoach.yml", "content/plans/2023.yml",
                                          "content/plans/2024.yml"}


def test_two_plans_for_one_year_keep_the_first_and_name_it(tmp_path):
    text = PLAN_2022.read_text(encoding="utf-8")
    root = _plans_folder(tmp_path, {"2022.yml": text, "2022.yaml": text})
    plans, problems = load_plans(root)
    assert list(plans) == [2022] and plans[2022].path == "content/plans/2022.yaml"
    assert [(p.path, p.field) for p in problems] == [("content/plans/2022.yml", "file")]
    assert "content/plans/2022.yaml" in problems[0].message


# feeds.render.

ITEMS = (
    FeedItem("tin-tuc/2022/hoi-nghi/", "Hội nghị <CCHC> & tập huấn", "Tóm tắt có <script>alert(1)</script>",
             datetime(2022, 3, 3, 8, 30, tzinfo=VIETNAM), ("II.1",)),
    FeedItem("ban-tin/2022/so-1/", "Bản tin số 1", "Số đầu tiên", datetime(2022, 4, 1, tzinfo=VIETNAM), (),
             Enclosure.for_file("ban-tin/2022/so-1.pdf", 12345)),
)


def test_an_rss_feed_has_absolute_permalinks_vietnam_dates_and_text_escaped_once():
    xml = render(Feed("feed.xml", "Tin CCHC", "Mô tả", "tin-tuc/", ITEMS), SITE_URL,
                 datetime(2022, 1, 1, tzinfo=VIETNAM), "Sở KH&CN")
    channel = etree.fromstring(xml).find("channel")
    assert channel.findtext("link") == SITE_URL + "tin-tuc/"
    assert channel.findtext("lastBuildDate") == "Fri, 01 Apr 2022 00:00:00 +0700"  # the newest item's
    first, second = channel.findall("item")  # in the order given: the caller sorts
    assert first.findtext("title") == "Hội nghị <CCHC> & tập huấn"
    assert first.find("guid").get("isPermaLink") == "true"
    assert first.findtext("guid") == SITE_URL + "tin-tuc/2022/hoi-nghi/"
    assert first.findtext("pubDate") == "Thu, 03 Mar 2022 08:30:00 +0700"
    # A reader shows the description as HTML: unescaped once it is the letters, not a tag.
    assert first.findtext("description") == "Tóm tắt có &lt;script&gt;alert(1)&lt;/script&gt;"
    assert [c.text for c in first.findall("category")] == ["II.1"]
    enclosure = second.find("enclosure")
    assert (enclosure.get("url"), enclosure.get("length"), enclosure.get("type")) == (
        SITE_URL + "ban-tin/2022/so-1.pdf", "12345", "application/pdf")


def test_an_atom_feed_links_itself_and_its_page_and_an_empty_one_takes_the_fallback_date():
    atom = "{http://www.w3.org/2005/Atom}"
    xml = render(Feed("atom.xml", "Tin CCHC", "Mô tả", "tin-tuc/", ITEMS, atom=True), SITE_URL,
                 datetime(2022, 1, 1, tzinfo=VIETNAM), "Sở KH&CN")
    root = etree.fromstring(xml)
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{atom}link")}
    assert links == {"self": SITE_URL + "atom.xml", "alternate": SITE_URL + "tin-tuc/"}
    entry = root.find(f"{atom}entry")
    assert entry.find(f"{atom}link").get("rel") == "alternate"
    empty = etree.fromstring(render(Feed("e.xml", "Trống", "Mô tả", "", (), atom=True), SITE_URL,
                                    datetime(2022, 1, 1, tzinfo=VIETNAM), "Sở KH&CN"))
    assert empty.findtext(f"{atom}updated") == "2022-01-01T00:00:00+07:00"
    assert render(Feed("atom.xml", "Tin CCHC", "Mô tả", "tin-tuc/", ITEMS, atom=True), SITE_URL,
                  datetime(2022, 1, 1, tzinfo=VIETNAM), "Sở KH&CN") == xml  # no wall clock


# Feed order: readers and the provincial portal show a feed's items in the order given, and take
# the first ones; the newest come first, and a feed holds the newest FEED_LIMIT.

def _dated(day: int, url: str) -> FeedItem:
    return FeedItem(url, url, "", datetime(2022, 1, day, tzinfo=VIETNAM))


def test_feed_items_are_sorted_newest_first_ties_in_a_fixed_order_and_cut_after_the_newest():
    items = [_dated(3, "b/"), _dated(1, "a/"), _dated(5, "c/"), _dated(3, "a/")]
    assert [(i.date.day, i.url) for i in newest_first(items)] == [(5, "c/"), (3, "b/"), (3, "a/"), (1, "a/")]
    assert [i.url for i in newest_first(reversed(items))] == ["c/", "b/", "a/", "a/"]
    assert [(i.date.day, i.url) for i in newest_first(items, 2)] == [(5, "c/"), (3, "b/")]


def test_every_feed_of_a_site_lists_the_newest_posts_first_and_keeps_the_newest_50(tmp_path):
    (tmp_path / "content/plans").mkdir(parents=True)
    shutil.copy(PLAN_2022, tmp_path / "content/plans/2022.yml")
    (tmp_path / "content/news/2022").mkdir(parents=True)
    days = list(range(FEED_LIMIT + 10))
    random.Random(1).shuffle(days)  # the files' names are in another order than their dates
    for number, day in enumerate(days):
        (tmp_path / f"content/news/2022/tin-{number:02}.md").write_text(
            post(title=f"Tin số {number}", date=(date(2022, 1, 1) + timedelta(days=4 * day)).isoformat(),
                 topics="[II.1]"), encoding="utf-8")
    site = load_site(tmp_path, datetime(2023, 1, 1, tzinfo=VIETNAM))
    assert site.problems == ()
    newest = [date(2022, 1, 1) + timedelta(days=4 * day) for day in sorted(days, reverse=True)][:FEED_LIMIT]
    by_path = {feed.path: feed for feed in feeds(site, Options(site_url=SITE_URL))}
    for path in ("feed.xml", "atom.xml", f"{TOPIC_URL}/van-ban-chi-dao-cchc/feed.xml"):
        assert [item.date.date() for item in by_path[path].items] == newest, path


# The report's JSON and chart.

def _coverage():
    plan, _ = load_plan(PROJECT, "content/plans/2022.yml")
    items = [Item("news", "content/news/2022/a.md", "tin-tuc/2022/a/", "A", date(2022, 3, 3), "Văn phòng", ("II.1",)),
             Item("news", "content/news/2022/b.md", "tin-tuc/2022/b/", "B", date(2022, 3, 9), None, ("II.1",)),
             Item("bulletin", "content/bulletins/2022/1.md", "ban-tin/2022/so-1/", "Số 1", date(2022, 5, 2),
                  None, ("II.2.1.a",)),
             Item("news", "content/news/2022/c.md", "tin-tuc/2022/c/", "C", date(2022, 12, 30), None, ("II.1",))]
    return coverage_report(plan, items, date(2022, 6, 30))


def test_the_report_json_counts_what_was_published_by_the_day_of_the_check():
    data = coverage_json(_coverage(), SITE_URL)
    assert data["plan"]["year"] == 2022 and data["as_of"] == "2022-06-30"
    assert data["summary"]["items"] == 3  # the post of 30/12 comes after the check
    ii1 = next(t for t in data["topics"] if t["id"] == "II.1")
    assert [i["url"] for i in ii1["items"]] == [SITE_URL + "tin-tuc/2022/a/", SITE_URL + "tin-tuc/2022/b/"]
    assert ii1["items"][0] == {"kind": "news", "title": "A", "date": "2022-03-03", "url": SITE_URL + "tin-tuc/2022/a/",
                               "source": "content/news/2022/a.md", "unit": "Văn phòng"}
    statuses = {f["status"] for f in data["findings"]}
    assert statuses <= {"done", "pending", "overdue"}
    assert sum(v for k, v in data["summary"].items() if k != "items") == len(data["findings"])


def test_the_chart_has_one_bar_per_group_and_month_with_items_and_says_its_numbers():
    svg = etree.fromstring(chart_svg(_coverage()).encode())
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.findtext(f"{ns}title") == "Số tin bài theo tháng và nhóm chủ đề năm 2022"
    bars = {rect.findtext(f"{ns}title"): float(rect.get("height")) for rect in svg.iter(f"{ns}rect")
            if rect.find(f"{ns}title") is not None}
    assert set(bars) == {"II.1, tháng 3: 2", "II.2, tháng 5: 1"}
    assert bars["II.1, tháng 3: 2"] == pytest.approx(2 * bars["II.2, tháng 5: 1"], abs=0.11)




# A second build in the same process (mkdocs serve rebuilds so) starts from nothing.

def _build_in_process(root: Path, out: Path, monkeypatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1672506000")
    monkeypatch.setenv("CCHC_AS_OF", "2022-01-01")
    monkeypatch.chdir(root)
    # The project's configuration, with its content folder setting pointed at the test site's.
    config = load_config(config_file=str(PROJECT / "mkdocs.yml"), site_dir=str(out), strict=True)
    config.extra["cchc"]["content_dir"] = str(root / "content")
    build(config)


def test_a_second_build_in_the_same_process_carries_nothing_over_from_the_first(make_site, tmp_path, monkeypatch):
    from conftest import post
    from support import sitecheck

    root = make_site({"content/news/2022/mot.md": post(title="Tin một", body="Lần đầu: tìm thấy chữ đăng ký.")})
    _build_in_process(root, tmp_path / "first", monkeypatch)
    (root / "content/news/2022/mot.md").unlink()
    (root / "content/news/2022/hai.md").write_text(post(title="Tin hai", body="Lần hai."), encoding="utf-8")
    _build_in_process(root, tmp_path / "second", monkeypatch)
    second = tmp_path / "second"
    assert (second / "tin-tuc/2022/tin-hai/index.html").is_file()
    assert not (second / "tin-tuc/2022/tin-mot").exists()
    for page in second.rglob("*.html"):
        assert "Tin một" not in page.read_text(encoding="utf-8"), page
        assert "dang ky" not in page.read_text(encoding="utf-8"), page  # the first post's search field
    # Built again from the same sources, in the same process, the site is the same to the byte.
    shutil.rmtree(second)
    _build_in_process(root, tmp_path / "third", monkeypatch)
    (root / "content/news/2022/hai.md").touch()
    _build_in_process(root, second, monkeypatch)
    assert sitecheck.differences(second, tmp_path / "third") == []


def _search_fields(site: Path) -> dict[str, list[tuple[str, str]]]:
    """Each page's search fields as the browser's Pagefind reads them: page -> [(field, value)]."""
    fields = {}
    for page in sorted(site.rglob("*.html")):
        tree = etree.HTML(page.read_bytes())
        found = [(meta.get("data-pagefind-meta"), meta.get("content"))
                 for meta in tree.iter("meta") if meta.get("data-pagefind-meta")]
        if found:
            fields[page.relative_to(site).as_posix()] = found
    return fields


def test_two_builds_in_one_process_give_every_page_the_same_search_fields(make_site, tmp_path, monkeypatch):
    from conftest import post

    root = make_site({"content/news/2022/mot.md": post(title="Đăng ký đất đai", summary="Đơn vị đăng ký trước.",
                                                           body="Đường xa.")})
    _build_in_process(root, tmp_path / "first", monkeypatch)
    _build_in_process(root, tmp_path / "second", monkeypatch)
    first, second = _search_fields(tmp_path / "first"), _search_fields(tmp_path / "second")
    assert first == second
    post_fields = dict(first["tin-tuc/2022/dang-ky-dat-dai/index.html"])
    assert post_fields["ten_khong_dau[content]"] == "dang dat dai"
    assert post_fields["khong_dau[content]"].split()[:3] == ["dang", "dat", "dai"]
    # A post is indexed by its header (title, summary), not its body: so are its fields.
    assert "don" in post_fields["khong_dau[content]"].split()
    assert "duong" not in post_fields["khong_dau[content]"].split()
    assert len(first) > 10  # every page with content has them, not just the post


# The validation kit's first_wins: what repeats an earlier record's number, code or URL.

def test_the_first_record_keeps_a_key_and_each_later_one_is_named_with_it():
    from cchc.content.checker import first_wins

    issues = [("a.md", 1), ("b.md", 2), ("c.md", 1), ("d.md", None), ("e.md", 1)]
    assert list(first_wins(issues, key=lambda issue: issue[1])) == [
        (("c.md", 1), ("a.md", 1)), (("e.md", 1), ("a.md", 1))]
    assert list(first_wins([], key=lambda issue: issue)) == []
