"""Vietnamese text: slugs, folding, NFC and dictionary order."""

import unicodedata

import pytest

from cchc.text import fold, nfc, slugify, sort_key, toc_slugify


@pytest.mark.parametrize("title, slug", [
    ("Đẩy mạnh cải cách hành chính", "day-manh-cai-cach-hanh-chinh"),
    ("Đường Đồng Khởi", "duong-dong-khoi"),
    ("Quyết định số 949/QĐ-UBND", "quyet-dinh-so-949-qd-ubnd"),
    ("  ISO 9001:2015 — năm 2022!  ", "iso-9001-2015-nam-2022"),
    ("Thuỷ lợi và thủy sản", "thuy-loi-va-thuy-san"),
])
def test_slug_is_ascii_lower_case_with_d_for_đ(title, slug):
    assert slugify(title) == slug


def test_slug_is_the_same_for_nfd_input():
    assert slugify(unicodedata.normalize("NFD", "Quảng Ngãi")) == "quang-ngai"


def test_fold_strips_every_diacritic_and_maps_đ():
    assert fold("Đăng ký Thủ tục HÀNH CHÍNH") == "dang ky thu tuc hanh chinh"
    assert fold("hoà") == fold("hòa") == "hoa"


def test_nfc_makes_nfd_text_equal():
    nfd = unicodedata.normalize("NFD", "Quảng Ngãi")
    assert len(nfd) == 12 and len(nfc(nfd)) == 10
    assert nfc(nfd) == "Quảng Ngãi"


def test_toc_anchor_keeps_đ_as_d():
    assert toc_slugify("Chỉ đạo của lãnh đạo tỉnh", "-") == "chi-dao-cua-lanh-dao-tinh"


def test_vietnamese_sort_puts_đ_after_d_and_before_e():
    names = ["Ý kiến", "Đo lường", "Dịch vụ", "An toàn", "Ăn uống", "Ân hạn", "Bức xạ", "Zeta", "Ê kíp"]
    assert sorted(names, key=sort_key) == [
        "An toàn", "Ăn uống", "Ân hạn", "Bức xạ", "Dịch vụ", "Đo lường", "Ê kíp", "Ý kiến", "Zeta"]


def test_vietnamese_sort_orders_letters_before_tones():
    # Tones only break ties: "ma" < "mà" < "mả" < "mã" < "má" < "mạ" < "mac".
    words = ["mac", "mạ", "má", "mã", "mả", "mà", "ma"]
    assert sorted(words, key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ", "mac"]


def test_vietnamese_sort_ignores_normalisation_form():
    nfd = unicodedata.normalize("NFD", "Đo lường")
    assert sort_key(nfd)[:2] == sort_key("Đo lường")[:2]
