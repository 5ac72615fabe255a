"""Hostile text in every field reaches no visitor as markup: every page, feed, embed, report and
search field of the built site shows it as text.

Procedures and plans publish their text as written, escaped; news posts and bulletins refuse
HTML in their text fields (tested in test_news_validation), and so do a procedure's name and
field and a plan topic's name and title, which feeds show as titles and categories (tested in
test_hostile_values): those fields here hold what they accept and what still breaks a careless
template: quotes, '>' and '&'.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from cchc.text import slugify
from cchc.content.checker import field_title
from cchc.content.fields import NEWS_FIELDS
from conftest import PROJECT, post, run_build

pytestmark = pytest.mark.site  # every test here builds a site or starts a program

# Each breaks out of a different place: an element, a double-quoted attribute, an entity.
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
AMP = "&amp; KH&CN"
HOSTILE = f"{SCRIPT}{IMG}{AMP}"
# What news posts and bulletins accept: no '<' before a letter, but quotes, '>' and '&'.
QUOTED = "Tin \"trích\" & 'nháy' > so sánh &lt;b&gt;"
# A file name that must be escaped in an attribute and encoded in a link.
ATOM = "http://www.w3.org/2005/Atom"
FORM_FILE = 'mẫu số #1?"><svg onload=alert(3)>.docx'


def hostile_plan() -> str:
    plan = yaml.safe_load((PROJECT / "content/plans/2022.yml").read_text(encoding="utf-8"))
    plan["title"] = f"{HOSTILE} {plan['title']}"
    plan["issuer"] = HOSTILE
    for topic in plan["topics"]:
        # Shown as feeds' titles: plain text, no tag; the slug keeps the topic's address.
        topic["slug"] = topic.get("slug") or slugify(topic["name"])
        topic["name"] = f"{QUOTED} {topic['name']}"
        topic["title"] = f"{QUOTED} {topic['title']}"
        topic["documents"] = [HOSTILE]
    for form in plan["forms"]:
        form["title"] = f"{HOSTILE} {form['title']}"
        form["lead"] = [HOSTILE]
        form["partners"] = [HOSTILE]
        for quota in form.get("quotas", []):
            quota["title"] = f"{HOSTILE} {quota['title']}"
    # Dates stay dates: safe_dump writes them back as YAML dates, which the plan reads as text.
    return yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=1000)


def hostile_procedure() -> str:
    text = json.dumps
    h = HOSTILE
    lines = [
        "code: 1.004508.000.00.00.H48",
        f"name: {text(QUOTED + ' Đăng ký')}",
        f"field: {text(QUOTED)}",
        f"level: {text(h)}",
        f"kind: {text(h)}",
        "online: một phần",
        f"steps: [{text(h)}, {text(h + ' 2')}]",
        "submission:",
        f"  - {{channel: {text(h)}, time_limit: {text(h)}, fees: {text(h)}, notes: {text(h)}}}",
        "dossier:",
        f"  - {{name: {text(h)}, form: {text(FORM_FILE)}, originals: 1, notes: {text(h)}}}",
        f"  - {{name: {text(h)}, form: {text(FORM_FILE)}, form_name: {text(h)}, copies: 2}}",
        f"dossier_count: {text(h)}",
        f"time_limit: {text('05 ngày' + IMG + SCRIPT + AMP)}",
        f"applicants: {text(h)}",
        f"deciding_agency: {text(h)}",
        f"performing_agency: {text(h)}",
        f"authorised_agency: {text(h)}",
        f"coordinating_agencies: [{text(h)}]",
        f"submit_at: [{text(h)}]",
        f"result: {text(h)}",
        f"fees: {text(h)}",
        f"requirements: [{text(h)}]",
        "legal_basis:",
        f"  - {{number: {text(h)}, summary: {text(h)}, date: 2020-12-09, issuer: {text(h)}}}",
        "announced:",
        f"  - {{number: 441/QĐ-UBND, date: 2021-04-06, kind: new, issuer: {text(h)}}}",
        "updated: 2022-06-15",
    ]
    return "---\n" + "\n".join(lines) + f"\n---\n\n{h}\n\n<img src=x onerror=alert(4)>\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):

    root = tmp_path_factory.mktemp("hostile") / "site-src"
    files = {
        "content/plans/2022.yml": hostile_plan(),
        "content/procedures/linh-vuc/thu-tuc.md": hostile_procedure(),
        f"content/procedures/linh-vuc/{FORM_FILE}": b"PK\x03\x04 form",
        "content/news/2022/tin.md": post(
            title=json.dumps(QUOTED), summary=json.dumps(QUOTED), topics="[II.1, II.5]",
            unit=json.dumps(QUOTED), slug="tin", body=f"{HOSTILE}\n\n<a href=\"javascript:alert(5)\">x</a>"),
        "content/bulletins/2022/01.md": (
            "---\nnumber: 1\ndate: 2022-02-25\n"
            f"title: {json.dumps(QUOTED)}\npdf: so-1.pdf\ntopics: [II.1]\n"
            f"contents:\n  - title: {json.dumps(QUOTED)}\n    post: content/news/2022/tin.md\n"
            f"  - {json.dumps(QUOTED)}\n---\n\n{HOSTILE}\n"),
        "content/bulletins/2022/so-1.pdf": b"%PDF-1.4\n%%EOF\n",
    }
    root.mkdir(parents=True)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.log
    return result


def published(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in suffixes
                  and "pagefind" not in p.relative_to(site).parts)


def test_no_page_feed_or_data_file_carries_the_markup_raw(built):
    files = published(built.site, ".html", ".xml", ".json", ".txt")
    assert len(files) > 20
    for path in files:
        raw = path.read_bytes()
        # Escaped, the text still reads "onerror=alert(2)": only the markup forms are searched.
        for needle in (b"<script>alert", b"<img src=x onerror", b"<svg onload", b"javascript:alert",
                       b' onerror="', b' onload="'):
            assert needle not in raw, f"{path.relative_to(built.site)} carries {needle!r} raw"


def test_no_element_of_any_page_was_made_by_the_content(built):
    pages = published(built.site, ".html")
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(built.site)
        for element in soup.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, f"{where}: <{element.name}> has {handlers}"
            # An attribute broken out of by '"' shows up as a stray attribute name.
            assert not any('"' in name or "<" in name or ">" in name for name in element.attrs), \
                f"{where}: <{element.name}> has attributes {list(element.attrs)}"
            assert not (element.name == "svg" and element.find_parent("a")), where
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                # Data, not code (issue 32): the content's text is in it, with < > & as \u escapes,
                # so it cannot end the block; a script it opened would be a script of its own here.
                text = script.get_text()
                assert not set("<>&") & set(text) and json.loads(text), f"{where}: {text[:200]}"
                continue
            assert "alert" not in script.get_text(), f"{where}: a script from the content"


def test_the_procedure_page_shows_every_field_as_text(built):
    page = built.page("thu-tuc-hanh-chinh/1.004508.000.00.00.H48/")
    assert page.title.get_text().startswith(QUOTED + " Đăng ký - ")
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert "05 ngày" + IMG + SCRIPT + AMP in description
    assert page.select_one("[data-md-component=header-topic]").get_text(strip=True) == QUOTED + " Đăng ký"
    article = page.select_one("article")
    assert article.find("h1").get_text(strip=True) == QUOTED + " Đăng ký"
    assert article.get_text().count(HOSTILE) >= 20


def test_a_form_file_name_is_a_working_encoded_link(built):
    article = built.article("thu-tuc-hanh-chinh/1.004508.000.00.00.H48/")
    links = [a for a in article.find_all("a", download=True)]
    assert links, "the form links are missing"
    for link in links:
        href = link["href"]
        assert "#" not in href and "?" not in href and '"' not in href and " " not in href, href
        target = (built.site / "thu-tuc-hanh-chinh/1.004508.000.00.00.H48" / unquote(href)).resolve()
        assert target.is_file(), href
    assert any(link.get_text(strip=True) == FORM_FILE for link in links)


def test_plan_text_is_text_on_topic_pages_link_titles_and_the_report(built):
    page = built.page("chu-de/")
    topic_pages = [p for p in (built.site / "chu-de").iterdir() if (p / "index.html").is_file()]
    assert topic_pages
    topic = BeautifulSoup((topic_pages[0] / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert topic.find("h1", string=lambda s: s and s.startswith(QUOTED))
    feed_link = topic.find("link", attrs={"type": "application/rss+xml", "href": "feed.xml"})
    assert feed_link["title"].startswith(QUOTED)
    report = built.article("ke-hoach/2022/")
    assert HOSTILE in report.get_text()
    assert page is not None


def test_feeds_carry_the_text_and_their_descriptions_no_markup(built):
    shown = []
    for feed in published(built.site, ".xml"):
        if feed.name == "sitemap.xml":
            continue
        root = etree.parse(str(feed)).getroot()
        # An item's description (RSS) or summary (Atom) is HTML to a feed reader; titles,
        # categories and the channel's description are plain text.
        for element in root.iter("description", f"{{{ATOM}}}summary", f"{{{ATOM}}}content"):
            if element.getparent().tag not in ("item", f"{{{ATOM}}}entry"):
                continue
            text = element.text or ""
            as_html = BeautifulSoup(text, "html.parser")
            assert as_html.find(True) is None, f"{feed.name}: {text[:80]}"
            shown.append(as_html.get_text())
    # What the reader shows is the text as written.
    assert any(HOSTILE in text for text in shown)
    procedures = etree.parse(str(built.site / "thu-tuc-hanh-chinh/feed.xml")).getroot()
    titles = [t.text for t in procedures.iter("title")]
    assert f"Công bố mới: {QUOTED} Đăng ký" in titles


def test_feed_titles_and_categories_hold_no_markup_a_reader_could_run(built):
    # Some readers show a title as HTML: decoded once from the XML, no title, category or
    # channel description is a tag (the names they come from refuse one).
    plain = []
    for feed in published(built.site, ".xml"):
        if feed.name == "sitemap.xml":
            continue
        root = etree.parse(str(feed)).getroot()
        for element in root.iter("title", "category", f"{{{ATOM}}}title", f"{{{ATOM}}}category"):
            plain.append(element.text or element.get("term") or "")
        plain += [d.text or "" for d in root.iter("description") if d.getparent().tag == "channel"]
    assert len(plain) > 20
    assert [text for text in plain if BeautifulSoup(text, "html.parser").find(True)] == []
    assert any(QUOTED in text for text in plain)


def test_the_embed_page_shows_the_titles_as_text(built):
    embed = built.page("nhung/index.html")
    titles = [a.get_text() for a in embed.select("li a")]
    assert QUOTED in titles
    topic_embeds = [p for p in (built.site / "nhung").iterdir() if p.is_dir()]
    heading = BeautifulSoup((topic_embeds[0] / "index.html").read_text(encoding="utf-8"),
                            "html.parser").find("h1").get_text()
    assert heading.startswith(QUOTED)


def test_news_and_bulletin_text_with_quotes_stays_in_its_attribute(built):
    page = built.page("tin-tuc/2022/tin/")
    assert page.title.get_text().startswith(QUOTED + " - ")
    assert page.find("meta", attrs={"name": "description"})["content"] == QUOTED
    issue = built.page("ban-tin/2022/so-1/")
    assert issue.find("meta", attrs={"name": "description"})["content"].endswith(QUOTED)
    assert issue.select_one("article h1").get_text(strip=True) == QUOTED


def test_search_results_show_the_text_and_run_nothing(built, browser):
    """Pagefind indexes the text of the page; its results box must show it as text too."""
    from playwright.sync_api import expect

    from browser import base_url, serve
    from test_search_browser import INPUT_NAME

    server = serve(built.site)
    dialogs: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                      else route.abort())
        page.goto(base_url(server) + "thu-tuc-hanh-chinh/1.004508.000.00.00.H48/")
        page.wait_for_load_state("networkidle")
        box = page.get_by_role("combobox", name=INPUT_NAME)
        box.click()
        box.fill("dang ky")
        options = page.get_by_role("option")
        expect(options.first).to_be_visible(timeout=15_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        shown = [option.inner_text() for option in options.all()]
        markup = [option.inner_html() for option in options.all()]
    finally:
        context.close()
        server.shutdown()
    assert any(SCRIPT in text for text in shown), shown
    assert not any("<script" in html or "<img" in html or "<svg" in html for html in markup), markup
    assert dialogs == []


def test_every_link_of_the_site_still_reaches_its_file(built):
    """Escaping and encoding change how a link is written, never where it leads."""
    from support import sitecheck

    broken = sitecheck.broken_links(built.site, "https://skhcn.quangngai.gov.vn/cchc/")
    # The editors' bodies hold <img src=x>: cleaned of its handler, it still points at nothing.
    assert [line for line in broken if "<img src> 'x':" not in line] == []
    assert broken


@pytest.mark.parametrize("field", ["title", "summary", "unit", "image_alt"])
def test_markup_in_a_news_post_text_field_is_refused_with_its_line(make_site, field):
    from datetime import datetime

    from cchc.content.load import load_site
    from cchc.dates import VIETNAM

    values = {"title": "Tin", "summary": "Tóm tắt", "unit": "Văn phòng", "image_alt": "Ảnh",
              field: json.dumps(IMG)}
    text = post(title=values["title"], summary=values["summary"], unit=values["unit"],
                image="anh.png", image_alt=values["image_alt"], slug="tin")
    root = make_site({"content/news/2022/tin.md": text, "content/news/2022/anh.png": b"\x89PNG"})
    found = [str(p) for p in load_site(root, datetime(2023, 1, 1, tzinfo=VIETNAM)).problems]
    line = text.splitlines().index(f"{field}: {json.dumps(IMG)}") + 1
    label = field_title(NEWS_FIELDS, field)
    assert found == [f"content/news/2022/tin.md:{line}: {label} ({field}): có thẻ HTML, ở đây không được dùng; "
                     "chỉ ghi chữ, bỏ các thẻ như <b>"]


def test_markup_in_a_bulletin_title_or_article_is_refused_with_its_line(make_site):
    from datetime import datetime

    from cchc.content.load import load_site
    from cchc.dates import VIETNAM

    issue = ("---\nnumber: 1\ndate: 2022-02-25\n"
             f"title: {json.dumps(SCRIPT)}\npdf: so-1.pdf\ntopics: [II.1]\n"
             f"contents:\n  - title: {json.dumps(IMG)}\n---\n")
    root = make_site({"content/bulletins/2022/01.md": issue,
                      "content/bulletins/2022/so-1.pdf": b"%PDF-1.4\n"})
    found = [str(p) for p in load_site(root, datetime(2023, 1, 1, tzinfo=VIETNAM)).problems]
    assert found == [
        "content/bulletins/2022/01.md:4: Tiêu đề (title): có thẻ HTML, ở đây không được dùng; chỉ ghi chữ, "
        "bỏ các thẻ như <b>",
        "content/bulletins/2022/01.md:8: Tiêu đề bài (contents[1].title): có thẻ HTML, ở đây không được dùng; "
        "chỉ ghi chữ, bỏ các thẻ như <b>"]
