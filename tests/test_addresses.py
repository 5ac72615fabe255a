"""Addresses never move: a post's address is its file name (or `slug`), fixed when it is created;
a title edit changes neither the address nor the feed id; a renamed or re-slugged page keeps its
old address working through content/redirects.yml (a redirect page, a 301 in nginx), and the
feed keeps the item's first address as its id."""

from __future__ import annotations

import http.client
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from lxml import etree

from browser import require
from cchc.content.load import load_site
from cchc.content.redirects import Redirect, Redirects, read_redirects
from cchc.dates import VIETNAM
from cchc.deploy import nginx_conf
from conftest import PROJECT, post, run_build
from nginx_server import Nginx, available

SITE_URL = "https://skhcn.quangngai.gov.vn/cchc/"
NOW = datetime(2023, 1, 1, tzinfo=VIETNAM)


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    shutil.copytree(PROJECT / "content/plans", root / "content/plans", dirs_exist_ok=True)
    return root


def guids(site: Path) -> dict[str, set[str]]:
    """Every feed of a built site: its path -> the ids of its items (RSS guid, Atom id)."""
    found = {}
    for feed in sorted([*site.rglob("feed.xml"), *site.rglob("atom.xml")]):
        tree = etree.parse(str(feed))
        ids = tree.xpath("//item/guid/text() | //a:entry/a:id/text()", namespaces={"a": "http://www.w3.org/2005/Atom"})
        found[feed.relative_to(site).as_posix()] = set(ids)
    assert any(found.values())
    return found


def addresses(site: Path) -> set[str]:
    """Every page address of a built site (a folder with index.html)."""
    return {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html") if p.parent != site}


# The address of a post: its file name, or its slug; never its title.

def test_a_posts_address_is_its_file_name_not_its_title(tmp_path):
    root = write(tmp_path, {"content/news/2022/hoi-nghi.md": post(title="Hội nghị tổng kết năm 2021", slug=None)})
    site = load_site(root, NOW)
    assert [p.url for p in site.posts] == ["tin-tuc/2022/hoi-nghi/"]
    (root / "content/news/2022/hoi-nghi.md").write_text(post(title="Tiêu đề đã sửa hẳn", slug=None), encoding="utf-8")
    assert [p.url for p in load_site(root, NOW).posts] == ["tin-tuc/2022/hoi-nghi/"]


def test_slug_still_sets_the_address(tmp_path):
    root = write(tmp_path, {"content/news/2022/a.md": post(title="Tin", slug="dia-chi-rieng")})
    assert [p.url for p in load_site(root, NOW).posts] == ["tin-tuc/2022/dia-chi-rieng/"]


def test_a_file_name_without_letters_is_refused_in_vietnamese(tmp_path):
    root = write(tmp_path, {"content/news/2022/---.md": post(title="Tin", slug=None)})
    assert [str(p) for p in load_site(root, NOW).problems] == [
        "content/news/2022/---.md:1: Địa chỉ trang (slug): tên tệp '---.md' không có chữ hay số để làm địa chỉ trang; "
        "đổi tên tệp (chữ thường không dấu, nối bằng '-') hoặc thêm trường slug"]


def test_every_shipped_post_keeps_the_address_its_title_gave_it():
    """Before addresses were fixed (December 2026), a post's address came from its title: each
    post shipped by then carries that address (as its slug, or as its file name), so no
    published page moved. Posts written later keep the address of their file name."""
    from cchc.text import slugify

    site = load_site(PROJECT, NOW)
    posts = [p for p in [*site.posts, *site.scheduled, *site.drafts] if p.date.year < 2026]
    moved = [(p.source, p.slug) for p in posts if p.slug != slugify(p.title)]
    assert posts and moved == []


# content/redirects.yml

def test_redirects_follow_chains_and_keep_the_first_address_as_the_id(tmp_path):
    write(tmp_path, {"content/redirects.yml": "# địa chỉ cũ: địa chỉ mới\n"
                                              "tin-tuc/2022/a/: tin-tuc/2022/b/\n"
                                              "tin-tuc/2022/b/: tin-tuc/2022/c/\n"})
    redirects, problems = read_redirects(tmp_path)
    assert problems == []
    assert redirects.items == (Redirect("tin-tuc/2022/a/", "tin-tuc/2022/c/", 2),
                               Redirect("tin-tuc/2022/b/", "tin-tuc/2022/c/", 3))
    assert redirects.first_address("tin-tuc/2022/c/") == "tin-tuc/2022/a/"
    assert redirects.first_address("tin-tuc/2022/d/") == "tin-tuc/2022/d/"


def test_a_wrong_line_in_redirects_is_said_in_vietnamese_at_its_line(tmp_path):
    write(tmp_path, {"content/redirects.yml": "tin-tuc/2022/a/: tin-tuc/2022/b/\n"
                                              "Tin Cũ: tin-tuc/2022/b/\n"
                                              "tin-tuc/2022/x/: tin-tuc/2022/y/\n"
                                              "tin-tuc/2022/y/: tin-tuc/2022/x/\n"})
    _, problems = read_redirects(tmp_path)
    assert [str(p) for p in problems] == [
        "content/redirects.yml:2: Tin Cũ: địa chỉ cũ 'Tin Cũ' không phải địa chỉ một trang của mục; ghi như "
        "trên thanh địa chỉ, sau /cchc/, chữ thường, kết thúc bằng '/', như tin-tuc/2022/ten-cu/: tin-tuc/2022/ten-moi/",
        "content/redirects.yml:3: tin-tuc/2022/x/: các dòng chuyển hướng thành vòng tròn (tin-tuc/2022/x/ -> "
        "tin-tuc/2022/y/ -> tin-tuc/2022/x/); địa chỉ mới phải là một trang có thật",
        "content/redirects.yml:4: tin-tuc/2022/y/: các dòng chuyển hướng thành vòng tròn (tin-tuc/2022/y/ -> "
        "tin-tuc/2022/x/ -> tin-tuc/2022/y/); địa chỉ mới phải là một trang có thật"]


def test_the_nginx_conf_answers_each_moved_address_with_a_301():
    conf = nginx_conf.render("@REDIRECTS@", site_url=SITE_URL, code=nginx_conf.InlineCode((), (), (), ()),
                             origin="https://skhcn.quangngai.gov.vn",
                             moved=[("tin-tuc/2022/a/", "tin-tuc/2022/b/")])
    assert conf.splitlines() == ["location = /cchc/tin-tuc/2022/a/ { return 301 /cchc/tin-tuc/2022/b/; }",
                                 "    location = /cchc/tin-tuc/2022/a { return 301 /cchc/tin-tuc/2022/b/; }"]
    with pytest.raises(nginx_conf.ConfError):
        nginx_conf.render("@REDIRECTS@", site_url=SITE_URL, code=nginx_conf.InlineCode((), (), (), ()),
                          origin="https://x.gov.vn", moved=[("a/; }", "b/")])


# Built sites.

@pytest.mark.site
def test_retitling_every_shipped_post_moves_no_address_and_no_feed_id(shipped, tmp_path):
    """Acceptance: every shipped post and bulletin retitled, one post's file renamed too: every
    old address still serves its page and every feed id is unchanged."""
    root = tmp_path / "src"
    shutil.copytree(PROJECT / "content", root / "content")
    for number, path in enumerate(sorted([*(root / "content/news").rglob("*.md"),
                                          *(root / "content/bulletins").rglob("*.md")])):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^title: .*$", f"title: Tiêu đề đã sửa lần {number}", text, count=1, flags=re.M),
                        encoding="utf-8")
    renamed = root / "content/news/2022/chuyen-muc-bao-quang-ngai-2022-01.md"
    renamed.rename(renamed.with_name("bao-quang-ngai-thang-1.md"))
    built = run_build(root, as_of=None, site_dir=tmp_path / "site")
    assert built.returncode == 0, built.log
    assert addresses(shipped.site) <= addresses(built.site)
    assert guids(built.site) == guids(shipped.site)
    # The renamed file's post is still at its address: it carries it as slug.
    page = built.page("tin-tuc/2022/chuyen-muc-khoa-hoc-va-cong-nghe-tren-bao-quang-ngai-thang-1-2022-chuong-trinh-"
                      "tong-the-cai-cach-hanh-chinh-giai-doan-2021-2030/")
    assert page.select_one("h1").get_text(strip=True).startswith("Tiêu đề đã sửa lần")


@pytest.fixture
def moved_site(make_site):
    """A post published as a.md, then renamed b.md, with the move written in content/redirects.yml."""
    return make_site({"content/news/2022/b.md": post(title="Tin đã chuyển", date="2022-03-01", slug=None),
                      "content/news/2022/khac.md": post(title="Tin khác", date="2022-03-02"),
                      "content/redirects.yml": "# địa chỉ cũ: địa chỉ mới\ntin-tuc/2022/a/: tin-tuc/2022/b/\n"})


def test_a_renamed_post_leaves_a_redirect_page_at_its_old_address(moved_site):
    built = run_build(moved_site)
    assert built.returncode == 0, built.log
    page = built.page("tin-tuc/2022/a/")
    assert page.select_one('link[rel="canonical"]')["href"] == "https://skhcn.quangngai.gov.vn/cchc/tin-tuc/2022/b/"
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=../b/"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    assert page.select_one("a")["href"] == "../b/"
    # Not a page of the site: no sitemap entry, no search index.
    assert "tin-tuc/2022/a/" not in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "tin-tuc/2022/b/" in (built.site / "sitemap.xml").read_text(encoding="utf-8")
    # The feed item keeps its first address as its id; its link is the page's address now.
    rss = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert '<guid isPermaLink="true">https://skhcn.quangngai.gov.vn/cchc/tin-tuc/2022/a/</guid>' in rss
    assert "<link>https://skhcn.quangngai.gov.vn/cchc/tin-tuc/2022/b/</link>" in rss
    assert "tin-tuc/2022/a/\n" in (built.site / "quan-tri/dia-chi.txt").read_text(encoding="utf-8")


def test_a_redirect_that_hides_a_page_or_leads_nowhere_stops_the_build(make_site):
    root = make_site({"content/news/2022/a.md": post(title="Tin", date="2022-03-01", slug=None),
                      "content/redirects.yml": "tin-tuc/2022/a/: tin-tuc/2022/b/\n"
                                               "tin-tuc/2022/c/: tin-tuc/2022/khong-co/\n"})
    built = run_build(root)
    assert built.returncode == 1
    assert built.log_lines("ERROR")[:2] == [
        "content/redirects.yml:1: tin-tuc/2022/a/: địa chỉ cũ này vẫn là địa chỉ của một trang; xoá dòng "
        "này, hoặc đổi địa chỉ của trang đó",
        "content/redirects.yml:2: tin-tuc/2022/c/: địa chỉ mới tin-tuc/2022/khong-co/ không có trang nào; ghi "
        "địa chỉ trang hiện tại của mục (tên tệp hoặc slug của bài), như tin-tuc/2022/ten-cu/: tin-tuc/2022/ten-moi/"]


@pytest.mark.site
def test_the_checker_says_where_a_moved_address_leads(moved_site):
    import subprocess

    from conftest import CCHC
    done = subprocess.run([*CCHC, "check", "--root", str(moved_site)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ("Lưu ý: content/redirects.yml:2: tin-tuc/2022/a/: địa chỉ cũ sẽ chuyển hướng đến tin-tuc/2022/b/; "
            "bản tin RSS giữ mã của mục (địa chỉ đầu tiên)") in done.stderr


def test_nginx_answers_a_moved_address_with_a_301_to_the_new_one(moved_site, tmp_path):
    require(available(), "no nginx at /usr/sbin/nginx (apt-get install nginx-light)")
    built = run_build(moved_site)
    assert built.returncode == 0, built.log
    redirects, _ = read_redirects(moved_site)
    conf = tmp_path / "cchc.conf"
    template = (PROJECT / nginx_conf.TEMPLATE).read_text(encoding="utf-8")
    conf.write_text(nginx_conf.render(template, site_url=SITE_URL, code=nginx_conf.inline_code(built.site),
                                      origin="https://skhcn.quangngai.gov.vn", live=str(built.site),
                                      moved=[(r.old, r.new) for r in redirects.items]), encoding="utf-8")
    server = Nginx(conf, tmp_path / "prefix")
    try:
        for path in ("/cchc/tin-tuc/2022/a/", "/cchc/tin-tuc/2022/a"):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            connection.request("GET", path)
            answer = connection.getresponse()
            assert (answer.status, answer.getheader("Location")) == (301, "/cchc/tin-tuc/2022/b/")
            connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("GET", "/cchc/tin-tuc/2022/b/")
        assert connection.getresponse().status == 200
    finally:
        server.stop()
