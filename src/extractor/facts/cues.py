"""Cue lists from ``patterns/facts.yaml`` compiled into matchers over the folded text."""
from __future__ import annotations

import re

from bisect import bisect_left

import regex
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Optional

from .. import rxstore
from ..patterns import load_yaml
from ..text import fold_phrase, fold_phrases, word_index

_WB_L = r"(?<![^\W_])"  # word start: not after a letter or digit
_WB_R = r"(?![^\W\d_])"  # word end: not before a letter ("hộ nghèo1,56%": a digit glued on ends the word)
_BETWEEN_WORDS = r"[\s\"“”]+"  # between the words of a cue phrase: spaces, and quotes that open or close a name
_QUOTE_MARKS = re.compile(r"[\"“”]")


def _pattern(phrases, folded_of=None) -> str:
    fold_one = folded_of.__getitem__ if folded_of is not None else fold_phrase
    folded = sorted({fold_one(p) for p in phrases if p}, key=lambda p: (-len(p), p))  # (ties in one order: the same pattern every run)
    # (the words of a phrase may stand inside quotes: "Quỹ “Vì người nghèo”", "chương trình “Mái ấm”")
    return "|".join(re.escape(p).replace(r"\ ", _BETWEEN_WORDS) for p in folded)


# the first word of a phrase, split as text.word_index splits an article's key
_FIRST_WORD = re.compile(r"[^\W\d_]+|\d+")


_UNSEEN = object()  # a position not matched yet


@dataclass
class Hit:
    start: int
    end: int
    label: str
    text: str


class Cues:
    """A labelled set of phrases: ``{label: [phrase, …]}`` or a plain list (label = phrase).

    Labels are tried as one alternation, longest phrase first, so "hộ cận nghèo" is never read
    as "hộ … nghèo"."""

    def __init__(self, spec, blockers=()):
        if isinstance(spec, dict):
            pairs = [(label, p) for label, phrases in spec.items() for p in phrases]
        else:
            pairs = [(p, p) for p in spec]
        # each phrase folded once (a list's build asks for each folded four times: a start pays it)
        phrases = list(dict.fromkeys(p for _, p in pairs))
        folded_of = dict(zip(phrases, fold_phrases(phrases)))
        # longer phrases that hold a cue and mean something else ("chi nhánh" for "chi", "chuẩn
        # cận nghèo" for "cận nghèo"): no hit lies inside one
        balt = _pattern(blockers)
        self._block_alt = rf"{_WB_L}(?:{balt}){_WB_R}" if balt else None
        self._block_key: Optional[str] = None
        self._block_spans: list[tuple[int, int]] = []
        self.label_of: dict[str, str] = {}
        for label, p in pairs:
            self.label_of.setdefault(" ".join(folded_of[p].split()), label)
        self._alt = _pattern([p for _, p in pairs], folded_of)
        # Where a cue may start in the article: at a word that starts one of the phrases. The
        # article's words are indexed once (``text.word_index``); a window holding none of these
        # starts holds no cue, so most windows are answered without a scan.
        firsts = {_FIRST_WORD.match(folded_of[p]) for _, p in pairs}
        self._first_words = None if None in firsts else frozenset(m.group() for m in firsts)
        # the word each phrase ends with: a cue ending at a position ends with one of them, so a
        # position after any other word holds none (None: some phrase ends with a mark)
        lasts = set()
        for _, p in pairs:
            f = folded_of[p]
            words = _FIRST_WORD.findall(f)
            if not words or not f.endswith(words[-1]):
                lasts = None
                break
            lasts.add(words[-1])
        self._last_words = frozenset(lasts) if lasts is not None else None
        self._key: Optional[str] = None
        self._starts: list[int] = []
        # the cue at each position asked about, matched once per article: windows overlap, and a
        # position two rules ask about is matched for the first only
        self._hits_key: Optional[str] = None
        self._hit_at: dict[int, Optional[Hit]] = {}

    @cached_property
    def regex(self) -> "re.Pattern":
        """The alternation, compiled when first needed: a list whose first words an article does
        not hold is never compiled (most lists, for a short article run once). The standard
        ``re`` compiles these three times faster than ``regex`` and matches them the same (the
        folded text has no combining marks); ``regex`` only for the overlapped scan."""
        alt = self._alt
        return rxstore.compile(rf"{_WB_L}(?:{alt}){_WB_R}") if alt else re.compile(r"(?!x)x")

    @cached_property
    def _overlapping(self) -> "regex.Pattern":
        return regex.compile(self.regex.pattern)

    def _hit(self, m: re.Match) -> Hit:
        text = " ".join(_QUOTE_MARKS.sub(" ", m.group()).split())
        return Hit(m.start(), m.end(), self.label_of.get(text, text), text)

    @cached_property
    def _block_regex(self) -> "re.Pattern":
        return rxstore.compile(self._block_alt)

    def _unblocked(self, key: str, hits: list[Hit]) -> list[Hit]:
        """The hits that lie inside no blocker phrase of the article."""
        if self._block_alt is None or not hits:
            return hits
        if key is not self._block_key:
            self._block_key = key
            self._block_spans = [m.span() for m in self._block_regex.finditer(key)]
        spans = self._block_spans
        if not spans:
            return hits
        out = []
        for h in hits:
            i = bisect_left(spans, (h.start + 1,)) - 1  # the last blocker starting at or before the hit
            if i >= 0 and spans[i][1] >= h.end:
                continue
            out.append(h)
        return out

    def _starts_in(self, key: str, start: int, end: int) -> list[int]:
        """The offsets in [start, end) where a cue of this list may start."""
        if key is not self._key:
            self._key = key
            index = word_index(key)
            starts: list[int] = []
            first = self._first_words  # the article's words that start a cue (the smaller side looked up)
            for w in ([w for w in first if w in index] if len(first) < len(index) else first.intersection(index)):
                starts.extend(index[w])
            starts.sort()
            self._starts = starts
        return self._starts[bisect_left(self._starts, start):bisect_left(self._starts, end)]

    def _match(self, key: str, pos: int) -> Optional[Hit]:
        """The cue starting at ``pos``, matched once per article and position (then remembered)."""
        if key is not self._hits_key:
            self._hits_key = key
            self._hit_at = {}
        try:
            return self._hit_at[pos]
        except KeyError:
            m = self.regex.match(key, pos)
            h = self._hit_at[pos] = self._hit(m) if m is not None else None
            return h

    def _cut(self, key: str, h: Hit, end: int) -> Optional[Hit]:
        """A hit that runs past the window's ``end``: the longest cue that stops inside it."""
        if h.end <= end:
            return h
        m = self.regex.match(key, h.start, end)
        return self._hit(m) if m is not None else None

    def all(self, key: str, start: int, end: int) -> list[Hit]:
        """Every cue, overlapping ones too ("tổng số hộ" and "hộ nghèo và hộ cận nghèo"): the
        article's hits that start in the window, each cut at its end, the same as an overlapped
        scan of the window."""
        if end <= start:
            return []
        if self._first_words is None:  # a phrase that starts with a mark: scan the window
            return self._unblocked(key, [self._hit(m) for m in self._overlapping.finditer(key, start, end, overlapped=True)])
        starts = self._starts_in(key, start, end)
        if not starts:
            return starts  # (most windows: no word of the list starts in them)
        if key is not self._hits_key:
            self._hits_key = key
            self._hit_at = {}
        hit_at = self._hit_at
        out = []
        for pos in starts:  # (``_match`` and ``_cut``, inlined: the engine's most frequent question)
            h = hit_at.get(pos, _UNSEEN)
            if h is _UNSEEN:
                m = self.regex.match(key, pos)
                h = hit_at[pos] = self._hit(m) if m is not None else None
            if h is not None and h.end > end:
                m = self.regex.match(key, h.start, end)
                h = self._hit(m) if m is not None else None
            if h is not None:
                out.append(h)
        return self._unblocked(key, out) if out else out

    def last(self, key: str, start: int, end: int) -> Optional[Hit]:
        """The cue ending nearest to ``end``; the longest of those."""
        hits = self.all(key, start, end)
        return max(hits, key=lambda h: (h.end, h.end - h.start)) if hits else None

    def first(self, key: str, start: int, end: int) -> Optional[Hit]:
        """The cue starting nearest to ``start``; the longest of those."""
        hits = self.all(key, start, end)
        return min(hits, key=lambda h: (h.start, h.start - h.end)) if hits else None

    def at(self, key: str, pos: int, end: int | None = None) -> Optional[Hit]:
        """A cue starting at ``pos`` (after optional spaces)."""
        while pos < len(key) and key[pos] == " ":
            pos += 1
        if self._first_words is not None:
            h = self._match(key, pos)
            h = self._cut(key, h, end if end is not None else len(key)) if h is not None else None
        else:
            m = self.regex.match(key, pos, end if end is not None else len(key))
            h = self._hit(m) if m else None
        return h if h is None or self._unblocked(key, [h]) else None

    def ends_at(self, key: str, start: int, pos: int) -> Optional[Hit]:
        """A cue that ends right before ``pos`` (spaces allowed between)."""
        while pos > start and key[pos - 1] in " \n":
            pos -= 1
        if self._last_words is not None and pos > start:
            j = pos - 1
            digit = key[j].isdigit()
            while j > start and (key[j - 1].isdigit() if digit else (key[j - 1].isalpha())):
                j -= 1
            if key[j:pos] not in self._last_words:
                return None  # the word before ``pos`` ends no phrase of the list
        hits = [h for h in self.all(key, max(start, pos - 60), pos) if h.end == pos]
        return max(hits, key=lambda h: h.end - h.start) if hits else None


@dataclass(frozen=True)
class _TableHeaders:
    sub: "re.Pattern"
    label: "re.Pattern"


def _whole(phrases) -> "re.Pattern":
    """A pattern that matches a whole header cell (folded) that is one of ``phrases``."""
    alts = sorted({fold_phrase(str(p)) for p in phrases}, key=lambda a: (-len(a), a))
    return rxstore.compile("|".join(r"\s+".join(re.escape(w) for w in a.split()) for a in alts))


def _phrase_alt(words) -> str:
    """An alternation of the folded phrases, the longest first (ties in one order)."""
    return "|".join(re.escape(w) for w in sorted(set(fold_phrases(list(words))), key=lambda w: (-len(w), w)))


def _joints(words) -> "re.Pattern":
    """A pattern for a stretch of text made of these words and marks and white space only."""
    alts = sorted({fold_phrase(w) for w in words}, key=lambda a: (-len(a), a))
    alt = "|".join(rf"{re.escape(a)}(?![^\W\d_])" if a[0].isalnum() else re.escape(a) for a in alts)
    return rxstore.compile(rf"(?:\s+|{alt})*")


@lru_cache(maxsize=1)
def cues() -> "CueBook":
    return CueBook(load_yaml("facts.yaml"))


class CueBook:
    def __init__(self, y: dict):
        self.y = y
        self.household_groups = Cues(y["household_groups"], blockers=y["household_groups_not"])
        self.rate_words = Cues(y["rate_words"])
        self.indicators_by_group = y["indicators_by_group"]
        # the group whose households a rate is the share of (the first group of each rate)
        self.group_of_rate = {}
        for g, ind in self.indicators_by_group.items():
            if ind.get("rate") and ind.get("count") != "escaped_households":
                self.group_of_rate.setdefault(ind["rate"], g)
        self.change_down = Cues(y["change_down"])
        self.change_up = Cues(y["change_up"])
        self.change_not = Cues(y["change_not"])
        self.change_nouns = Cues(y["change_nouns"])
        self.changes = Cues({"down": y["change_down"], "up": y["change_up"], "not": y["change_not"],
                             "level": y["level_words"]})
        self.to_words = Cues(y["to_words"])
        self.rate_of_previous = Cues(y["rate_of_previous"])
        self.share_of = Cues(y["share_of"])
        pops = {k: list(v) for k, v in y["populations"].items()}
        pops["ethnic_minority"] += [f"{lead} {name}" for lead in y["ethnic_lead_words"] for name in y["ethnic_names"]]
        pops["ethnic_minority"] += list(y["ethnic_names_alone"])
        self.populations = Cues(pops, blockers=y["populations_not"])
        self.beneficiary_groups = Cues(y["beneficiary_groups"], blockers=y["beneficiary_groups_not"])
        self.beneficiary_before = Cues(y["beneficiary_before"])
        self.help_with_object = Cues(y["help_with_object"])
        self.beneficiary_after = Cues(y["beneficiary_after"], blockers=y["beneficiary_after_not"])
        self.benefits = Cues(y["benefits"])
        self.services = Cues(y["services"])
        self.service_subjects = Cues(y["service_subjects"])
        self.service_verbs = Cues(y["service_verbs"])
        self.coverage_rates = Cues(y["coverage_rates"])
        self.verb_services = Cues(y["verb_services"])
        self.share_subjects = Cues(y["share_subjects"])
        self.deprivation = Cues(y["deprivation_words"])
        self.deprivation_dimensions = Cues(y["deprivation_dimensions"])
        self.funding = Cues(y["funding_words"], blockers=y["funding_words_not"])
        self.funding_money_only = {fold_phrase(w) for w in y["funding_words_money_only"]}
        self.funding_sources = Cues(y["funding_sources"])
        self.funding_purposes = Cues(y["funding_purposes"])
        self.disbursed = Cues(y["disbursed_words"])
        self.payout = Cues(y["payout_words"])
        self.achievement = Cues(y["achievement_words"])
        self.plan_before = Cues(y["plan_before"])
        self.income = Cues(y["income_words"])
        self.credit_bank = Cues(y["credit_bank"])
        self.loan_funds = Cues(y["loan_funds"])
        self.credit_measures = Cues(y["credit_measures"], blockers=y["credit_measures_not"])
        self.credit_measures_not_facts = frozenset(y["credit_measures_not_facts"])
        self.credit_own = Cues(y["credit_own_measures"])
        self.poor_area = Cues(y["poor_area_words"])
        self.area_classes_not_poor = Cues(y["area_classes_not_poor"])
        self.poor_area_exit = Cues(y["poor_area_exit"])
        self.poor_area_exit_not = Cues(y["poor_area_exit_not"])
        self.poor_area_entry = Cues(y["poor_area_entry"])
        self.next_item_words = Cues(y["next_item_words"])
        self.disbursed_after = Cues(y["disbursed_after"])
        self.one_of = Cues(y["one_of"])
        self.one_of_after = Cues(y["one_of_after"])
        self.not_fact_units = frozenset(y["not_fact_units"])
        self.funding_per = frozenset(y["funding_per"])
        self.poor_area_subject = Cues(y["poor_area_subject"])
        self.area_count_words = Cues(y["area_count_words"])
        self.list_joints = _joints(y["list_joints"])
        self.area_holders = _joints(y["area_holders"])
        self.unmet_before = Cues(y["unmet_before"])
        self.help_denied_before = Cues(y["help_denied_before"])
        self.needs_help_after = Cues(y["needs_help_after"])
        self.damaged_after = Cues(y["damaged_after"])
        self.help_per_head = Cues(y["passive_help"] + y["help_per_head"])
        self.helped_out_before = Cues(y["helped_out_before"])
        self.damaged_before = Cues(y["damaged_before"])
        self.speech_verbs = Cues(y["speech_verbs"])
        self.project_categories = Cues(y["project_categories"])
        self.project_counter_category = y["project_counter_category"]
        self.status = Cues(y["status"])
        self.status_not = Cues(y["status_not"])
        self.status_not_opening = frozenset(fold_phrase(w) for w in y["status_not_opening"])
        self.place_refs = Cues(y["place_refs"], blockers=y["place_refs_not"])
        self.scope_after = Cues(y["scope_after"])
        self.span_reviews = Cues(y["span_reviews"])
        self.benefit_verbs = frozenset(fold_phrase(w) for w in y["benefit_verbs"])
        self.bare_level_words = frozenset(fold_phrase(w) for w in y["bare_level_words"])
        self.whole_scope = Cues(y["whole_scope"])
        self.spread_over = Cues(y["spread_over"])
        self.national_after = Cues(y["national_after"])
        self.served_share_links = Cues(y["served_share_links"])
        self.national_after_gap_not = Cues(y["national_after_gap_not"])
        self.span_from = Cues(y["span_from"])
        self.span_past = Cues(y["span_past"])
        self.plan_year_before = Cues(y["plan_year_before"])
        self.plan_excess_after = Cues(y["plan_excess_after"])
        self.ratio_verbs = Cues(y["ratio_verbs"])
        self.same_period_after = Cues(y["same_period_after"])
        self.page_furniture = re.compile(rf"(?<!\w)(?:{_pattern(y['page_furniture'])})(?!\w)")
        self.money_scales = frozenset(fold_phrase(w) for w in y["money_scales"])
        self.money_scales_beside_money = frozenset(fold_phrase(w) for w in y["money_scales_beside_money"])
        self.money_scale_followers = Cues(y["money_scale_followers"])
        self.place_link = Cues(y["place_link"])
        self.measure_heads = Cues(y["measure_heads"])
        self.measure_scope = Cues(y["measure_scope"])
        # "huyện Giang Thành và Kiên Lương": the joiners of a list of units (places.yaml)
        self.place_joiners = _joints(load_yaml("places.yaml")["list_joiners"] + ["các"])
        self.place_topic = Cues(y["place_topic"])
        self.clause_subject = Cues(y["clause_subject"])
        self.locality_subject = Cues(y["locality_subject"])
        self.yearly_average = Cues(y["yearly_average"])
        self.yearly_average_after = Cues(y["yearly_average_after"])
        self.not_fact_before = Cues(y["not_fact_before"])
        self.helpers_before = Cues(y["helpers_before"])
        self.helpers_after = Cues(y["helpers_after"])
        self.age_before = Cues(y["age_before"])
        self.poverty = Cues(y["poverty_words"])
        self.programme_topics = Cues(y["programme_topics"])
        self.standards = Cues(y["poverty_standards"])
        self.standard_of_time = Cues(y["standard_of_time"])
        self.from_word = Cues(y["from_word"])
        self.closing_time = Cues(y["closing_time"])
        self.share_is = Cues(y["share_is"])
        self.other_item_subjects = Cues(y["other_item_subjects"])
        self.other_subjects_after = Cues(y["other_subjects_after"])
        self.household_members = Cues(y["household_members"])
        self.present_not = Cues(y["present_not"])
        self.base_before = Cues(y["base_before"])
        self.share_whole_before = Cues(y["share_whole_before"])
        self.part_verbs = Cues(y["part_verbs"])
        self.part_not = Cues(y["part_not"])
        self.share_scope = Cues(y["share_scope"])
        self.preferential_loans = Cues(y["preferential_loans"])
        self.loan_norms = Cues(y["loan_norms"])
        self.lent_for_after = Cues(y["lent_for_after"])
        self.one_family = Cues(y["one_family"])
        self.earned_words = Cues(y["earned_words"])
        self.repaid_part = Cues(y["repaid_part"])
        self.count_of_group = Cues(y["count_of_group"])
        self.loan_sum_links = Cues(y["loan_sum_links"])
        self.loan_words = Cues(y["loan_words"])
        self.managed_before = Cues(y["managed_before"])
        self.pledges = Cues(y["pledges"])
        self.dotted_amount_ceilings = {k: float(v) for k, v in y["dotted_amount_ceilings"].items()}
        self.group_list_words = frozenset(w for phrase in y["group_list_words"] for w in fold_phrase(phrase).split())
        self.budget_words = Cues(y["budget_words"])
        self.loan_sum_verbs = Cues(y["loan_sum_verbs"], blockers=y["loan_sum_not"])
        self.individual_borrowers = Cues(y["individual_borrowers"])
        self.ranking_scope = Cues(y["ranking_scope"])
        self.neighbour_words = Cues(y["neighbour_words"])
        self.area_list_words = Cues(y["area_list_words"])
        # between a comparison word and its number, the term compared with: " so với năm 2014 " (the
        # comparison openers of times.yaml, then up to three words and a year)
        # a share right before a plan word, a comparison opener of times.yaml between: "đạt 68,67%
        # (so với) kế hoạch giai đoạn 2024 - 2025"
        self.share_before_plan = rxstore.compile(
            rf"%\s*(?:(?:{_phrase_alt(load_yaml('times.yaml')['compare_openers'])})\s+)?$")
        self.compared_between = rxstore.compile(
            rf"\s*(?:{_phrase_alt(load_yaml('times.yaml')['compare_openers'])})\s+(?:[^\W\d_]+\s+){{0,3}}(?:(?:19|20)\d\d\s*)?")
        self.place_item_link = rxstore.compile(rf"\s*(?:(?:{_phrase_alt(y['place_item_links'])})\s+|:\s*)?")
        self.not_of_group = Cues(y["not_of_group"])
        self.standing_groups = Cues(y["standing_groups"])
        self.programme_of_time = Cues(y["programme_of_time"])
        self.plan_of_time = Cues(y["plan_of_time"])
        self.list_of_time = Cues(y["list_of_time"])
        self.ratio_words = Cues(y["ratio_words"])
        self.not_rate_after = Cues(y["not_rate_after"])
        self.population_share_after = Cues(y["population_share_after"])
        self.ratio_then = Cues(y["ratio_then"])
        self.table_headers = _TableHeaders(_whole(y["table_headers"]["sub"]), _whole(y["table_headers"]["label"]))
        self.breakdown = Cues(y["breakdown_words"])
        self.elaboration = Cues(y["elaboration_words"])
        self.elaboration_before_colon = Cues(y["elaboration_before_colon"])
        self.household_flows = Cues(y["household_flows"])
        self.band_rate = Cues(y["band_rate"])
        self.area_band_subjects = Cues(y["area_band_subjects"])
        self.household_flows_before = Cues(y["household_flows_before"])
        self.all_households_after = Cues(y["all_households_after"])
        self.income_ceiling_after = Cues(y["income_ceiling_after"])
        self.equivalent = Cues(y["equivalent_words"])
        self.households_of_change = Cues(y["households_of_change"])
        self.beneficiary_links = Cues(y["beneficiary_links"])
        self.member_words = Cues(y["member_words"])
        self.other_household_groups = Cues(y["other_household_groups"])
        self.law_heads = Cues(y["law_heads"])
        self.price_base_heads = Cues(y["price_base_heads"])
        self.other_programmes = Cues(y["other_programmes"])
        self.economy_money = Cues(y["economy_money"])
        self.households_count_words = Cues(y["households_count_words"])
        self.persons_count_words = Cues(y["persons_count_words"])
        counters = "|".join(re.escape(fold_phrase(w)) for w in sorted(y["households_counters"], key=len, reverse=True))
        # a count of households and up to three words of its group right before a year
        self.count_then_year = re.compile(rf"\d(?:[.,]?\d)*\s+(?:{counters})(?:\s+[^\W\d_]+){{0,3}}\s+$")
        villages = _phrase_alt(load_yaml("places.yaml")["village_types"])
        links = _phrase_alt(y["place_link"])
        # a link word and villages named after a count, up to the comma before the commune that holds them
        self.village_then = re.compile(rf"[^\W\d_]*(?:\s+[^\W\d_]+){{0,2}}?\s+(?:{links})\s+(?:các\s+)?(?:{villages})\s+"
                                       rf"[^,;.()\n]{{1,50}},\s*")
        self.body_heads = Cues(y["body_heads"])
        self.helped_after = Cues(y["helped_after"])
        self.passive_marks = Cues(y["passive_marks"])
        self.passive_help = Cues(y["passive_help"])
        self.given_to = Cues(y["given_to"])
        self.money_given_verbs = Cues(y["money_given_verbs"])
        self.lent_to_after = Cues(y["lent_to_after"])
        self.past_markers = {fold_phrase(w) for w in y["past_markers"]}
        self.plan_nouns_cue = Cues(y["plan_nouns"])
        self.relief_words = Cues(y["relief_words"])
        self.hungry_after = Cues(y["hungry_after"])
        self.plan_nouns = frozenset(self.plan_nouns_cue.label_of)  # the same words, folded, for membership
        self.population_heads = {""} | {fold_phrase(w) for w in y["population_heads"]}
        self.funding_after = Cues(y["funding_after"])
        self.total_words = Cues(y["total_words"])
        self.goods_per = Cues(y["goods_per"])
        self.rate_total_words = Cues(y["rate_total_words"])
        self.support_verbs = {fold_phrase(w) for w in y["support_verbs"]}
        self.present_openers = Cues(y["present_openers"])
        self.purpose_openers = Cues(y["purpose_openers"])
        self.actual_openers = Cues(y["actual_openers"])
        self.parent_link = Cues(y["parent_link"])
        self.group_determiners = {fold_phrase(w) for w in y["group_determiners"]}
        self.counter_heads = Cues(y["counter_heads"])
        self.plan_results = Cues(y["plan_results"])
        self.borrow_words = Cues(y["loan_words"] + y["borrow_words"])
        self.lending_programme = Cues(y["lending_programme_words"])
        self.programme_list_heads = Cues(y["programme_list_heads"])
        self.served_links = Cues(y["served_links"])
        self.capital_plan_after = Cues(y["capital_plan_after"])
        self.exclusion_asides = Cues(y["exclusion_asides"])
        self.capital_kinds = Cues(y["capital_kinds"])
        self.result_gap = _joints(y["result_gap_words"])
        # (the words between a share reached and a plan word: "đạt 100% so với chỉ tiêu kế hoạch")
        self.share_gap = _joints(y["result_gap_words"] + y["plan_nouns"])
        self.result_compared = Cues(y["result_compared_words"])
        self.place_ref_not_before = Cues(y["place_ref_not_before"] + y["compared_with"])
        self.place_ref_not_after = Cues(y["place_ref_not_after"])
        self.giver_verbs = Cues(y["giver_verbs"])
        self.approval_verbs = Cues(y["approval_verbs"])
        self.visit_verbs = Cues(y["visit_verbs"])
        self.visit_at = Cues(y["visit_at"])
        self.giver_gap = _joints(y["giver_gap_words"])
        self.place_types = Cues(list(load_yaml("places.yaml")["type_words"]))
        self.document_names = Cues(y["document_names"])
        self.document_number = Cues(y["document_number_words"])
        self.document_links = Cues(y["document_links"])
        self.acted_span = Cues(y["acted_span_words"])
        self.credit_bank_self = Cues(y["credit_bank_self"])
        self.growth = Cues(y["growth_words"])
        self.anaphora = Cues(y["anaphora"])
        self.compared_level_before = Cues(y["compared_level_before"])
        self.remaining = Cues(y["remaining_words"])
        self.stock_of_flow = dict(y["stock_of_flow"])
        self.rate_anaphora = Cues(y["rate_anaphora"])
        self.programme_parts = Cues(y["programme_parts"])
        self.out_of = Cues(y["out_of_words"])
        self.respectively = Cues(y["respectively"])
        self.service_negations = Cues(y["service_negations"])
        self.poverty_line = Cues(y["poverty_line"], blockers=y["poverty_line_not"])
        self.not_fact_subjects = Cues(y["not_fact_subjects"], blockers=y["not_fact_subjects_not"])
        self.not_fact_after = Cues(y["not_fact_after"])
        self.allocation = Cues(y["allocation_words"])
        self.comparison = Cues(y["comparison_words"])
        self.comparison_changes = Cues(y["comparison_changes"])
