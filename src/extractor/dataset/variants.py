"""Made-up copies and made-up reports, from sample articles: the test set of copy finding and
the corpus of the dataset benchmark.

``edited`` turns an article into what another outlet would print of the same report (another
headline, a paragraph cut, paragraphs moved, boilerplate, decomposed Unicode); ``new_report``
makes a report no other one copies, from sentences of many articles with their numbers changed.
Everything is drawn from a ``random.Random`` given by the caller, so a seed gives the same set.
"""
from __future__ import annotations

import random
import re
import unicodedata

__all__ = ["EDITS", "edited", "new_report", "paragraphs", "sentence_pool"]

_HEADLINES = [
    "Tin địa phương: {}", "{} (cập nhật)", "Toàn cảnh: {}", "{} - Thông tin mới nhất",
    "Bản tin chiều: {}",
]
_BOILERPLATE_TOP = [
    "Trang chủ > Xã hội > Giảm nghèo", "Chia sẻ bài viết: Facebook | Zalo | In bài",
    "Cỡ chữ: A- A+ | Nghe đọc bài viết",
]
_BOILERPLATE_END = [
    "Theo Báo Nhân Dân điện tử. Bản quyền thuộc về tòa soạn, ghi rõ nguồn khi phát hành lại.",
    "Bình luận (0) | Gửi bình luận | Xem thêm các tin cùng chuyên mục.",
    "Đăng ký nhận bản tin hằng ngày qua thư điện tử để không bỏ lỡ tin tức mới nhất.",
]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _join(paras: list[str]) -> str:
    return "\n\n".join(paras) + "\n"


def headline(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    words = paras[0].split()
    cut = words[: max(3, len(words) * 2 // 3)]  # a shorter headline of the same story
    paras[0] = rng.choice(_HEADLINES).format(" ".join(cut))
    return _join(paras)


def cut_paragraph(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    if len(paras) >= 5:  # a body paragraph, never the headline or the lead
        del paras[rng.randrange(2, len(paras))]
    elif len(paras[-1]) > 200:  # few, long paragraphs: trim the last one's closing sentences
        sents = re.split(r"(?<=[.!?])\s+", paras[-1])
        paras[-1] = " ".join(sents[: max(1, len(sents) * 3 // 4)])
    return _join(paras)


def reorder(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    if len(paras) >= 4:
        i, j = rng.sample(range(2, len(paras)), 2)
        paras[i], paras[j] = paras[j], paras[i]
    return _join(paras)


def boilerplate(text: str, rng: random.Random) -> str:
    return _join([rng.choice(_BOILERPLATE_TOP), *paragraphs(text), rng.choice(_BOILERPLATE_END)])


def nfd(text: str, rng: random.Random) -> str:
    return unicodedata.normalize("NFD", text)


EDITS = {"headline": headline, "cut": cut_paragraph, "reorder": reorder, "boilerplate": boilerplate,
         "nfd": nfd}


def edited(text: str, rng: random.Random, edits: list[str] | None = None) -> tuple[str, list[str]]:
    """``text`` as another outlet prints it: the ``edits`` named (default: one to three drawn)."""
    if edits is None:
        edits = sorted(rng.sample(sorted(EDITS), rng.randint(1, 3)))
    for name in edits:
        text = EDITS[name](text, rng)
    return text, edits


def sentence_pool(texts: list[str]) -> list[str]:
    """The sentences of the body paragraphs of ``texts``."""
    pool = []
    for text in texts:
        for para in paragraphs(text)[1:]:
            pool.extend(s for s in re.split(r"(?<=[.!?])\s+", para) if len(s) > 30)
    return pool


_NUMBER = re.compile(r"\d+")


def _other_number(m: re.Match, rng: random.Random) -> str:
    digits = m.group()
    if len(digits) == 4 and 1990 <= int(digits) <= 2035:  # a year stays a year
        return digits
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


def new_report(pool: list[str], rng: random.Random, paragraphs_: int = 5) -> str:
    """A report of ``paragraphs_`` paragraphs of two or three sentences from ``pool``, numbers changed."""
    sents = [_NUMBER.sub(lambda m: _other_number(m, rng), s)
             for s in rng.sample(pool, paragraphs_ * 3 + 1)]
    title = " ".join(sents[0].split()[:12])
    body = []
    i = 1
    for _ in range(paragraphs_):
        n = rng.randint(2, 3)
        body.append(" ".join(sents[i:i + n]))
        i += n
    return _join([title, *body])
