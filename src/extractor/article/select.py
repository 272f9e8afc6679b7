"""CSS selectors over a page in time proportional to what they can match, not to the page.

``soup.select(sel)`` visits every element for every selector: the adapters' ~80 selectors cost
80 passes over the page, and a descendant combinator walks each element's ancestors too, so a
page of a million elements (or one nested thousands deep) took minutes. ``ElementIndex`` lists
the elements once, by tag name, id, class and attribute; a selector is matched (by soupsieve,
so the answer is the same) only against the elements its last compound can name: ``.sapo``
looks at the elements of class ``sapo``, ``[class*=menu]`` at those whose class contains
``menu``, ``article p`` at the ``p`` elements. Elements decomposed since are skipped.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import lru_cache
from typing import Callable, Iterable

import soupsieve
from bs4 import Tag

# The parts of a compound selector this index can look up: #id, .class, [attr op value], tag.
_ID = re.compile(r"#((?:[\w-]|\\.)+)")
_CLASS = re.compile(r"\.((?:[\w-]|\\.)+)")
_ATTR = re.compile(r"""\[\s*([\w:-]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]*))\s*(i)?\s*)?\]""")
_TAG = re.compile(r"^([a-zA-Z][\w-]*)")


def _split_top(text: str, seps: str) -> list[str]:
    """``text`` split at the characters of ``seps`` outside brackets, parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, c in enumerate(text):
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and c in seps:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


@lru_cache(maxsize=512)
def _plan(selector: str) -> tuple[tuple, ...] | None:
    """Per comma-separated part, what to look up for its last compound; None: look at all."""
    plans = []
    for part in _split_top(selector, ","):
        last = [p for p in _split_top(part.strip(), " >+~") if p.strip()]
        if not last or "(" in last[-1] or ":" in _ATTR.sub("", last[-1]):
            return None  # pseudo-classes: not worth planning, match every element
        compound = last[-1].strip()
        if m := _ID.search(_ATTR.sub("", compound)):
            plans.append(("id", m.group(1)))
        elif m := _CLASS.search(_ATTR.sub("", compound)):
            plans.append(("class", m.group(1)))
        elif m := _ATTR.search(compound):
            name, op, value = m.group(1).lower(), m.group(2), next((v for v in m.group(3, 4, 5) if v is not None), None)
            plans.append(("attr", name, op, value if not m.group(6) else None))
        elif m := _TAG.match(compound):
            plans.append(("name", m.group(1).lower()))
        else:
            return None
    return tuple(plans)


def _attr_test(op: str | None, value: str | None) -> Callable[[str], bool]:
    """A quick pre-test on the attribute's text, loose about case (some HTML attributes match
    without it); soupsieve decides afterwards."""
    if op is None or value is None or op in ("~=", "|="):
        return lambda text: True
    v = value.lower()
    return {"=": lambda t: t.lower() == v, "*=": lambda t: v in t.lower(), "^=": lambda t: t.lower().startswith(v),
            "$=": lambda t: t.lower().endswith(v)}[op]


class ElementIndex:
    """Every element of a soup, once, by what selectors name; positions in document order."""

    def __init__(self, soup: Tag):
        self.soup = soup
        self.elements: list[Tag] = list(soup.find_all(True))
        self._pos: dict[int, int] = {}
        self._name: dict[str, list[int]] = defaultdict(list)
        self._id: dict[str, list[int]] = defaultdict(list)
        self._class: dict[str, list[int]] = defaultdict(list)
        self._attr: dict[str, list[int]] = defaultdict(list)
        for pos, el in enumerate(self.elements):
            self._pos[id(el)] = pos
            self._name[el.name].append(pos)
            for attr, value in el.attrs.items():
                self._attr[attr].append(pos)
                if attr == "id" and isinstance(value, str):
                    self._id[value].append(pos)
                elif attr == "class":
                    for cls in value if isinstance(value, list) else str(value).split():
                        self._class[cls].append(pos)

    def _candidates(self, plan: tuple) -> Iterable[int]:
        kind = plan[0]
        if kind == "name":
            return self._name.get(plan[1], ())
        if kind == "id":
            return self._id.get(plan[1], ())
        if kind == "class":
            return self._class.get(plan[1], ())
        _, name, op, value = plan
        test = _attr_test(op, value)
        positions = self._attr.get(name, ())
        return [p for p in positions  # a decomposed element has no attributes left to test
                if not self.elements[p].decomposed and test(_attr_text(self.elements[p].get(name)))]

    def _span(self, root: Tag | None) -> tuple[int, int]:
        """Positions of ``root``'s descendants: (first, last). Elements are only ever removed,
        so the last descendant left is still after every other one left, and before the rest."""
        if root is None or root is self.soup or id(root) not in self._pos:
            return 0, len(self.elements) - 1
        last = root
        while True:
            children = [c for c in last.contents if isinstance(c, Tag)]
            if not children:
                break
            last = children[-1]
        return self._pos[id(root)] + 1, self._pos.get(id(last), self._pos[id(root)])

    def select(self, selector: str, root: Tag | None = None) -> list[Tag]:
        """``root.select(selector)`` (the whole page by default), in document order."""
        compiled = _compile(selector)
        plan = _plan(selector)
        first, last = self._span(root)
        if plan is None:
            positions: Iterable[int] = range(first, last + 1)
        else:
            found: set[int] = set()
            for part in plan:
                found.update(self._candidates(part))
            positions = sorted(p for p in found if first <= p <= last)
        return [el for el in (self.elements[p] for p in positions)
                if not el.decomposed and compiled.match(el)]

    def count(self, name: str, root: Tag) -> int:
        """How many ``name`` elements ``root`` holds (decomposed ones too: an upper bound)."""
        first, last = self._span(root)
        positions = self._name.get(name, [])
        return bisect_right(positions, last) - bisect_left(positions, first)


def _attr_text(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value or "")


@lru_cache(maxsize=512)
def _compile(selector: str):
    return soupsieve.compile(selector)
