"""Made-up files and text for the synthetic site: a picture, a bulletin's PDF, a title."""

from __future__ import annotations

import json
import random
import struct
import zlib

from cchc.text import slugify


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
