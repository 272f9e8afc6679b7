"""The output contract (docs/facts.md) as pydantic models.

``Fact`` and its parts carry exactly the contract's fields; ``Article`` is what
``extractor.extract`` returns: the clean text every evidence offset slices, and its facts.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

Indicator = Literal[
    "poverty_rate", "near_poverty_rate", "poor_households", "near_poor_households",
    "poor_near_poor_households", "poor_near_poor_rate", "escaped_households", "poor_areas",
    "funding", "disbursed", "disbursement_rate", "beneficiaries", "projects",
    "income_per_capita", "plan_achievement", "service_coverage", "total_households",
    "repoor_households", "new_poor_households", "deprivation_rate", "credit",
]
Kind = Literal["level", "change", "share"]
Bound = Literal["exact", "about", "over", "nearly", "under", "at_least", "at_most"]
Status = Literal["actual", "target", "estimate"]
Level = Literal["country", "province", "district", "commune"]
Point = Literal["start", "end"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class CurrentUnit(_Model):
    """The unit a place belongs to after the July 2025 reorganisation, where a mapping exists."""
    level: Literal["province", "commune"] = Field(description="province or commune (no districts since 2025)")
    name: str = Field(description="Official name of today's unit, without its type word")
    type: Optional[str] = Field(None, description="Its type word: tỉnh, thành phố, xã, phường, đặc khu")
    code: Optional[str] = Field(None, description="Its official code since July 2025 (text: '04603', not 4603)")
    province: Optional[str] = Field(None, description="The province it is in today")


class Location(_Model):
    """The most specific administrative unit the number is about."""
    level: Level = Field(description="country, province, district or commune (communes include phường, thị trấn)")
    name: str = Field(description="Official name without its type word: 'Pác Nặm', not 'huyện Pác Nặm'; "
                                  "one spelling per unit, whatever the article wrote")
    type: Optional[str] = Field(None, description="Type word as written: tỉnh, huyện, thành phố, xã …")
    code: Optional[str] = Field(None, description="Official code of the unit when the article was written (text, "
                                                  "leading zeros kept); null when the name fits several units")
    era: Optional[Literal["old", "2025"]] = Field(
        None, description="Which set of units code belongs to: 'old' (before July 2025) or '2025'. Codes were "
                          "reused in 2025 (15 was Yên Bái, is Lào Cai): (era, code) names one unit")
    province: Optional[str] = Field(None, description="The province the unit was in when the article was written")
    current: Optional[CurrentUnit] = Field(None, description="Today's unit, where a mapping exists")


class Time(_Model):
    """When the number holds; unknown parts are null."""
    year: Optional[int] = Field(None, description="The year the statement is about")
    point: Optional[Point] = Field(None, description="start (đầu năm/đầu kỳ) or end (cuối năm/cuối kỳ) of the "
                                                     "year or period")
    date: Optional[str] = Field(None, description="ISO YYYY-MM-DD or YYYY-MM, for 'tính đến hết ngày 31/5/2024', "
                                                  "'đến tháng 6/2024' (a day only where the text writes one)")
    period: Optional[tuple[int, int]] = Field(None, description="[first year, last year]: 'giai đoạn 2021-2025', "
                                                                "or the base year of a change and its year")


class Evidence(_Model):
    """Where the fact was read: offsets into the article's clean text (Article.text)."""
    start: int = Field(description="Offset of the number's first character in the article's clean text")
    end: int = Field(description="Offset just past its last character: text[start:end] is evidence.text")
    text: str = Field(description="The number as written, e.g. '2,66%'")
    sentence: str = Field(description="The sentence it is in")


# What 'watch' says of an article, the same on the article and on the reference its facts carry.
FetchedAt = Annotated[Optional[str], Field(description="When 'watch' fetched it (ISO UTC); null outside watch")]
StoredAt = Annotated[Optional[str], Field(description="When 'watch' stored it (ISO UTC); null outside watch")]
Revision = Annotated[Optional[int], Field(description="Which text of the page at its URL 'watch' stored: 1, then "
                                                      "2, 3… each time the text changed; null outside watch")]
Current = Annotated[Optional[bool], Field(description="True for the newest revision 'watch' stored of the page, "
                                                      "false for one a later revision replaced; null outside watch")]


class DocRef(_Model):
    """The article a fact comes from."""
    id: str = Field(description="The article's id: the file's stem, the record's id, or a hash of its URL or text")
    path: Optional[str] = Field(None, description="The file it was read from")
    url: Optional[str] = Field(None, description="The address it was fetched from")
    title: Optional[str] = Field(None, description="Its title")
    published: Optional[str] = Field(None, description="ISO date, or date and time with its offset when the page gives one")
    source: Optional[str] = Field(None, description="The site that published it (host name)")
    author: Optional[str] = Field(None, description="Its author, where the page names one")
    fetched_at: FetchedAt = None
    stored_at: StoredAt = None
    revision: Revision = None
    current: Current = None


class Fact(_Model):
    """One number of the article that states a quantity of a poverty-reduction programme:
    what (indicator), how much (value), where (location), when (time), for whom (population),
    how sure (status, bound), from where (evidence). The contract: docs/facts.md."""
    indicator: Indicator = Field(description="What is measured (docs/facts.md lists each with its cues)")
    kind: Kind = Field(description="level: a state; change: a change over time (a decrease is negative); "
                                   "share: a part of a whole ('chiếm 94,21% tổng số hộ nghèo')")
    value: Optional[Union[int, float]] = Field(
        None, description="Normalised: percent 24.71, money in đồng (760,8 tỷ = 760800000000), counts integers; "
                          "null when range is given")
    range: Optional[tuple[Union[int, float], Union[int, float]]] = Field(
        None, description="[low, high] for 'từ 2% đến 2,5%', signed, low <= high; value is then null")
    unit: str = Field(description="%, VND, VND/person/year, VND/person/month, households, people, students, "
                                  "projects, districts …")
    bound: Bound = Field("exact", description="The qualifier as written: khoảng/ước about, hơn/trên over, gần "
                                              "nearly, dưới under, ít nhất at_least, tối đa at_most")
    status: Status = Field("actual", description="Of the statement: target (mục tiêu, phấn đấu, kế hoạch), "
                                                 "estimate (ước, dự kiến), or actual")
    population: Optional[str] = Field(
        None, description="Whose rate or count: all, ethnic_minority, poor_districts, poor_communes, urban, rural, "
                          "income_poor; for beneficiaries poor, near_poor, escaped, poor_and_near_poor")
    location: Optional[Location] = Field(None, description="The unit the number is about; null for regions "
                                                           "and groups of units")
    time: Time = Field(default_factory=Time, description="When the number holds")
    attributes: dict[str, str] = Field(default_factory=dict,
                                       description="Indicator-specific detail, e.g. standard: multidimensional, "
                                                   "programme, measure (docs/facts.md)")
    evidence: Evidence = Field(description="The characters the fact was read from")
    doc: Optional[DocRef] = Field(None, description="The article (in JSON output the article holds it instead)")


class Article(_Model):
    id: str
    text: str = Field(description="The article's clean text (NFC); every evidence offset slices it")
    title: Optional[str] = None
    url: Optional[str] = None
    path: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    author: Optional[str] = None
    normalized: bool = Field(False, description="True when text differs from the input as given (NFC, line ends)")
    relevant: bool = Field(True, description="False when the article is not about a poverty or social-policy "
                                             "programme; it then has no facts")
    reason: Optional[str] = Field(None, description="Why the article has no facts, when it has none: "
                                                   "'off_topic', 'no_numbers', 'no_facts'")
    fetched_at: FetchedAt = None
    stored_at: StoredAt = None
    revision: Revision = None
    current: Current = None
    facts: list[Fact] = Field(default_factory=list)

    def doc_ref(self) -> DocRef:
        return DocRef(id=self.id, path=self.path, url=self.url, title=self.title, published=self.published,
                      source=self.source, author=self.author, fetched_at=self.fetched_at, stored_at=self.stored_at,
                      revision=self.revision, current=self.current)
