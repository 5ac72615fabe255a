"""Procedure pages and the procedures index as citizens see them, built end to end with --strict."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from cchc.site.procedure_pages import PARTS, search_text
from cchc.content.procedure_catalogue import load_procedures
from cchc.content.procedures import PORTAL_URL, base_code
from cchc.text import sort_key
from conftest import PROJECT, run_build

LICENCE = "thu-tuc-hanh-chinh/1.004508.000.00.00.H48/"       # in force, with a form and guidance
ABOLISHED = "thu-tuc-hanh-chinh/1.001022.000.00.00.H48/"
REPLACED = "thu-tuc-hanh-chinh/2.001170.000.00.00.H48/"
REPLACEMENT = "thu-tuc-hanh-chinh/1.005473.000.00.00.H48/"
INDEX = "thu-tuc-hanh-chinh/"
PART_LABELS = [label for _, label in PARTS]


@pytest.fixture(scope="module")
def sample():
    procedures, files, problems = load_procedures(PROJECT)
    assert problems == []
    return procedures, files


@pytest.fixture(scope="module")
def built(shipped):
    assert shipped.returncode == 0, shipped.log
    return shipped


def headings(article) -> list[str]:
    return [h.get_text(" ", strip=True).removesuffix("¶").strip() for h in article.select("h2")]


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


# The sample content.

def test_the_sample_builds_strictly_without_warnings(built):
    assert built.log_lines("WARNING") == []


def test_the_sample_has_ten_procedures_in_four_fields_with_an_abolished_and_a_replaced_one(sample):
    procedures, _ = sample
    assert len(procedures) >= 10
    assert len({p.field for p in procedures}) >= 4
    statuses = [p.status for p in procedures]
    assert "abolished" in statuses and "replaced" in statuses
    codes = {p.base_code for p in procedures}
    assert all(base_code(p.replaced_by) in codes for p in procedures if p.replaced_by)
    assert sum(1 for p in procedures if any(item.form for item in p.dossier)) >= 3


def test_the_sample_forms_are_word_documents_that_carry_their_title(sample):
    forms = sorted({item.form for p in sample[0] for item in p.dossier if item.form})
    assert len(forms) >= 3
    for rel in forms:
        document = docx.Document(PROJECT / rel)
        title = document.core_properties.title
        assert title and title in [paragraph.text for paragraph in document.paragraphs], rel


# One procedure's page.

def test_the_parts_come_in_the_official_order_with_their_vietnamese_headings(built):
    assert headings(built.article(LICENCE)) == PART_LABELS + ["Hướng dẫn thêm", "Thông tin công bố"]
    assert headings(built.article(ABOLISHED))[: len(PART_LABELS)] == PART_LABELS


def test_a_summary_box_comes_first_with_time_limit_fees_where_and_how_and_the_online_badge(built):
    article = built.article(LICENCE)
    box = article.select_one(".cchc-summary-box")
    assert box.find_previous("h2") is None  # before part a.
    summary = {text(dt): text(dt.find_next_sibling("dd")) for dt in box.select("dt")}
    assert summary == {
        "Thời hạn giải quyết": "25 ngày kể từ ngày nhận đủ hồ sơ hợp lệ",
        "Phí, lệ phí": "Phí thẩm định cấp giấy phép tính cho từng thiết bị, từ 2.000.000 đến "
                       "16.000.000 đồng tùy loại thiết bị",
        "Cách thức nộp hồ sơ": "Trực tiếp; Dịch vụ bưu chính; Trực tuyến",
        "Nơi nộp hồ sơ": "Trung tâm Phục vụ hành chính công tỉnh Quảng Ngãi; "
                         "Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)",
        "Dịch vụ công trực tuyến": "Một phần",
    }
    assert box.select_one(".cchc-badge").get_text() == "Một phần"


def test_the_online_badge_says_each_level_in_words(built):
    badges = {url: text(built.article(url).select_one(".cchc-summary-box .cchc-badge"))
              for url in ("thu-tuc-hanh-chinh/1.004512.000.00.00.H48/", LICENCE, ABOLISHED)}
    assert list(badges.values()) == ["Toàn trình", "Một phần", "Không trực tuyến"]


def test_the_portal_link_looks_the_procedure_up_by_its_national_code(built):
    link = built.article(LICENCE).select_one(".cchc-summary-box a[href^='https://dichvucong.gov.vn/']")
    assert link["href"] == PORTAL_URL.format(code="1.004508")
    assert "Cổng Dịch vụ công quốc gia" in text(link)
    short = built.article("thu-tuc-hanh-chinh/1.005474.H48/").select_one(".cchc-portal a")
    assert short["href"].endswith("ma_thu_tuc=1.005474")


def test_the_dossier_is_a_table_whose_forms_download_from_this_site(built, sample):
    article = built.article(LICENCE)
    heading = next(h for h in article.select("h2") if h.get("id") == "thanh-phan-so-luong-ho-so")
    table = heading.find_next("table")
    assert [text(th) for th in table.select("thead th")] == ["STT", "Tên giấy tờ", "Mẫu đơn, tờ khai",
                                                            "Bản chính", "Bản sao"]
    first = [text(td) for td in table.select("tbody tr")[0].select("td")]
    assert first == ["1", "Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ",
                     "Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ (DOCX)", "1", "0"]
    assert "Số lượng hồ sơ: 01 bộ" in text(article)
    for procedure in sample[0]:
        page = built.site / procedure.url
        for link in built.article(procedure.url).select("a[download]"):
            target = (page / link["href"]).resolve()
            item = next(i for i in procedure.dossier if i.form and target.name == Path(i.form).name)
            assert target.read_bytes() == (PROJECT / item.form).read_bytes()


def test_the_forms_part_lists_form_names_with_their_links(built):
    forms = built.article(LICENCE).select_one("ul.cchc-forms")
    assert [text(li) for li in forms.select("li")] == ["Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ (DOCX)"]
    without_file = built.article("thu-tuc-hanh-chinh/1.004504.000.00.00.H48/").select_one("ul.cchc-forms")
    assert without_file.select("a") == []
    assert "Nghị định số 142/2020/NĐ-CP" in text(without_file)


def test_the_announcing_decision_and_last_update_are_dated_the_vietnamese_way(built):
    record = text(built.article(LICENCE).select_one(".cchc-procedure-record"))
    assert "Quyết định số 441/QĐ-UBND ngày 06/4/2021 của Chủ tịch Ủy ban nhân dân tỉnh Quảng Ngãi " \
           "(sửa đổi, bổ sung)" in record
    assert "Cập nhật lần cuối ngày 15/6/2022" in record
    legal = built.article(LICENCE).select_one(".cchc-legal")
    assert [text(td) for td in legal.select("tbody tr")[0].select("td")] == [
        "18/2008/QH12", "Luật Năng lượng nguyên tử", "03/6/2008", "Quốc hội"]


def test_the_editors_guidance_follows_the_parts_and_its_links_work(built):
    article = built.article(LICENCE)
    guidance = next(h for h in article.select("h2") if h.get("id") == "huong-dan-them")
    link = guidance.find_next("a", string="khai báo thiết bị")
    assert link["href"] == "../1.004512.000.00.00.H48/"


def test_no_procedure_page_loads_anything_from_another_host(built, sample):
    pages = [p.url for p in sample[0]] + [INDEX]
    for url in pages:
        page = built.page(url)
        loaded = [tag.get(attr) for tag, attr in
                  [(t, "src") for t in page.select("script[src], img[src], iframe[src], source[src], "
                                                   "audio[src], video[src], embed[src]")]
                  + [(t, "href") for t in page.select("link[href]") if "stylesheet" in t.get("rel", [])
                     or "preload" in t.get("rel", [])]]
        assert [u for u in loaded if re.match(r"^(https?:)?//", u)] == [], url


def test_the_print_layout_keeps_the_record_and_drops_navigation_and_filter():
    css = (PROJECT / "docs/assets/cchc.css").read_text(encoding="utf-8")
    printed = " ".join(_media_blocks(css, "print"))
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".cchc-filter", ".headerlink"):
        assert selector in printed
    assert ".cchc-portal a::after" in printed  # the portal's address is spelt out on paper
    assert "@page" in printed


def _media_blocks(css: str, media: str) -> list[str]:
    blocks = []
    for match in re.finditer(rf"@media\s+{media}\s*\{{", css):
        depth, end = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        blocks.append(css[match.end(): end - 1])
    return blocks


# Abolished and replaced procedures.

def test_an_abolished_procedure_keeps_its_page_with_a_banner_naming_the_decision(built):
    article = built.article(ABOLISHED)
    banner = article.select_one("[role=alert]")
    assert "cchc-ended" in banner["class"]
    assert text(banner).startswith("Thủ tục này đã bị bãi bỏ Bãi bỏ theo Quyết định số 865/QĐ-UBND "
                                   "ngày 25/6/2019")
    assert banner.find_next(class_="cchc-summary-box") is not None  # prominent: before the record
    assert "Đã bãi bỏ" in text(article.select_one(".cchc-procedure-record"))


def test_a_replaced_procedure_links_to_its_replacement_and_back(built):
    banner = built.article(REPLACED).select_one("[role=alert]")
    assert "Thủ tục này đã được thay thế" in text(banner)
    assert "Quyết định số 1009/QĐ-UBND ngày 12/12/2018" in text(banner)
    link = banner.select_one("a")
    assert link["href"] == "../1.005473.000.00.00.H48/"
    assert (built.site / REPLACEMENT / "index.html").is_file()
    back = built.article(REPLACEMENT).select_one(".cchc-replaces a")
    assert back["href"] == "../2.001170.000.00.00.H48/"
    assert built.article(REPLACEMENT).select_one("[role=alert]") is None


# The index.

def index_groups(article) -> list[tuple[str, list[str], list[str]]]:
    """(heading, codes, names) of each section of the index, in page order."""
    return [(text(s.select_one("h2")), [text(c) for c in s.select("li[data-search] .cchc-code")],
             [text(a) for a in s.select("li[data-search] .cchc-procedure-name > a")])
            for s in article.select("section[data-cchc-group]")]


def test_the_index_groups_procedures_by_field_in_vietnamese_order_with_counts(built, sample):
    groups = index_groups(built.article(INDEX))
    in_force = [p for p in sample[0] if p.in_force]
    fields = sorted({p.field for p in in_force}, key=sort_key)
    assert [heading for heading, _, _ in groups[:-1]] == [
        f"{field} ({sum(p.field == field for p in in_force)} thủ tục)" for field in fields]
    for (_, codes, names), field in zip(groups, fields):
        assert names == sorted(names, key=sort_key)
        assert len(codes) == sum(p.field == field for p in in_force)
    nav = [text(li) for li in built.article(INDEX).select(".cchc-field-nav li")]
    assert nav[0] == "An toàn bức xạ và hạt nhân (4 thủ tục)"


def test_the_index_shows_name_code_level_time_limit_fee_and_online_level(built):
    section = built.article(INDEX).select_one("section#linh-vuc-an-toan-buc-xa-va-hat-nhan")
    entry = next(li for li in section.select("li[data-search]") if "1.004512" in text(li))
    # A sample record says so next to its name, as on its page.
    assert text(entry.select_one(".cchc-procedure-name")) == (
        "Khai báo thiết bị X-quang chẩn đoán trong y tế Dữ liệu minh họa")
    assert [text(f) for f in entry.select(".cchc-procedure-facts > .cchc-fact")] == [
        "Mã thủ tục: 1.004512.000.00.00.H48", "Cấp tỉnh",
        "Thời hạn: 03 ngày làm việc kể từ ngày nhận được phiếu khai báo hợp lệ", "Phí, lệ phí: Không",
        "Trực tuyến: Toàn trình"]
    assert entry.select_one("a")["href"] == "1.004512.000.00.00.H48/"
    assert entry["data-field"] == "linh-vuc-an-toan-buc-xa-va-hat-nhan" and entry["data-level"] == "cap-tinh"


def test_abolished_and_replaced_procedures_are_listed_apart(built):
    heading, codes, _ = index_groups(built.article(INDEX))[-1]
    assert heading == "Thủ tục đã bãi bỏ, được thay thế (2 thủ tục)"
    assert sorted(codes) == ["1.001022.000.00.00.H48", "2.001170.000.00.00.H48"]
    in_force_codes = [c for _, group_codes, _ in index_groups(built.article(INDEX))[:-1] for c in group_codes]
    assert not set(codes) & set(in_force_codes)
    ended = built.article(INDEX).select_one("#da-bai-bo-thay-the")
    assert "thủ tục thay thế: 1.005473.000.00.00.H48" in text(ended)


def test_every_link_of_the_index_leads_to_a_built_page(built):
    for link in built.article(INDEX).select("li[data-search] a"):
        assert (built.site / INDEX / link["href"] / "index.html").is_file(), link["href"]


def test_the_filter_box_is_labelled_hidden_until_its_local_script_runs(built):
    page = built.page(INDEX)
    box = page.select_one("[data-cchc-filter]")
    assert box.has_attr("hidden")  # without JavaScript: no dead controls, the full lists
    labels = [text(box.select_one(f"label[for={c['id']}]")) for c in box.select("input, select")]
    assert labels == ["Lọc thủ tục theo mã hoặc tên (gõ có dấu hoặc không dấu)", "Lĩnh vực", "Cấp thực hiện"]
    fields = [text(o) for o in box.select("#cchc-filter-field option")]
    assert fields[0] == "Tất cả lĩnh vực" and fields[1:] == [
        text(a) for a in built.article(INDEX).select(".cchc-field-nav a")][:len(fields) - 1]
    script = page.select_one("script[src$='cchc-procedures.js']")
    assert (built.site / INDEX / script["src"]).resolve().is_file()
    assert page.select_one("[role=status]") is not None


def test_the_index_is_in_the_navigation_and_linked_from_the_home_page(built):
    assert any(text(a) == "Thủ tục hành chính" for a in built.page("").select("nav a"))
    assert built.article("").select_one("a[href='thu-tuc-hanh-chinh/']") is not None


def test_without_javascript_the_index_is_plain_lists_grouped_by_field(built, sample):
    article = built.article(INDEX)
    # No table: each field is a heading followed by a list, each entry a link to its page.
    assert article.select("table") == []
    for section in article.select("section[data-cchc-group]"):
        assert section.find("h2") and section.select_one("ul.cchc-procedure-list")
        assert all(li.select_one("a[href]") for li in section.select("ul.cchc-procedure-list > li"))
    listed = [text(a) for a in article.select("li[data-search] .cchc-procedure-name > a")]
    assert sorted(listed) == sorted(p.name for p in sample[0])


def test_the_filter_text_is_folded_like_the_script_folds_the_query(sample):
    khai_bao = next(p for p in sample[0] if p.base_code == "1.004512")
    assert search_text(khai_bao) == ("1.004512.000.00.00.h48 khai bao thiet bi x quang chan doan "
                                     "trong y te an toan buc xa va hat nhan")


# Small sites: mistakes and ordering.

def record(code: str, name: str, field: str = "Chuyển giao công nghệ", extra: str = "", body: str = "") -> str:
    """A short valid procedure record with the given code, name and field."""
    return (f"---\ncode: {code}\nname: {name}\nfield: {field}\nsteps:\n  - Nộp hồ sơ.\n"
            "submission:\n  - channel: Trực tiếp\ndossier:\n  - name: Đơn đề nghị\n    originals: 1\n"
            "dossier_count: 01 bộ\ntime_limit: 05 ngày làm việc\napplicants: Tổ chức, cá nhân\n"
            "deciding_agency: Sở Khoa học và Công nghệ\n"
            "announced: {number: 1009/QĐ-UBND, date: 2018-12-12, kind: new}\n"
            f"updated: 2022-01-10\n{extra}---\n\n{body}\n")


PROCS = "content/procedures"


def test_every_mistake_in_every_record_is_listed_and_nothing_is_built(make_site):
    root = make_site({
        f"{PROCS}/a.md": record("1.005473.000.00.00.H48", "Đăng ký chuyển giao công nghệ"),
        f"{PROCS}/b.md": record("1.005473.H48", "Bản trùng mã"),
        f"{PROCS}/c.md": record("1.5473", "Mã sai").replace("name: Mã sai\n", ""),
        f"{PROCS}/d.md": record("2.001170", "Thủ tục cũ", extra="status: replaced\nreplaced_by: 9.999999\n")
        .replace("kind: new", "kind: replaced"),
        f"{PROCS}/e.md": record("1.000001", "Thiếu mẫu", extra="updatd: 2022-01-10\n").replace(
            "    originals: 1\n", "    form: mau-01.pdf\n    originals: 1\n").replace("2018-12-12", "2018-12-32"),
    })
    built = run_build(root)
    assert built.returncode == 1
    assert "Traceback" not in built.log
    assert built.log_lines("ERROR") == [
        "content/procedures/b.md:2: Mã thủ tục (code): mã '1.005473.H48' là cùng thủ tục với "
        "'1.005473.000.00.00.H48' ở content/procedures/a.md:2; mỗi thủ tục chỉ giữ một tệp",
        "content/procedures/c.md:1: Tên thủ tục (name): chưa có; thêm dòng 'name: ...' ghi tên thủ tục đúng như "
        "quyết định công bố",
        "content/procedures/c.md:2: Mã thủ tục (code): đang ghi '1.5473'; ghi mã thủ tục như '1.004512', "
        "'1.004512.000.00.00.H48' hoặc '1.004512.H48'",
        "content/procedures/d.md:19: Mã thủ tục thay thế (replaced_by): không có thủ tục nào mang mã '9.999999'; "
        "thêm tệp của thủ tục mới hoặc sửa lại mã",
        "content/procedures/e.md:11: Mẫu đơn, tờ khai (dossier[1].form): không tìm thấy tệp "
        "content/procedures/mau-01.pdf; đặt mẫu đơn cùng thư mục với thủ tục hoặc sửa tên tệp",
        "content/procedures/e.md:17: Ngày ký (announced.date): đang ghi '2018-12-32' (không có ngày này trong "
        "lịch); ghi ngày dạng 2022-03-03",
        "content/procedures/e.md:19: updatd: không có trường 'updatd' (có phải là 'updated'?); chỉ dùng các "
        "trường: code, "
        "sample, source, name, field, level, kind, online, steps, submission, dossier, cases, dossier_count, "
        "time_limit, applicants, deciding_agency, performing_agency, authorised_agency, coordinating_agencies, "
        "submit_at, result, fees, requirements, legal_basis, announced, updated, status, replaced_by, draft",
        "Nội dung có 7 lỗi; chưa dựng trang nào. Sửa từng dòng ở trên rồi dựng lại.",
    ]
    assert not (built.site / "thu-tuc-hanh-chinh").exists()


def test_fields_and_names_sort_in_vietnamese_order_and_the_editors_html_is_cleaned(make_site):
    root = make_site({
        f"{PROCS}/1.md": record("1.000001", "Xác nhận", field="Đo lường"),
        f"{PROCS}/2.md": record("1.000002", "Đăng ký", field="Dịch vụ"),
        f"{PROCS}/3.md": record("1.000003", "Duyệt", field="Dịch vụ"),
        f"{PROCS}/4.md": record("1.000004", "Ứng dụng", field="Ứng dụng", body="<script>alert(1)</script>Ghi chú."),
        f"{PROCS}/5.md": record("1.000005", "Zô", field="An toàn"),
        f"{PROCS}/6.md": record("1.000006", "Ấn định", field="Dịch vụ"),
    })
    built = run_build(root)
    assert built.returncode == 0, built.log
    groups = index_groups(built.article(INDEX))
    assert [heading for heading, _, _ in groups] == [
        "An toàn (1 thủ tục)", "Dịch vụ (3 thủ tục)", "Đo lường (1 thủ tục)", "Ứng dụng (1 thủ tục)"]
    assert groups[1][2] == ["Ấn định", "Duyệt", "Đăng ký"]
    page = built.article("thu-tuc-hanh-chinh/1.000004/")
    assert page.select("script") == [] and "Ghi chú." in text(page)
