"""Vietnamese text helpers: NFC, ASCII slugs, diacritic folding and alphabetical sort keys."""

from __future__ import annotations

import re
import unicodedata

# đ/Đ have no Unicode decomposition, so NFKD-and-strip alone would drop them.
_D_STROKE = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# The segment of a list's later pages (tin-tuc/2022/trang/2/, cchc.site.pagination): never a
# record's slug, so that no post's address can be one of those pages' folder.
PAGE_SEGMENT = "trang"

# Combining marks that make a separate letter of the Vietnamese alphabet (ă, â, ê, ô, ơ, ư)
# sort as letters; the five tone marks sort only after the letters are equal.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the one form every stored string uses."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip every diacritic, mapping đ to d ("Đăng ký" -> "dang ky")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_STROKE))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(text: str) -> str:
    """Return an ASCII lower-case URL slug: "Đẩy mạnh cải cách" -> "day-manh-cai-cach"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def sort_key(text: str) -> tuple:
    """Key that sorts Vietnamese in dictionary order: Đ after D, tones after letters."""
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if char in (_BREVE, _CIRCUMFLEX, _HORN) and letters:
            base = _ALPHABET[letters[-1]] if 0 <= letters[-1] < len(_ALPHABET) else ""
            combined = unicodedata.normalize("NFC", base + char)
            if combined in _LETTER_RANK:
                letters[-1] = _LETTER_RANK[combined]
            continue
        if unicodedata.combining(char):
            continue
        # Letters outside the alphabet (digits, spaces, punctuation) sort before it, by code point.
        letters.append(_LETTER_RANK.get(char, ord(char) - 0x110000))
        tones.append(0)
    return (letters, tones, text)


def toc_slugify(value: str, separator: str = "-") -> str:
    """Heading anchors for Python-Markdown's toc: "Chỉ đạo" -> "chi-dao" (keeps đ as d)."""
    return slugify(value).replace("-", separator)
