"""Scoring extracted articles against hand-written expectations (test pages, eval script)."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .html import ArticleContent, parse_html

_TOKEN = re.compile(r"\w+", re.U)


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def line_prf(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    """Precision/recall/F1 over whole paragraphs (multiset of exact lines)."""
    tp = sum((Counter(pred) & Counter(gold)).values())
    return _prf(tp, len(pred), len(gold))


def token_prf(pred: list[str], gold: list[str]) -> tuple[float, float, float]:
    """Precision/recall/F1 over lower-cased word tokens (bag of words)."""
    p = Counter(t.lower() for line in pred for t in _TOKEN.findall(line))
    g = Counter(t.lower() for line in gold for t in _TOKEN.findall(line))
    return _prf(sum((p & g).values()), sum(p.values()), sum(g.values()))


@dataclass
class PageCase:
    name: str
    html_path: Path
    expected: dict

    def parse(self, url: str | None = None) -> ArticleContent:
        return parse_html(self.html_path.read_bytes(), url=url or self.expected.get("url"))


def load_cases(folder: str | Path) -> list[PageCase]:
    cases = []
    for path in sorted(Path(folder).glob("*.json")):
        html = path.with_suffix(".html")
        if html.exists():
            cases.append(PageCase(path.stem, html, json.loads(path.read_text(encoding="utf-8"))))
    return cases


def leftover_boilerplate(article: ArticleContent, expected: dict) -> list[str]:
    """Expected-absent strings that still appear in lead, body or captions."""
    text = "\n".join([article.text, *article.captions])
    return [b for b in expected.get("boilerplate", []) if b in text]
