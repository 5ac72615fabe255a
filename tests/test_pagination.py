"""Lists cut into pages (cchc.site.pagination): where each page is, what it holds, its neighbours."""

from cchc.site.pagination import page_url, paginate, paginate_groups


def test_page_one_keeps_the_lists_address_and_later_pages_go_under_trang():
    assert page_url("tin-tuc/2022/", 1) == "tin-tuc/2022/"
    assert page_url("tin-tuc/2022/", 3) == "tin-tuc/2022/trang/3/"


def test_a_list_is_cut_in_pages_that_link_to_their_neighbours():
    pages = paginate("chu-de/iso/", list(range(7)), 3)
    assert [list(items) for _, items in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    first, middle, last = (pager for pager, _ in pages)
    assert (first.prev_url, first.next_url) == (None, "chu-de/iso/trang/2/")
    assert (middle.prev_url, middle.next_url) == ("chu-de/iso/", "chu-de/iso/trang/3/")
    assert (last.prev_url, last.next_url, last.last_url) == ("chu-de/iso/trang/2/", None, "chu-de/iso/trang/3/")
    assert [p.count for p, _ in pages] == [3, 3, 3]


def test_an_empty_list_is_one_page_with_no_neighbours():
    [(pager, items)] = paginate("tin-tuc/", [], 10)
    assert list(items) == [] and pager.url == "tin-tuc/" and pager.prev_url is None and pager.next_url is None


def test_later_pages_are_left_out_of_search_and_every_page_names_its_neighbours_for_the_head():
    (first, _), (second, _) = paginate("tin-tuc/", list(range(4)), 2)
    assert first.meta == {"pager": {"prev": None, "next": "tin-tuc/trang/2/"}}
    assert second.meta == {"pager": {"prev": "tin-tuc/", "next": None}, "search": {"exclude": True}}


def test_a_group_cut_by_a_page_goes_on_under_its_heading_and_an_empty_group_stays_in_place():
    groups = [(2023, ["a", "b"]), (2022, ["c", "d", "e"]), (2021, []), (2020, ["f"])]
    pages = paginate_groups("chu-de/x/", groups, 3)
    assert [parts for _, parts in pages] == [
        [(2023, ["a", "b"]), (2022, ["c"])],
        [(2022, ["d", "e"]), (2021, []), (2020, ["f"])],
    ]
    assert [p.url for p, _ in pages] == ["chu-de/x/", "chu-de/x/trang/2/"]


def test_groups_with_no_items_at_all_make_one_page():
    [(pager, parts)] = paginate_groups("chu-de/x/", [(2023, [])], 5)
    assert parts == [(2023, [])] and pager.count == 1
