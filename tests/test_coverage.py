"""The plan check, rule by rule: covered, pending, overdue, windows, quotas pro rata."""

from datetime import date

import pytest

from cchc.plan.coverage import DONE, OVERDUE, PENDING, Item, coverage_report, expected_by
from cchc.content.plan import load_plan

PLAN = """\
year: 2030
title: Kế hoạch thử
topics:
  - {id: II.1, name: Văn bản, title: Văn bản chỉ đạo}
  - {id: II.2, name: Nội dung, title: Các nội dung}
  - {id: II.2.1, name: Thể chế, title: Cải cách thể chế}
  - {id: II.2.2, name: TTHC, title: Cải cách TTHC}
forms:
  - {id: III.3, title: Bản tin và chuyên mục, lead: [Trung tâm], window: all-year,
     quotas: [{id: bulletin, title: Bản tin, target: 6, counted_by: bulletins},
              {id: radio, title: Phát thanh, target: 12}]}
  - {id: III.4, title: Ngày KH&CN 18/5, lead: [Văn phòng], window: Q2}
deadlines:
  units_report: 2030-11-10
  department_report: 2030-11-15
"""


@pytest.fixture
def plan(tmp_path):
    (tmp_path / "content/plans").mkdir(parents=True)
    (tmp_path / "content/plans/2030.yml").write_text(PLAN, encoding="utf-8")
    loaded, problems = load_plan(tmp_path, "content/plans/2030.yml")
    assert problems == []
    return loaded


def news(day, topics=(), forms=(), channel=None, url=None):
    return Item("news", "content/news/2030/x.md", url or f"tin-tuc/2030/{day}/", "Tin", day,
                "Văn phòng", tuple(topics), tuple(forms), channel)


def bulletin(day):
    return Item("bulletin", "content/bulletins/2030/01.md", f"ban-tin/2030/{day}/", "Bản tin", day)


def status(coverage, topic_or_form):
    for entry in coverage.topics:
        if entry.topic.id == topic_or_form:
            return entry.status
    for entry in coverage.forms:
        if entry.form.id == topic_or_form:
            return entry.status
    raise KeyError(topic_or_form)


def test_a_topic_with_a_published_item_is_done(plan):
    coverage = coverage_report(plan, [news(date(2030, 3, 1), ["II.1"])], date(2030, 12, 31))
    assert status(coverage, "II.1") == DONE
    assert [i.url for i in coverage.topics[0].items] == ["tin-tuc/2030/2030-03-01/"]


def test_an_uncovered_topic_is_pending_until_the_units_report_deadline_then_overdue(plan):
    assert status(coverage_report(plan, [], date(2030, 11, 10)), "II.1") == PENDING
    assert status(coverage_report(plan, [], date(2030, 11, 11)), "II.1") == OVERDUE


def test_items_of_another_year_or_after_the_check_day_do_not_count(plan):
    items = [news(date(2029, 12, 31), ["II.1"]), news(date(2030, 6, 2), ["II.1"])]
    assert status(coverage_report(plan, items, date(2030, 6, 1)), "II.1") == PENDING
    assert status(coverage_report(plan, items, date(2030, 6, 2)), "II.1") == DONE


def test_a_parent_topic_is_done_only_when_each_of_its_points_is(plan):
    coverage = coverage_report(plan, [news(date(2030, 3, 1), ["II.2.1"])], date(2030, 12, 31))
    assert status(coverage, "II.2.1") == DONE
    assert status(coverage, "II.2.2") == OVERDUE
    assert status(coverage, "II.2") == OVERDUE
    # Only the point itself is reported, not its parent a second time.
    assert [f.id for f in coverage.overdue if f.id.startswith("II.")] == ["II.1", "II.2.2"]


def test_a_windowed_form_before_inside_and_after_its_window(plan):
    on_day = [news(date(2030, 5, 18), forms=["III.4"])]
    assert status(coverage_report(plan, [], date(2030, 3, 31)), "III.4") == PENDING    # before
    assert status(coverage_report(plan, [], date(2030, 6, 30)), "III.4") == PENDING    # inside, last day
    assert status(coverage_report(plan, [], date(2030, 7, 1)), "III.4") == OVERDUE     # after
    assert status(coverage_report(plan, on_day, date(2030, 7, 1)), "III.4") == DONE


def test_an_item_outside_the_window_does_not_count_and_is_listed(plan):
    late = news(date(2030, 8, 1), forms=["III.4"])
    coverage = coverage_report(plan, [late], date(2030, 12, 31))
    form = coverage.forms[1]
    assert form.status == OVERDUE and form.items == () and form.outside == (late,)


def test_quota_counts_pro_rata_over_its_window(plan):
    assert expected_by(12, date(2030, 1, 1), date(2030, 12, 31), date(2030, 6, 30)) == 5
    assert expected_by(12, date(2030, 1, 1), date(2030, 12, 31), date(2030, 7, 2)) == 6
    assert expected_by(12, date(2030, 1, 1), date(2030, 12, 31), date(2029, 12, 31)) == 0
    assert expected_by(12, date(2030, 1, 1), date(2030, 12, 31), date(2031, 1, 1)) == 12
    radio = [news(date(2030, m, 15), channel="radio", url=f"r{m}") for m in range(1, 7)]
    coverage = coverage_report(plan, radio, date(2030, 6, 30))
    quota = coverage.forms[0].quotas[1]
    assert (quota.done, quota.expected, quota.status) == (6, 5, PENDING)


def test_a_quota_short_at_the_end_of_its_window_is_overdue(plan):
    bulletins = [bulletin(date(2030, m, 1)) for m in (2, 4, 6, 8, 10)]
    coverage = coverage_report(plan, bulletins, date(2031, 1, 1))
    quota = coverage.forms[0].quotas[0]
    assert (quota.done, quota.status) == (5, OVERDUE)
    finding = next(f for f in coverage.overdue if f.id == "III.3/bulletin")
    assert str(finding) == (
        "content/plans/2030.yml:10: III.3/bulletin: quá hạn: Bản tin: đã đăng 5/6, cần đạt 6 đến ngày "
        "01/01/2031; mỗi bản tin đã đăng được tính một; thời gian thực hiện 01/01/2030 - 31/12/2030")


def test_a_full_quota_is_done(plan):
    items = [bulletin(date(2030, m, 1)) for m in range(1, 7)]
    items += [news(date(2030, m, 1), channel="radio", url=f"r{m}") for m in range(1, 13)]
    coverage = coverage_report(plan, items, date(2030, 12, 31))
    assert [q.status for q in coverage.forms[0].quotas] == [DONE, DONE]
    assert status(coverage, "III.3") == DONE


def test_findings_name_the_id_the_title_and_what_is_missing(plan):
    coverage = coverage_report(plan, [], date(2031, 1, 1))
    assert [str(f) for f in coverage.overdue] == [
        "content/plans/2030.yml:4: II.1: quá hạn: Văn bản: chưa có tin bài hay bản tin nào năm 2030 đã đăng thuộc chủ đề này, hạn báo cáo của các đơn vị đã qua ngày 10/11/2030; "
        "đăng tin bài có 'topics: [II.1]'",
        "content/plans/2030.yml:6: II.2.1: quá hạn: Thể chế: chưa có tin bài hay bản tin nào năm 2030 đã đăng thuộc chủ đề này, hạn báo cáo của các đơn vị đã qua ngày 10/11/2030; "
        "đăng tin bài có 'topics: [II.2.1]'",
        "content/plans/2030.yml:7: II.2.2: quá hạn: TTHC: chưa có tin bài hay bản tin nào năm 2030 đã đăng thuộc chủ đề này, hạn báo cáo của các đơn vị đã qua ngày 10/11/2030; "
        "đăng tin bài có 'topics: [II.2.2]'",
        "content/plans/2030.yml:10: III.3/bulletin: quá hạn: Bản tin: đã đăng 0/6, cần đạt 6 đến ngày "
        "01/01/2031; mỗi bản tin đã đăng được tính một; thời gian thực hiện 01/01/2030 - 31/12/2030",
        "content/plans/2030.yml:11: III.3/radio: quá hạn: Phát thanh: đã đăng 0/12, cần đạt 12 đến ngày "
        "01/01/2031; mỗi tin bài có 'channel: radio' được tính một; thời gian thực hiện 01/01/2030 - 31/12/2030",
        "content/plans/2030.yml:12: III.4: quá hạn: Ngày KH&CN 18/5: chưa có tin bài nào có 'form: III.4' với "
        "ngày đăng trong thời gian thực hiện 01/4/2030 - 30/6/2030",
    ]


def test_on_the_last_day_of_a_year_long_quota_a_shortfall_is_still_pending(plan):
    coverage = coverage_report(plan, [], date(2030, 12, 31))
    assert [q.status for q in coverage.forms[0].quotas] == [PENDING, PENDING]
