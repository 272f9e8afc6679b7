"""Quantities in Vietnamese text: numbers with their scale, unit, qualifier, range or fraction.

Built bottom-up as Duckling does: numerals (digits with Vietnamese separators, or number words)
are found first; each is then extended by a scale word, a unit (percent, currency, counter, per
unit), joined with a second numeral into a range or a fraction, and qualified by the words before
it. Dates, years, document codes, clock times, phone numbers and names ("Dự án 1") are refused.
The vocabulary lives in ``patterns/quantities.yaml``; its corpus in ``patterns/quantities.corpus.tsv``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Optional

from .. import rxstore
from ..patterns import load_yaml
from ..text import fold_phrase

_L = r"(?![^\W\d_])"  # not followed by a letter: the end of a word
_LB = r"(?<![^\W\d_])"  # not preceded by a letter
_H = r"[^\S\n]"  # a space within a line: no quantity crosses a line break

_WHOLE_RATIO = 1000  # a fraction's numerator this many times its denominator's number is written whole


@dataclass
class Quantity:
    start: int
    end: int
    text: str
    value: Optional[float]
    range: Optional[tuple[float, float]] = None
    unit: Optional[str] = None  # "%", "pp", "VND", "VND/person/year", "households", … None for a bare number
    bound: str = "exact"
    counter: Optional[str] = None  # the counted noun as written (folded), e.g. "hộ", "lượt"
    denominator: Optional["Quantity"] = None  # for "478,93/760,8 tỷ đồng": the 760,8 tỷ đồng part
    num_end: int = 0  # end of the first numeral: fractions and ranges quote their first number here
    sign: Optional[int] = None  # +1/-1 when written ("+5,04%", "âm 1.200.000")
    qualifier_start: Optional[int] = None  # where the qualifier word starts, when there is one
    # A bare number in words, no unit or scale ("bảy", "mười hai"): a number for ``tag``, which
    # the fact rules may skip (no fact reads a count from a lone word).
    bare_words: bool = False

    def as_dict(self) -> dict:
        out = {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
               "unit": self.unit, "bound": self.bound, "range": list(self.range) if self.range else None}
        if self.denominator is not None:
            out["denominator"] = self.denominator.as_dict()
        return out


def _alt(words) -> str:
    words = sorted({fold_phrase(w) for w in words}, key=lambda w: (-len(w), w))  # (ties in one order: the same pattern every run)
    return "|".join(re.escape(w).replace(r"\ ", _H + "+") for w in words)


@dataclass
class _Grammar:
    digit: re.Pattern
    words: re.Pattern
    blocked: re.Pattern
    blocked_words: re.Pattern
    tail: re.Pattern
    per: re.Pattern
    range_join: re.Pattern
    qualifier: re.Pattern
    name_before: re.Pattern
    weak_name_before: re.Pattern
    duration_after: re.Pattern
    after_bound: re.Pattern
    scales: dict
    counters: dict  # folded counter -> unit
    units: dict
    ten: set
    tens: set
    hundred: set
    filler: set
    never_first: set
    after_tens_only: set
    articles: set
    qualifiers: dict
    per_subjects: dict
    per_periods: dict
    half: set = field(default_factory=set)
    fraction_words: Optional[re.Pattern] = None
    share_after: Optional[re.Pattern] = None
    max_denominator: int = 10
    halves: set = field(default_factory=set)
    currencies: dict = field(default_factory=dict)  # folded currency word -> unit code
    currency_units: set = field(default_factory=set)
    home_currency: str = "VND"  # the currency a scaled amount per person is in when it names none
    not_alone: set = field(default_factory=set)
    never_alone: set = field(default_factory=set)
    not_before: Optional[re.Pattern] = None
    not_after: Optional[re.Pattern] = None
    currency_before: Optional[re.Pattern] = None
    currency_before_units: dict = field(default_factory=dict)
    code_ends: frozenset = frozenset()  # last characters of those codes: a cheap test first
    foreign: frozenset = frozenset()  # the codes of the currencies other than the đồng ("USD", "EUR", …)
    cents: Optional[re.Pattern] = None
    range_opener: Optional[re.Pattern] = None
    range_and: Optional[re.Pattern] = None
    decimal_word: Optional[re.Pattern] = None
    spaced_minus_after: Optional[re.Pattern] = None


def foreign_currencies() -> frozenset:
    """The codes of the currencies other than the đồng ("USD", "EUR", …)."""
    return grammar().foreign


def _alt_unless(words, not_followed_by) -> str:
    """An alternation of the folded ``words``, longest first, spaces matching any run of them, each
    word not matched where one of its ``not_followed_by`` words comes next ("đồng" not in "đồng
    bào", "tỷ" not in "tỷ lệ")."""
    blocked = {fold_phrase(w): rf"(?!{_H}+(?:{_alt(after)}){_L})" for w, after in (not_followed_by or {}).items()}
    return "|".join(re.escape(w).replace(r"\ ", _H + "+") + blocked.get(w, "")
                    for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def grammar() -> _Grammar:
    y = load_yaml("quantities.yaml")
    scales = {fold_phrase(k): int(v) for k, v in y["scales"].items()}
    counters = {}
    for unit, words in y["counters"].items():
        for w in words:
            counters[fold_phrase(w)] = unit
    nw = y["number_words"]
    units = {fold_phrase(k): v for k, v in nw["units"].items()}
    word_vocab = list(units) + nw["ten"] + nw["tens"] + nw["hundred"] + nw["zero_filler"] + y["half_words"]
    scale_alt = _alt(scales)
    # (a scale word that begins another word is none: "năm tỷ lệ")
    scale_tail = _alt_unless(scales, y.get("scale_not_followed_by"))
    # The first digit comes first and the "no word or mark before it" test right after it, so the
    # regex engine can skip to digits instead of testing every position; at most 15 digits before
    # the mark: longer runs are no amounts.
    # "tỷ lệ hộ nghèo1,56%": a percentage glued to the word before it (a typing slip) is still one
    _GLUED_PERCENT = r"|(?<=[^\W\d_]{3}\d)(?=(?:[\d.,]*\d)?\s?%)"
    glued_codes = "".join(rf"|(?<={re.escape(fold_phrase(c))}\d)" for c in y["currency"]["before"])
    digit = rxstore.compile(
        r"\d(?:(?<![\w.,]\d)" + glued_codes + _GLUED_PERCENT + r")(?:"
        # a decimal comma typed with a space after it, before a percent or a scale word: "3, 73%",
        # "hơn 1, 58 triệu hộ"
        rf"\d{{0,2}}, \d{{1,3}}(?=\s?(?:%|(?:{scale_alt})(?!\w)))|"
        r"\d{0,2}(?:\.\d{3}){1,5}(?:,\d{1,6})?|\d{0,14},\d{1,6}|\d{0,14}\.\d{1,6}|\d{0,14})"
        r"(?![\d])(?![.,]\d)")
    # A run of number words, scale words allowed inside ("hai mươi mốt nghìn không trăm mười một").
    words_alt = _alt(word_vocab)
    words = rxstore.compile(rf"{_LB}(?:{words_alt})(?:{_H}+(?:{words_alt}|{scale_tail}){_L})*{_L}")
    # Every blocked pattern starts with a digit or "+": the lookahead lets the scan skip letters.
    blocked = rxstore.compile("(?=[0-9+])(?:" + "|".join([
        # 31/5/2024, 30.3.2022, 31/12/23, 30/4.2021; not "36/1.204 hộ" (a count out of a count)
        r"(?<![\d.,])\d{1,2}(?P<dsep>[/.-])\d{1,2}(?:(?P=dsep)\d{2,4}|[/.-](?:19|20)\d{2})(?!\d|,\d)",
        r"(?<![\d.,])\d{4}-\d{1,2}-\d{1,2}(?!\d)",               # 2024-05-31
        r"(?<![\d.,])\d{1,2}\s*[/-]\s*(?:19|20)\d{2}(?!\d)",    # 6/2024, 12-2018
        r"(?<![\d.,])(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}(?![\d,.]\d)",  # 2021-2025
        r"(?<![\d.,/-])\d+(?:[/.-]\d+)*/[^\W\d_]",             # 353/QĐ-TTg, 88/2019/QH14
        r"(?<![\d.,])\d{1,4}[a-d](?![^\W\d_])",                 # 30a, 135b: a programme's or a clause's code
        r"(?<![\d,.])\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?!\d)(?:\s*(?:am|pm))?",  # 10:43:46, 7h30
        r"(?<![\d.,])(?:\+84|0)\d{2,3}[ .]?\d{3}[ .]?\d{3,4}(?!\d|,\d)",   # phone numbers
        r"(?<![\d.,])1[89]00[ .]?\d{3,4}(?:[ .]?\d{2,4})?(?!\d|,\d)",      # hotlines 1900 1234
    ]) + ")")
    blocked_words = rxstore.compile(r"(?:ngày|hôm|sáng|chiều|tối|đêm)\s+\d{1,2}\s*/\s*\d{1,2}(?!\d)")  # ngày 14/12
    pct = _alt(y["percent"]["words"])
    pts = _alt(y["percent"]["points"])
    currencies = {fold_phrase(w): y["currency"]["unit"] for w in y["currency"]["words"]}
    for code, names in y["currency"]["foreign"].items():
        currencies.update({fold_phrase(w): code for w in names})
    cur = _alt_unless(currencies, y["currency"]["not_followed_by"])
    glued = _alt(y["currency"]["glued_thousand"])
    counter_alt = _alt_unless(counters, y.get("counter_not_followed_by"))
    tail = rxstore.compile(
        rf"(?P<scale>(?:{_H}*(?:{scale_tail}){_L})*)"
        rf"(?:{_H}+(?P<half>{_alt(y['half_words'])}){_L})?"
        rf"(?:(?P<pts>{_H}*(?:{pts})(?!\w))|(?P<pct>{_H}*(?:{pct}))"
        rf"|(?P<cur>{_H}*(?:{cur}){_L})"
        rf"|(?P<k>(?:{glued}){_L})(?P<kcur>{_H}*(?:{cur}){_L})?|{_H}*(?P<counter>(?:{counter_alt})){_L})?")  # (glued too: "(2.438hộ)")
    per_subjects = {fold_phrase(k): v for k, v in y["per_subjects"].items()}
    per_periods = {fold_phrase(k): v for k, v in y["per_periods"].items()}
    per = rxstore.compile(
        rf"{_H}*/{_H}*(?:(?P<subj>{_alt(per_subjects)}){_L}(?:{_H}*/{_H}*(?P<per1>{_alt(per_periods)}){_L})?"
        rf"|(?P<per2>{_alt(per_periods)}){_L})")
    dash = "|".join(re.escape(d) for d in y["range_dash"])
    range_join = rxstore.compile(
        rf"{_H}*(?:{dash}){_H}*|{_H}+(?:(?:{_alt(y['range_joiners'])})(?:{_H}+(?:{_alt(y['range_high_qualifiers'])}))?"
        rf"|(?P<and>{_alt(y['range_and'])})){_H}+")
    qualifiers = {fold_phrase(k): v for k, v in y["qualifiers_before"].items()}
    symbols = {fold_phrase(k): v for k, v in y["qualifier_symbols"].items()}
    qualifiers.update(symbols)
    qualifier = rxstore.compile(rf"(?:{_LB}(?P<q>{_alt(qualifiers)}|từ|giữa|{_alt(y['negative_words'])}){_H}+"
                                rf"|(?<![<>≤≥=-])(?P<s>{_alt(symbols)}){_H}*)$")
    name_before = rxstore.compile(rf"{_LB}(?:{_alt(y['name_before'])}){_H}*:?{_H}*$")
    weak_name_before = rxstore.compile(rf"{_LB}(?:{_alt(y['weak_name_before'])}){_H}*:?{_H}*$")
    duration_after = rxstore.compile(rf"{_H}+(?:{_alt(y['duration_after'])}){_L}")
    after_bound = rxstore.compile(
        rf"{_H}+(?:(?P<least>{_alt(y['at_least_after'])})|(?P<most>{_alt(y['at_most_after'])})){_L}")
    before = {fold_phrase(k): v for k, v in y["currency"]["before"].items()}
    currency_before = rxstore.compile(rf"(?:{_LB}(?P<code>{_alt(before)}))(?P<gap>{_H}?)$")
    fr = y["fractions"]
    halves = {fold_phrase(w) for w in fr["half"]}
    fraction_words = rxstore.compile(
        rf"{_LB}(?:(?P<half>{_alt(halves)})|(?P<a>{_alt(units)}){_H}+(?:{_alt(fr['of'])}){_H}+(?P<b>{_alt(list(units) + nw['ten'])})){_L}")
    share_after = rxstore.compile(rf"{_H}+(?:{_alt(fr['share_after'])}){_L}")
    return _Grammar(
        fraction_words=fraction_words, share_after=share_after, max_denominator=int(fr["max_denominator"]),
        halves=halves,
        digit=digit, words=words, blocked=blocked, blocked_words=blocked_words, tail=tail, per=per,
        range_join=range_join,
        qualifier=qualifier, name_before=name_before, weak_name_before=weak_name_before,
        duration_after=duration_after,
        after_bound=after_bound, scales=scales, counters=counters, units=units,
        currencies=currencies, currency_units=set(currencies.values()), home_currency=y["currency"]["unit"],
        ten={fold_phrase(w) for w in nw["ten"]}, tens={fold_phrase(w) for w in nw["tens"]},
        hundred={fold_phrase(w) for w in nw["hundred"]},
        filler={fold_phrase(w) for w in nw["zero_filler"]},
        never_first={fold_phrase(w) for w in nw["never_first"]},
        after_tens_only={fold_phrase(w) for w in nw["after_tens_only"]},
        articles={fold_phrase(w) for w in nw["articles"]},
        qualifiers=qualifiers, per_subjects=per_subjects, per_periods=per_periods,
        half={fold_phrase(w) for w in y["half_words"]},
        not_alone={fold_phrase(w) for w in nw["not_alone"]},
        never_alone={fold_phrase(w) for w in nw["never_alone"]},
        not_before=rxstore.compile(rf"{_H}+(?:{_alt(nw['not_before'])}){_L}"),
        not_after=rxstore.compile(rf"{_LB}(?:{_alt(nw['not_after'])}){_H}+\Z"),
        currency_before=currency_before, currency_before_units=before, code_ends=frozenset(c[-1] for c in before),
        foreign=frozenset(y["currency"]["foreign"]),
        cents=rxstore.compile(rf"{_H}+(?:{_alt(y['currency']['cents'])}){_L}"),
        range_opener=rxstore.compile(rf"{_LB}(?P<w>{_alt(y['range_openers'])}){_H}+$"),
        range_and=rxstore.compile(rf"{_H}+(?:{_alt(y['range_and'])}){_H}+"),
        decimal_word=rxstore.compile(rf"{_H}+(?:{_alt(y['decimal_words'])}){_H}+"),
        spaced_minus_after=rxstore.compile(
            rf"(?:^|(?:{'|'.join(re.escape(w) for w in y['spaced_minus_after'] if not w[0].isalpha())})"
            rf"|{_LB}(?:{_alt(w for w in y['spaced_minus_after'] if w[0].isalpha())})){_H}*\Z"),
    )


# --- numerals -----------------------------------------------------------------------------

_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_YEAR = re.compile(r"(?:19|20)\d{2}")


def parse_digits(s: str) -> Optional[Decimal]:
    """'760,8' → 760.8, '117.325' → 117325, '2.758.926' → 2758926, '0.2' → 0.2, '02' → 2."""
    if s.isdigit():
        return Decimal(s)
    s = s.replace(", ", ",")  # "3, 73": a decimal comma typed with a space
    sign = 1
    if s[:1] in "+-":
        sign, s = (-1 if s[0] == "-" else 1), s[1:]
    try:
        if _THOUSANDS.fullmatch(s):
            v = Decimal(s.replace(".", "").replace(",", "."))
        elif "," in s:
            v = Decimal(s.replace(",", "."))
        else:
            v = Decimal(s)  # plain digits, or a dot decimal that is not a thousands group
    except InvalidOperation:
        return None
    return sign * v


def parse_words(words: list[str], g: _Grammar | None = None) -> Optional[Decimal]:
    """Vietnamese number words → value; None for sequences no one would write.

    'hai mươi mốt nghìn không trăm mười một' → 21011, 'mười lăm' → 15, 'ba mươi tư' → 34,
    'một tỷ' → 1e9, 'hai triệu rưỡi' → 2500000, 'một trăm linh năm' → 105.
    """
    g = g or grammar()
    if not words or words[0] in g.never_first:
        return None
    total = Decimal(0)  # value of the groups already closed by a scale word
    cur = Decimal(0)  # value below the next scale word
    last_mult = Decimal(1)
    biggest = 0
    prev = None  # kind of the previous word
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w in g.units:
            d = g.units[w]
            if w in g.never_first and prev not in ("tens", "ten", "filler"):
                return None
            if w in g.after_tens_only and prev != "tens":
                return None  # "hai mươi mốt", never "mười mốt" or "linh mốt"
            if nxt in g.hundred:
                cur += d * 100
                last_mult = Decimal(100)
                prev = "hundred"
                i += 2
                continue
            if nxt in g.tens:
                if d < 2:
                    return None
                cur += d * 10
                prev = "tens"
                i += 2
                continue
            if prev == "unit":
                return None  # two digits in a row ("không một") are not a number
            cur += d
            prev = "unit"
        elif w in g.ten:
            if prev in ("unit", "ten", "tens"):
                return None
            cur += 10
            prev = "ten"
        elif w in g.filler:
            if prev != "hundred":
                return None
            prev = "filler"
        elif w in g.scales:
            scale = g.scales[w]
            if prev is None and cur == 0:
                cur = Decimal(1)
            if scale > biggest and total:
                total = (total + cur) * scale
            else:
                total += cur * scale
            biggest = max(biggest, scale)
            last_mult = Decimal(scale)
            cur = Decimal(0)
            prev = "scale"
        elif w in g.half:
            if prev not in ("scale", "hundred"):
                return None
            total += last_mult / 2 if prev == "scale" else Decimal(0)
            if prev == "hundred":
                cur += 50
            prev = "half"
        else:
            return None
        i += 1
    return total + cur


@dataclass
class _Numeral:
    start: int
    end: int
    value: Decimal
    is_words: bool
    has_scale: bool = False
    article: bool = False  # a lone "một": "a", not "one", unless a scale word follows
    fraction: bool = False  # "một nửa", "hai phần ba" before "số …": the value is already a percent


def _numerals(key: str, g: _Grammar) -> list[_Numeral]:
    out = []
    for m in g.digit.finditer(key):
        v = parse_digits(m.group())
        if v is not None:
            out.append(_Numeral(m.start(), m.end(), v, False))
    if any(c in key for c in "mhbntsc"):
        for m in g.words.finditer(key):
            ws = m.group().split()
            v = parse_words(ws, g)
            if v is None:
                continue
            out.append(_Numeral(m.start(), m.end(), v, True, has_scale=any(w in g.scales for w in ws),
                                article=len(ws) == 1 and ws[0] in g.articles))
        out.sort(key=lambda n: n.start)
    if "phẩy" in key or "chấm" in key:
        out = _spoken_decimals(key, out, g)
    return out


_WORD = re.compile(r"\S+")


def _spoken_decimals(key: str, nums: list[_Numeral], g: _Grammar) -> list[_Numeral]:
    """"3 phẩy 5" → 3.5, "bốn chấm hai" → 4.2, "hai phẩy không năm triệu" → 2.05 (then the scale):
    the words after the mark are read digit by digit, or as one number ("phẩy hai mươi ba" → .23)."""
    by_end = {n.end: n for n in nums if not n.has_scale}
    merged: dict[int, _Numeral] = {}
    for m in g.decimal_word.finditer(key):
        left = by_end.get(m.start())
        if left is None:
            continue
        pos = m.end()
        digits = re.match(r"\d+(?![\d.,])", key[pos:pos + 8])
        if digits:
            frac, end = digits.group(), pos + digits.end()
        else:
            run = g.words.match(key, pos)
            if run is None:
                continue
            words = []
            end = pos
            for w in _WORD.finditer(key, pos, run.end()):
                if w.group() in g.scales:
                    break  # the scale belongs to the whole number: "hai phẩy năm triệu"
                words.append(w.group())
                end = w.end()
            if not words:
                continue
            if all(w in g.units and w not in g.never_first for w in words):
                frac = "".join(str(g.units[w]) for w in words)
            else:
                v = parse_words(words, g)
                if v is None:
                    continue
                frac = str(int(v))
        merged[left.start] = _Numeral(left.start, end, Decimal(f"{int(left.value)}.{frac}"), left.is_words)
    if not merged:
        return nums
    out, skip_to = [], -1
    for n in nums:
        if n.start < skip_to:
            continue
        if n.start in merged:
            n = merged[n.start]
            skip_to = n.end
        out.append(n)
    return out


def _fractions(key: str, g: _Grammar) -> list[_Numeral]:
    """"một nửa số hộ", "hai phần ba số xã": a share of a group written in words, as a percent."""
    out = []
    for m in g.fraction_words.finditer(key):
        if not g.share_after.match(key, m.end()):
            continue
        if m.group("half"):
            v = Decimal(50)
        else:
            a = g.units[" ".join(m.group("a").split())]
            b = g.units.get(" ".join(m.group("b").split()), 10)
            if not 0 < a < b:
                continue
            v = _percent_of(Decimal(a), Decimal(b))
        out.append(_Numeral(m.start(), m.end(), v, True, fraction=True))
    return out


def _percent_of(a: Decimal, b: Decimal) -> Decimal:
    return (a * 100 / b).quantize(Decimal("0.01")).normalize()


# --- quantities ---------------------------------------------------------------------------

@dataclass
class _Tail:
    end: int
    mult: Decimal
    add: Decimal  # "2 triệu rưỡi": half the scale, added after multiplying
    unit: Optional[str]
    counter: Optional[str]
    has_scale: bool


def _tail(key: str, pos: int, g: _Grammar) -> _Tail:
    m = g.tail.match(key, pos)
    mult = Decimal(1)
    add = Decimal(0)
    end = pos
    unit = counter = None
    has_scale = False
    if m:
        scale_words = m.group("scale").split()
        for w in scale_words:
            mult *= g.scales.get(" ".join(w.split()), 1)
        has_scale = bool(scale_words)
        if m.group("half") and scale_words:
            add = Decimal(g.scales[scale_words[-1]]) / 2
        end = m.end() if (m.group("scale") or m.group("half")) else pos
        if m.group("pts"):
            unit, end = "pp", m.end("pts")
        elif m.group("pct"):
            unit, end = "%", m.end("pct")
        elif m.group("cur"):
            unit, end = g.currencies[" ".join(m.group("cur").split())], m.end("cur")
        elif m.group("k"):  # "50k", "10k đồng", "10K$"
            unit, end = "VND", m.end("k")
            if m.group("kcur"):
                unit, end = g.currencies[" ".join(m.group("kcur").split())], m.end("kcur")
            mult *= 1000
        elif m.group("counter"):
            counter = " ".join(m.group("counter").split())
            unit, end = g.counters[counter], m.end("counter")
    pm = g.per.match(key, end) if unit in ("%", "pp") or unit in g.currency_units or \
        unit is None and has_scale and not counter else None
    if unit is None and pm is not None:
        # "39,49 triệu/người/năm": a scaled amount per person and period is money, the currency
        # word left out
        if pm.group("subj") and pm.group("per1") and g.per_subjects[" ".join(pm.group("subj").split())] == "person":
            unit = g.home_currency
        else:
            pm = None
    if unit in ("%", "pp") or unit in g.currency_units:
        if pm:
            subj = pm.group("subj")
            period = pm.group("per1") or pm.group("per2")
            parts = [unit]
            if subj:
                parts.append(g.per_subjects[" ".join(subj.split())])
            if period:
                parts.append(g.per_periods[" ".join(period.split())])
            unit = "/".join(parts)
            end = pm.end()
    return _Tail(end, mult, add, unit, counter, has_scale)


def _num(v: Decimal) -> float | int:
    return int(v) if v == v.to_integral_value() else float(v)


def find_quantities(key: str, clean: str | None = None) -> list[Quantity]:
    """Every quantity in ``key`` (folded text), with offsets valid in ``clean``."""
    g = grammar()
    clean = key if clean is None else clean
    blocked = _blocked(key, g) if any(c in key for c in "/.-:h ") else []
    nums = _outside(_numerals(key, g), blocked)
    if "nửa" in key or "phần" in key:
        fr = _fractions(key, g)
        if fr:
            nums = sorted(_outside(nums, [(f.start, f.end) for f in fr]) + fr, key=lambda n: n.start)
    out: list[Quantity] = []
    i = 0
    while i < len(nums):
        n = nums[i]
        i += 1
        if out and n.start < out[-1].end:
            continue
        q, used = _build(key, clean, n, nums[i:i + 2], g)
        i += used  # the numerals joined to this one (range, fraction, "1 tỷ 200 triệu")
        if q is not None and (not out or q.start >= out[-1].end):  # "2VNĐ2": a code is one number's
            out.append(q)
    return out


def _blocked(key: str, g: _Grammar) -> list[tuple[int, int]]:
    """Spans that hold no quantity (dates, codes, clock times, phone numbers), sorted, merged."""
    spans = [m.span() for m in g.blocked.finditer(key)]
    if "/" in key:
        extra = [m.span() for m in g.blocked_words.finditer(key)]
        if extra:
            merged: list[tuple[int, int]] = []
            for s, e in sorted(spans + extra):
                if merged and s < merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], e))
                else:
                    merged.append((s, e))
            spans = merged
    return spans


def _outside(nums: list[_Numeral], spans: list[tuple[int, int]]) -> list[_Numeral]:
    """The numerals not overlapping a blocked span; both lists are sorted by start."""
    if not spans:
        return nums
    out = []
    j = 0
    for n in nums:
        while j < len(spans) and spans[j][1] <= n.start:
            j += 1
        # spans do not overlap one another (finditer), so only spans[j] can hold n.start; a span
        # starting inside n also blocks it
        if j < len(spans) and spans[j][0] < n.end:
            continue
        out.append(n)
    return out


def _is_dash(j: re.Match) -> bool:
    return j.group().strip() in ("-", "–", "—")


def _unit_fits(first: Optional[str], second: Optional[str]) -> bool:
    """The first number's own unit agrees with the unit after the second ("0,5%-0,8%/tháng")."""
    return first is None or first == second or (second or "").startswith(first + "/")


def _build(key: str, clean: str, n: _Numeral, following: list[_Numeral], g: _Grammar):
    """The quantity starting with numeral ``n`` (or None) and how many following numerals it uses."""
    if n.fraction:
        t = _Tail(n.end, Decimal(1), Decimal(0), "%", None, False)
        following = []
    else:
        t = _tail(key, n.end, g)
    used = 0
    nxt = following[0] if following else None
    if nxt is not None and t.mult == 1000 and t.unit is None and t.add == 0 and not n.is_words and \
            nxt.start > t.end and key[t.end:nxt.start].isspace() and 0 <= nxt.value < 1000:
        # "7 nghìn 570 tỷ 186 triệu đồng": the thousands of a larger scale written out ("7 nghìn
        # 570" of "tỷ"), then read as one number of that scale
        dt = _tail(key, nxt.end, g)
        if dt.has_scale and dt.mult > 1000 and dt.add == 0:
            n = _Numeral(n.start, nxt.end, n.value * 1000 + nxt.value, False, has_scale=n.has_scale)
            t = dt
            used, following = 1, following[1:]
            nxt = following[0] if following else None
    start, end = n.start, t.end
    value = n.value * t.mult + t.add
    unit, counter = t.unit, t.counter
    denominator = None
    num_end = n.end  # where the numerator of a fraction ends: its number, or its number and unit
    rng = None
    has_scale = t.has_scale or n.has_scale

    # A sign glued to the number, not to a word or a number before it ("(+5,04%)", "giảm -3,2%";
    # not "4%-5%", "A-5").
    sign = None
    # A currency written before the number: "USD 5", "$2,5", "VND500".
    if (unit is None or unit == "VND" and key[t.end - 1] == "k") and n.start > 0 and not n.is_words \
            and key[n.start - 1 if key[n.start - 1] != " " else n.start - 2] in g.code_ends:
        pm = g.currency_before.search(key, max(0, n.start - 6), n.start)
        if pm:  # "$10k": the code names the currency, the "k" only the thousands
            unit, start = g.currency_before_units[pm.group("code")], pm.start()
    if start > 0 and key[start - 1] in "+-" and (start < 2 or not (
            key[start - 2].isalnum() or key[start - 2] in "%")):
        sign = -1 if key[start - 1] == "-" else 1
        start -= 1
    elif start > 1 and key[start - 1] == " " and key[start - 2] == "-" and \
            g.spaced_minus_after.search(key, max(0, start - 14), start - 2):
        sign, start = -1, start - 2  # "đạt - 3,5%": a minus standing alone, not a list bullet
    low_sign = -1 if sign == -1 else 1
    # A foreign amount and its hundredths: "5 đô 40", "2 đô la và 23 xu".
    if unit in g.foreign and t.unit == unit and nxt is not None and not t.has_scale:
        gap = key[t.end:nxt.start]
        cents = g.cents.match(key, nxt.end)
        with_and = bool(g.range_and.fullmatch(gap))
        if (gap.strip() == "" and "\n" not in gap or with_and) and nxt.value < 100 and not nxt.has_scale \
                and nxt.value == nxt.value.to_integral_value() and (cents or not (with_and or nxt.is_words)):
            ct = _tail(key, nxt.end, g)
            if cents or (ct.unit is None and not ct.has_scale):
                value += nxt.value / 100
                end = cents.end() if cents else nxt.end
                used, nxt = used + 1, None

    # Compound scales: "1 tỷ 200 triệu đồng", "1 triệu 500 nghìn đồng" — the second part is
    # smaller than the first scale, and the unit after it is the unit of the whole.
    if (nxt is not None and t.has_scale and t.unit is None and t.add == 0 and not n.is_words
            and nxt.start > t.end and key[t.end:nxt.start].isspace()):
        dt = _tail(key, nxt.end, g)
        part = nxt.value * dt.mult + dt.add
        # … and "2 nghìn 500 hộ": the hundreds after the thousands, the unit after them
        if dt.has_scale and 0 < part < t.mult or \
                t.mult == 1000 and not dt.has_scale and dt.unit is not None and 0 < nxt.value < 1000:
            value = n.value * t.mult + part
            unit, counter, end = dt.unit, dt.counter, dt.end
            used, nxt = used + 1, None
    # Fraction: "478,93/760,8 tỷ đồng", "16.003/80.276 hộ", "7/9 xã" — the unit after the
    # denominator is the unit of both; a bare "a/b" is refused (it is likely a date).
    if nxt is not None and t.end == n.end and key.startswith("/", n.end) and nxt.start == n.end + 1:
        dt = _tail(key, nxt.end, g)
        if dt.unit is None and not dt.has_scale:
            if 0 < n.value < nxt.value <= g.max_denominator and g.share_after.match(key, nxt.end):
                # "2/3 số hộ nghèo": a share of the group, as a percent
                value, unit, end, used = _percent_of(n.value, nxt.value), "%", nxt.end, used + 1
                nxt = None
            else:
                return None, used + 1  # "24/7", "3/4": neither number is a quantity
        else:
            unit, counter = dt.unit, dt.counter
            # "14.714.669.968/9,5 tỷ đồng": a numerator written in whole đồng (over a thousand times
            # its denominator's number) takes no scale; "478,93/760,8 tỷ đồng" does
            value = n.value if dt.mult > 1 and n.value > _WHOLE_RATIO * nxt.value else n.value * dt.mult
            end = dt.end
            denominator = Quantity(nxt.start, dt.end, clean[nxt.start:dt.end], _num(nxt.value * dt.mult),
                                   unit=unit, counter=counter, num_end=nxt.end)
            has_scale = has_scale or dt.has_scale
            used += 1
    # Fraction with its unit on both sides: "906 căn/1.463 căn", "11,6 tỷ đồng/8 tỷ đồng".
    elif nxt is not None and unit is not None and t.end > n.end and key.startswith("/", t.end) and \
            nxt.start == t.end + 1 and not t.add:
        dt = _tail(key, nxt.end, g)
        if dt.unit == unit and dt.mult == t.mult and not dt.add and \
                key[nxt.end:dt.end].strip().startswith(key[n.end:t.end].strip()):  # (not "734 hộ nghèo/72.166 hộ")
            denominator = Quantity(nxt.start, dt.end, clean[nxt.start:dt.end], _num(nxt.value * dt.mult),
                                   unit=unit, counter=dt.counter, num_end=nxt.end)
            num_end, end = t.end, dt.end
            used += 1
    # Range: "2-2,5%", "02%-2,5%", "từ 2% đến 2,5%", "8.000 - 8.300 lao động", "1,2 triệu - 1,5 triệu".
    elif nxt is not None:
        j = g.range_join.match(key, end)
        gap = key[j.end():nxt.start] if j else ""
        second_before = g.currency_before.fullmatch(gap) if gap else None
        if j and (not gap or second_before):
            dt = _tail(key, nxt.end, g)
            dt_unit = dt.unit or (g.currency_before_units[second_before.group("code")] if second_before else None)
            plain = unit is None and not t.has_scale and not dt.has_scale and dt_unit is None
            opener = None
            if key[start - 1:start] == " " and (
                    j.group("and") is not None or plain or not (_is_dash(j) or unit or t.has_scale)):
                opener = g.range_opener.search(key, max(0, start - 16), start)
                opener = " ".join(opener.group("w").split()) if opener else None
            # (a joiner word with no opener when the high end alone carries a percent or a scale:
            # "cá biệt có nơi trên 60 đến 70%", "đạt 6 đến 8 triệu đồng/năm")
            tail_only = not _is_dash(j) and j.group("and") is None and unit is None and not t.has_scale and \
                (dt_unit == "%" or dt.has_scale) and n.value <= nxt.value
            if (j.group("and") is None or opener == "giữa") and (
                    (dt_unit is not None and _unit_fits(unit, dt_unit) and (
                        _is_dash(j) or opener or unit or t.has_scale or tail_only))
                    or (plain and opener in ("từ", "giữa") and not g.duration_after.match(key, nxt.end))):
                low = low_sign * n.value * (t.mult if t.has_scale or t.unit else dt.mult)
                high = nxt.value * dt.mult + dt.add
                if low <= high:
                    rng = (_num(low), _num(high))
                    unit, counter = dt_unit, dt.counter
                    end = dt.end
                    has_scale = has_scale or dt.has_scale
                    used += 1

    bare_words = False
    if unit is None and not has_scale:
        if n.is_words and rng is None:
            if not _bare_words_ok(key, clean, n, g):
                return None, used  # "một số", "năm nay", "hai bên", "huyện Ba Bể"
            bare_words = True
        # Bare numbers: refuse years, durations and names ("năm 2022", "6 tháng", "tổ 5").
        if g.duration_after.match(key, n.end if rng is None else end):
            return None, used
        if nxt is not None:  # "2-3 năm": a duration range
            j = g.range_join.match(key, n.end)
            if j and j.end() == nxt.start and g.duration_after.match(key, nxt.end):
                return None, used + 1
        digits = key[n.start:n.end]
        if _YEAR.fullmatch(digits):
            return None, used
        if g.weak_name_before.search(key, max(0, start - 20), start):
            return None, used
    if n.is_words and rng is None and not has_scale and g.not_after.search(key, max(0, n.start - 8), n.start):
        return None, used  # "bình quân mỗi năm xã … giảm 5,06%": "each year", not five communes
    if n.article and not has_scale and unit not in g.foreign:
        return None, used  # "một thành viên": "a member"; but "một đô la" is one dollar
    if counter is not None and rng is None and value == 1 and not has_scale:
        per = g.per.match(key, end)
        if per is not None and per.group("per2"):
            return None, used  # "thu nhập bình quân 1 người/tháng": per head and month, no count
    label = g.name_before.search(key, max(0, start - 20), start) \
        if unit != "%" and not (has_scale and (unit or "").startswith("VND")) else None
    if label is not None and (counter is not None or unit is not None) and ":" in label.group(0):
        label = None  # "số hộ nghèo cuối năm: 3.500 hộ": the colon closes a label, the count is its value
    if label is not None and not (counter is not None and _ends_a_name(clean, label.start())):
        # "tổ 5", "chiều 9/5"; but a share is no name ("tỷ lệ nghèo đa chiều 9,8%"), nor an amount
        # of money ("… vệ sinh môi trường nông thôn 57,2 tỷ đồng": "thôn" ends "nông thôn"), nor a
        # count after a name that ends in such a word ("huyện Vụ Bản 180 hộ")
        return None, used
    if n.is_words and key[n.start:n.end] in g.never_alone:
        return None, used  # "không đồng tình", "không hộ nào": "không" alone is "not"

    # Qualifiers written before the number (and its sign).
    bound = "exact"
    qualifier_start = None
    qm = g.qualifier.search(key, max(0, start - 24), start)
    if qm:
        q = " ".join((qm.group("q") or qm.group("s")).split())
        qualifier_start = qm.start()
        if q == "âm":
            sign = -1
        elif q == "từ":
            ab = g.after_bound.match(key, end)
            if ab:
                bound = "at_least" if ab.group("least") else "at_most"
        else:
            bound = g.qualifiers.get(q, "exact")
    if sign == -1 and value > 0:
        value = -value
    if rng is None and bound == "exact":
        ab = g.after_bound.match(key, end)
        if ab and qm is None:
            bound = "at_least" if ab.group("least") else "at_most"
    if rng is None and unit in _MAX_COUNT and abs(value) >= _MAX_COUNT[unit] and _DOUBLE_SCALE.search(key, start, end):
        # "582.962 nghìn khách hàng", "123.038 nghìn hộ": thousands written out and said again; no
        # count of households or people reaches more than the country holds
        value = Decimal(int(round(value / 1000)))
    return Quantity(
        start=start, end=end, text=clean[start:end], value=None if rng else _num(value), range=rng,
        unit=unit, bound=bound, counter=counter, denominator=denominator, num_end=num_end,
        sign=sign, qualifier_start=qualifier_start, bare_words=bare_words), used


# More than the country holds (some 27 million households, 100 million people): a count this large
# written with its thousands and "nghìn" again is read once.
_MAX_COUNT = {"households": 4e7, "houses": 4e7, "people": 1.2e8, "students": 4e7}
_DOUBLE_SCALE = re.compile(r"\d{1,3}(?:\.\d{3})+\s*(?:nghìn|ngàn)")


def _ends_a_name(clean: str, i: int) -> bool:
    """The capitalised word at ``i`` ends a proper name: a capitalised word stands right before it
    ("Vụ Bản", not "Thôn 5" opening a sentence)."""
    if not clean[i:i + 1].isupper():
        return False
    before = _WORD_BEFORE.search(clean, max(0, i - 24), i)
    return before is not None and before.group(1)[:1].isupper()


_WORD_BEFORE = re.compile(r"([^\W\d_]+)[^\S\n]+$")


def _bare_words_ok(key: str, clean: str, n: _Numeral, g: _Grammar) -> bool:
    """A number in words with no unit is a number unless the words around make it something else:
    "không" (not) or "năm" (year) alone, "một số" (some), "hai bên" (both sides), "đòn bẩy" (a
    lever), "chín chắn" (mature), a place name
    ("huyện Ba Bể", "Hai Bà Trưng": capitalised inside a sentence, or before a capitalised word)."""
    words = key[n.start:n.end].split()
    if len(words) == 1 and words[0] in g.not_alone:
        return False
    if g.not_before.match(key, n.end) or g.not_after.search(key, max(0, n.start - 8), n.start):
        return False
    before = clean[:n.start].rstrip(" \t\u00a0")
    if clean[n.start].isupper() and before and before[-1] not in ".!?:;\n\"'“(-–":
        return False
    after = re.match(r"[^\S\n]+(\w)", clean[n.end:n.end + 4])
    return not (after and after.group(1).isupper())
