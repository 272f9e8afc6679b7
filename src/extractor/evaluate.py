"""``extractor eval``: score extraction against gold facts (docs/facts.md, last section).

A gold fact is *found* when a predicted fact of the same article has the same indicator, kind
and value or range (core match), and *found whole* when every non-null gold field among
location (level + name), time (year, date, period), status and population agrees too.
Precision counts distinct predicted facts (by indicator, kind, value, range).
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .text import name_key  # noqa: F401  (name_key: part of the scoring API)


def _num(x):
    return None if x is None else round(float(x), 6)


def core_key(f: dict) -> tuple:
    rng = f.get("range")
    return (f.get("indicator"), f.get("kind"), _num(f.get("value")),
            tuple(_num(v) for v in rng) if rng else None)




def whole_agrees(gold: dict, pred: dict) -> bool:
    gl = gold.get("location")
    if gl:
        pl = pred.get("location") or {}
        if gl.get("level") is not None and gl.get("level") != pl.get("level"):
            return False
        if gl.get("name") is not None and name_key(gl["name"]) != name_key(pl.get("name")):
            return False
    gt = gold.get("time") or {}
    pt = pred.get("time") or {}
    for k in ("year", "date", "period"):
        g = gt.get(k)
        if g is not None:
            p = pt.get(k)
            if k == "period":
                g, p = list(g), (list(p) if p is not None else None)
            if g != p:
                return False
    for k in ("status", "population"):
        if gold.get(k) is not None and gold.get(k) != pred.get(k):
            return False
    return True


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    found_whole: int = 0
    predicted: int = 0
    correct: int = 0
    correct_whole: int = 0

    def add(self, other: "Tally") -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @staticmethod
    def _prf(c, p, f, g):
        prec = c / p if p else (1.0 if not g else 0.0)
        rec = f / g if g else (1.0 if not p else 0.0)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return prec, rec, f1

    def core(self):
        return self._prf(self.correct, self.predicted, self.found, self.gold)

    def whole(self):
        return self._prf(self.correct_whole, self.predicted, self.found_whole, self.gold)


@dataclass
class DocResult:
    doc: str
    tally: Tally
    by_indicator: dict
    misses: list = field(default_factory=list)  # (gold fact, reason)
    spurious: list = field(default_factory=list)  # predicted facts
    partial: list = field(default_factory=list)  # (gold, best predicted) core match but not whole
    error: str | None = None  # the article could not be read: its gold facts all count as missed


def score_doc(doc: str, gold: list[dict], pred: list[dict]) -> DocResult:
    by_ind: dict = defaultdict(Tally)
    t = Tally(gold=len(gold))
    pred_by_key: dict = defaultdict(list)
    for p in pred:
        pred_by_key[core_key(p)].append(p)
    gold_keys = {core_key(g) for g in gold}
    res = DocResult(doc, t, by_ind)
    for g in gold:
        ind = by_ind[g.get("indicator")]
        ind.gold += 1
        cands = pred_by_key.get(core_key(g), [])
        if cands:
            t.found += 1
            ind.found += 1
            if any(whole_agrees(g, p) for p in cands):
                t.found_whole += 1
                ind.found_whole += 1
            else:
                res.partial.append((g, cands[0]))
        else:
            res.misses.append(g)
    for key, ps in pred_by_key.items():
        ind = by_ind[key[0]]
        t.predicted += 1
        ind.predicted += 1
        if key in gold_keys:
            t.correct += 1
            ind.correct += 1
            golds = [g for g in gold if core_key(g) == key]
            if any(whole_agrees(g, p) for g in golds for p in ps):
                t.correct_whole += 1
                ind.correct_whole += 1
        else:
            res.spurious.append(ps[0])
    return res


class GoldError(ValueError):
    """A gold folder that cannot be scored: the message names the file and what is wrong."""


def load_gold(gold_dir: Path) -> list[tuple[str, list[dict]]]:
    out = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: not a readable gold file: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("doc"), str) \
                or not isinstance(data.get("facts"), list):
            raise GoldError(f'{path}: not a gold file: expected {{"doc": FILE, "facts": [...]}}')
        out.append((data["doc"], data["facts"]))
    if not out:
        raise GoldError(f"{gold_dir}: no gold files (*.json) in it")
    return out


def read_article(path: Path, extract_fn=None):
    """The Article of one gold ``doc`` file, read as ``extract`` reads it (a ``.jsonl`` record
    brings its url and title), or the reason it could not be read."""
    from .batch import extract_one
    from .io.readers import ReadFailure, iter_inputs

    if not path.is_file():
        return f"no article file {path.name}"
    item = next(iter(iter_inputs([str(path)])), None)
    if item is None:
        return f"no article in {path.name}"
    if isinstance(item, ReadFailure):
        return item.reason
    if extract_fn is not None:
        return extract_fn(item.text if item.html is None else item.html, url=item.url,
                          published=item.published, path=item.path, id=item.id)
    result = extract_one(item)
    return result.reason if isinstance(result, ReadFailure) else result


def evaluate(gold_dir, corpus_dir, extract_fn=None) -> list[DocResult]:
    results = []
    golds = load_gold(Path(gold_dir))
    if not any((Path(corpus_dir) / doc).is_file() for doc, _ in golds):
        # not one article there: the wrong folder, not articles that went missing
        raise GoldError(f"{corpus_dir}: none of the articles the gold files in {gold_dir} name is in it "
                        f"(the first: {golds[0][0]}); is CORPUS_DIR the folder of the articles?")
    for doc, gold in golds:
        article = read_article(Path(corpus_dir) / doc, extract_fn)
        if isinstance(article, str):
            res = score_doc(doc, gold, [])
            res.error = article
            results.append(res)
            continue
        pred = [f.model_dump() for f in article.facts]
        results.append(score_doc(doc, gold, pred))
    return results


def report(results: Iterable[DocResult], verbose: bool = False) -> str:
    results = list(results)
    total = Tally()
    by_ind: dict = defaultdict(Tally)
    lines = []
    for r in results:
        total.add(r.tally)
        if r.error:
            lines.append(f"UNREAD   {r.doc}: {r.error} ({r.tally.gold} gold facts counted as missed)")
        for k, v in r.by_indicator.items():
            by_ind[k].add(v)
        if verbose:
            for g in r.misses:
                lines.append(f"MISS     {r.doc}: {g.get('indicator')} {g.get('kind')} "
                             f"{g.get('value') if g.get('range') is None else g.get('range')} «{g.get('quote')}»")
            for g, p in r.partial:
                diffs = _diff(g, p)
                lines.append(f"PARTIAL  {r.doc}: {g.get('indicator')} {g.get('kind')} "
                             f"{g.get('value') if g.get('range') is None else g.get('range')} «{g.get('quote')}» {diffs}")
            for p in r.spurious:
                ev = p.get("evidence") or {}
                lines.append(f"SPURIOUS {r.doc}: {p.get('indicator')} {p.get('kind')} "
                             f"{p.get('value') if p.get('range') is None else p.get('range')} «{ev.get('text')}» "
                             f"in: {ev.get('sentence', '')[:160]}")
    lines.append(f"{'indicator':28} {'gold':>5} {'pred':>5} {'core P':>7} {'core R':>7} {'core F1':>8} {'whole F1':>9}")
    for k in sorted(by_ind):
        v = by_ind[k]
        cp, cr, cf = v.core()
        _, _, wf = v.whole()
        lines.append(f"{k:28} {v.gold:5d} {v.predicted:5d} {cp:7.3f} {cr:7.3f} {cf:8.3f} {wf:9.3f}")
    errors: dict = defaultdict(int)
    for r in results:
        for g, p in r.partial:
            for name, _ in field_errors(g, p):
                errors[name] += 1
    lines.append("field errors of facts found but not whole: " + ", ".join(
        f"{k} {errors[k]}" for k in ("location", "year", "date", "period", "status", "population")))
    cp, cr, cf = total.core()
    wp, wr, wf = total.whole()
    lines.append(f"documents: {len(results)}, gold facts: {total.gold}, predicted (distinct): {total.predicted}")
    lines.append(f"core:  precision {cp:.3f}  recall {cr:.3f}  F1 {cf:.3f}")
    lines.append(f"whole: precision {wp:.3f}  recall {wr:.3f}  F1 {wf:.3f}")
    return "\n".join(lines)


def field_errors(g: dict, p: dict) -> list[tuple[str, str]]:
    """The fields of a core-matched prediction that disagree with the gold fact, each as
    (field, what differs): location, year, date, period, status, population."""
    out = []
    gl, pl = g.get("location") or {}, p.get("location") or {}
    if gl and (gl.get("name") and name_key(gl.get("name")) != name_key(pl.get("name"))
               or gl.get("level") and gl.get("level") != pl.get("level")):
        out.append(("location", f"location {gl.get('level')}/{gl.get('name')} != {pl.get('level')}/{pl.get('name')}"))
    gt, pt = g.get("time") or {}, p.get("time") or {}
    for k in ("year", "date", "period"):
        if gt.get(k) is not None and (list(gt[k]) if k == "period" else gt[k]) != (
                list(pt[k]) if k == "period" and pt.get(k) else pt.get(k)):
            out.append((k, f"time.{k} {gt.get(k)} != {pt.get(k)}"))
    for k in ("status", "population"):
        if g.get(k) is not None and g.get(k) != p.get(k):
            out.append((k, f"{k} {g.get(k)} != {p.get(k)}"))
    return out


def _diff(g: dict, p: dict) -> str:
    return "; ".join(msg for _, msg in field_errors(g, p))


def totals(results) -> Tally:
    t = Tally()
    for r in results:
        t.add(r.tally)
    return t
