"""The editors' guide at /huong-dan/: every field explained, the plan's ids and the checker's
messages taken from the code at build time, so the guide cannot fall out of date."""

from datetime import datetime
from pathlib import Path

import pytest

from cchc.content import bulletins, news, procedure_check
from cchc.dates import VIETNAM
from cchc.content.fields import BULLETIN_FIELDS, NEWS_FIELDS, PROCEDURE_FIELDS
from cchc.site.guide import error_examples
from cchc.content.plan import load_plans
from conftest import run_build
from support.vietnamese import not_vietnamese

PROJECT = Path(__file__).resolve().parents[1]
JUNE_2022 = str(int(datetime(2022, 6, 15, 8, 0, tzinfo=VIETNAM).timestamp()))


@pytest.fixture(scope="module")
def plans():
    loaded, problems = load_plans(PROJECT)
    assert problems == []
    return loaded


@pytest.mark.parametrize("documented, allowed", [
    (NEWS_FIELDS, news.ALLOWED_KEYS), (PROCEDURE_FIELDS, procedure_check.ALLOWED_KEYS),
    (BULLETIN_FIELDS, bulletins.ALLOWED_KEYS)])
def test_every_front_matter_field_is_explained_once_with_an_example(documented, allowed):
    names = [f.name for f in documented]
    assert sorted(names) == sorted(allowed)
    assert all(f.hint and f.example.startswith(f"{f.name}:") for f in documented)


def test_every_common_error_still_produces_the_message_shown(plans):
    examples = error_examples(plans, 2022)
    assert len(examples) >= 10
    for example in examples:
        assert example.messages, f"{example.title}: the validators no longer report this mistake"
        assert all(m.startswith("content/") for m in example.messages)
    by_title = {e.title: e.messages for e in examples}
    assert by_title["Thủ tục ghi mức độ dịch vụ công cũ"] == (
        "content/procedures/an-toan-buc-xa/khai-bao.md:5: Dịch vụ công trực tuyến (online): 'mức độ 4' là cách "
        "chia mức độ trước Nghị định 42/2022; ghi 'toàn trình'",)
    # Every message the guide shows is the checker's Vietnamese, its field named by label and key.
    assert not_vietnamese(m for e in examples for m in e.messages) == []


def rows(table) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
            for row in table.select("tbody tr")]


def test_the_guide_lists_the_plan_topics_forms_and_channels(shipped, plans):
    assert shipped.returncode == 0, shipped.log
    guide = shipped.article("huong-dan/")
    plan = plans[2023]  # built as of 2023-01-01: the (draft) plan of 2023
    assert guide.h1.get_text() == "Hướng dẫn biên tập"
    assert rows(guide.select_one(".cchc-guide-topics table")) == [[t.id, t.name, t.title] for t in plan.topics]
    assert [r[0] for r in rows(guide.select_one(".cchc-guide-forms table"))] == [f.id for f in plan.forms]
    assert [r[0] for r in rows(guide.select_one(".cchc-guide-quotas table"))] == [
        "bulletin", "radio", "tv", "newspaper"]
    # The shipped 2023 plan is a sample draft, and the guide says so.
    assert "kế hoạch năm 2023 còn là bản nháp" in guide.select_one(".cchc-guide-note").get_text()
    nav = [a.get_text(strip=True) for a in shipped.page("").select(".md-tabs__link")]
    assert "Hướng dẫn" in nav


def test_the_guide_shows_the_messages_the_checker_prints(shipped, plans):
    shown = [pre.get_text() for pre in shipped.article("huong-dan/").select("pre.cchc-guide-message")]
    assert shown == ["\n".join(e.messages) for e in error_examples(plans, 2023)]
    # The messages are Vietnamese: the guide needs no glossary of English words to translate them.
    section = shipped.article("huong-dan/").select_one("#loi-thuong-gap").get_text()
    assert "tiếng Anh" not in section and "expected" not in section


def test_the_guide_follows_the_plan_file_as_it_is(make_site):
    root = make_site({})
    plan = root / "content/plans/2022.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "name: Hệ thống quản lý chất lượng ISO 9001:2015", "name: ISO 9001 tại Sở"), encoding="utf-8")
    built = run_build(root, epoch=JUNE_2022)
    assert built.returncode == 0, built.log
    guide = built.article("huong-dan/")
    assert rows(guide.select_one(".cchc-guide-topics table"))[-1][:2] == ["II.5", "ISO 9001 tại Sở"]
    assert guide.select_one(".cchc-guide-note") is None
