"""The output contract (shared/spec/facts.md) as pydantic models.

``Fact`` and its parts carry exactly the contract's fields; ``Article`` is what
``extractor.extract`` returns: the clean text every evidence offset slices, and its facts.
"""
from __future__ import annotations

from typing import Literal, Optional, Union

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
    level: Literal["province", "commune"]
    name: str
    type: Optional[str] = None
    code: Optional[str] = None
    province: Optional[str] = None


class Location(_Model):
    level: Level
    name: str = Field(description="Name without its type word: 'Pác Nặm', not 'huyện Pác Nặm'")
    type: Optional[str] = Field(None, description="Type word as written: tỉnh, huyện, thành phố, xã …")
    code: Optional[str] = Field(None, description="Official code of the unit when the article was written")
    province: Optional[str] = None
    current: Optional[CurrentUnit] = Field(None, description="Today's unit, where a mapping exists")


class Time(_Model):
    year: Optional[int] = None
    point: Optional[Point] = None
    date: Optional[str] = Field(None, description="ISO YYYY-MM-DD or YYYY-MM")
    period: Optional[tuple[int, int]] = None


class Evidence(_Model):
    start: int
    end: int
    text: str
    sentence: str


class DocRef(_Model):
    id: str
    path: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO date, or date and time with its offset when the page gives one")
    source: Optional[str] = None
    author: Optional[str] = None


class Fact(_Model):
    indicator: Indicator
    kind: Kind
    value: Optional[Union[int, float]] = Field(None, description="Normalised: percent 24.71, money in đồng, counts integers")
    range: Optional[tuple[Union[int, float], Union[int, float]]] = None
    unit: str
    bound: Bound = "exact"
    status: Status = "actual"
    population: Optional[str] = None
    location: Optional[Location] = None
    time: Time = Field(default_factory=Time)
    attributes: dict[str, str] = Field(default_factory=dict)
    evidence: Evidence
    doc: Optional[DocRef] = None


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
    facts: list[Fact] = Field(default_factory=list)

    def doc_ref(self) -> DocRef:
        return DocRef(id=self.id, path=self.path, url=self.url, title=self.title,
                      published=self.published, source=self.source, author=self.author)
