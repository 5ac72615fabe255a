"""Made-up files and text for the synthetic site: a picture, a bulletin's PDF, a title, and
the Vietnamese text the posts are written in (``Chain``)."""

from __future__ import annotations

import json
import random
import re
import struct
import zlib

from cchc.text import slugify

_MARKUP = re.compile(r"[#*_`|>\[\]]+|\(https?://[^)]*\)|\{[^}]*\}")


def png(seed: int) -> bytes:
    """A small valid PNG (16 x 9, one colour): pictures beside a few posts."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    colour = bytes([(seed * 37) % 256, (seed * 91) % 256, 120])
    rows = b"".join(b"\x00" + colour * 16 for _ in range(9))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 9, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def pdf(title: str) -> bytes:
    """A one-page PDF that names the issue (the bulletins' PDFs)."""
    text = title.encode("ascii", "replace")
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/MediaBox[0 0 595 842]/Parent 2 0 R/Title(" + text + b")>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def quoted(text: str) -> str:
    """Any title or summary, safe in front matter (JSON is YAML)."""
    return json.dumps(text, ensure_ascii=False)


def title(chain, rng: random.Random, words: int = 20) -> str:
    """A made-up title of at most 160 characters that has a slug."""
    text = chain.sentence(rng, words).rstrip(".").replace("<", "").replace(">", "").strip()
    text = text[:160].rsplit(" ", 1)[0] if len(text) > 160 else text
    return text if slugify(text) else "Tin hoạt động cải cách hành chính"


class Chain:
    """A word-bigram Markov chain over this project's own content: synthetic pages then have
    the word frequencies, syllables and diacritics of real CCHC text, with new combinations."""

    def __init__(self, texts: list[str]):
        self.next: dict[str, list[str]] = {}
        self.starts: list[str] = []
        for text in texts:
            words = _MARKUP.sub(" ", text).split()
            for i, word in enumerate(words):
                if i == 0 or words[i - 1].endswith((".", ":", ";")):
                    self.starts.append(word)
                if i + 1 < len(words):
                    self.next.setdefault(word, []).append(words[i + 1])

    def sentence(self, rng: random.Random, limit: int = 40) -> str:
        words = [rng.choice(self.starts)]
        while len(words) < limit and not words[-1].endswith(".") and words[-1] in self.next:
            words.append(rng.choice(self.next[words[-1]]))
        return " ".join(words).rstrip(",;:") + ("" if words[-1].endswith(".") else ".")

    def paragraph(self, rng: random.Random) -> str:
        return " ".join(self.sentence(rng) for _ in range(rng.randint(2, 4)))
