"""An extracted article as plain data, for the bulk path (``extractor extract``, ``dataset build``).

``ArticleRecord`` has the fields of ``models.Article`` with its facts as plain dicts, each equal
to ``Fact.model_dump(mode="json", exclude={"doc"})``: the writers need nothing more, and building
and dumping a pydantic object per fact cost a tenth of a run. The pydantic models stay the public
API and the schema: ``extractor.extract`` returns ``record.to_article()``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

DOC_FIELDS = ("id", "path", "url", "title", "published", "source", "author", "fetched_at", "stored_at", "revision",
              "current")


@dataclass
class ArticleRecord:
    id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    path: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    author: Optional[str] = None
    normalized: bool = False
    relevant: bool = True
    reason: Optional[str] = None
    fetched_at: Optional[str] = None
    stored_at: Optional[str] = None
    revision: Optional[int] = None
    current: Optional[bool] = None
    facts: list[dict] = field(default_factory=list)

    def doc(self) -> dict[str, Any]:
        """The article as a fact names it: ``DocRef.model_dump()``."""
        return {k: getattr(self, k) for k in DOC_FIELDS}

    def to_article(self):
        """The public ``models.Article``, every fact with its ``doc``."""
        from .models import Article, DocRef, Fact

        ref = DocRef(**self.doc())
        meta = {k: getattr(self, k) for k in ("id", "text", "title", "url", "path", "published", "source",
                                               "author", "normalized", "relevant", "reason", "fetched_at",
                                               "stored_at", "revision", "current")}
        article = Article(**meta)
        article.facts = [Fact(**f, doc=ref) for f in self.facts]
        return article


def doc_of(article) -> dict[str, Any]:
    """The ``doc`` of an ``ArticleRecord`` or a ``models.Article``, as a dict."""
    return article.doc() if isinstance(article, ArticleRecord) else article.doc_ref().model_dump()


def facts_of(article) -> list[dict]:
    """The facts of an ``ArticleRecord`` or a ``models.Article``, as dicts without ``doc``."""
    if isinstance(article, ArticleRecord):
        return article.facts
    return [f.model_dump(mode="json", exclude={"doc"}) for f in article.facts]
