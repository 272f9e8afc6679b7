"""Copies of one report: the same text, or nearly (another headline, a paragraph cut or moved,
other boilerplate, another Unicode form), found so that a report is counted once.

Texts are compared as sets of word shingles: folded (``text.fold``: case, odd spaces, tone
placement), NFC, punctuation dropped. An exact copy has the same words in the same order; a near
copy shares at least ``threshold`` of its shingles with a kept article (Jaccard similarity,
estimated by ``datasketch``'s MinHash and looked up by LSH banding, so each new article is
compared with a handful of candidates, not with every article kept before it).

The first article of a group, in input order, is kept; later ones are its copies. Only kept
articles are indexed, so a copy of a copy is matched against the original, and a chain of small
edits cannot drift far from it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash

from ..text import fold

__all__ = ["CopyFinder", "shingles", "words"]

_WORD = re.compile(r"\w+")

# Four-word shingles: one edit touches four of them; two reports that share a stock phrase share
# a few, not a third of their text.
SHINGLE = 4
NUM_PERM = 128
THRESHOLD = 0.4  # the Jaccard similarity from which two texts are one report; see tests/test_dataset.py
_SEED = 1


def words(text: str) -> list[str]:
    return _WORD.findall(fold(unicodedata.normalize("NFC", text)))


def shingles(ws: list[str], k: int = SHINGLE) -> set[bytes]:
    if len(ws) < k:
        return {" ".join(ws).encode("utf-8")} if ws else set()
    return {" ".join(ws[i:i + k]).encode("utf-8") for i in range(len(ws) - k + 1)}


class CopyFinder:
    """``see(id, text)`` in input order: None for a new report (kept), or the id of the kept
    article it copies.

    The signatures are datasketch's MinHash; the LSH index over them is kept here, compact:
    ``BANDS`` dicts from a band of ``ROWS`` hash values to the kept article's number, and one
    array of signatures. datasketch's ``MinHashLSH`` holds a set per band per article and a
    list of band keys per article (about 10 kB an article, measured), which grew the memory of a
    10,000-article build by a third; this holds about 2 kB. With 20 bands of 3 values, two texts
    of similarity 0.6 meet in some band with probability 0.99, of 0.1 with 0.02; every candidate
    is then checked against the threshold on all ``num_perm`` values."""

    BANDS, ROWS = 20, 3

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        assert self.BANDS * self.ROWS <= num_perm
        self.threshold = threshold
        self.num_perm = num_perm
        self._exact: dict[bytes, int] = {}
        self._tables: list[dict[bytes, int | list[int]]] = [{} for _ in range(self.BANDS)]
        self._ids: list[str] = []
        # the affine32 scheme's values fit 32 bits: half the memory of datasketch's uint64
        self._signatures = np.zeros((1024, num_perm), dtype=np.uint32)
        template = MinHash(num_perm=num_perm, seed=_SEED)
        self._perms, self._scheme = template.permutations, template.scheme  # drawn once, not per text

    def signature(self, ws: list[str]) -> np.ndarray | None:
        sh = shingles(ws)
        if not sh:
            return None
        m = MinHash(num_perm=self.num_perm, seed=_SEED, permutations=self._perms, scheme=self._scheme)
        m.update_batch(list(sh))
        return m.hashvalues.astype(np.uint32)

    def _bands(self, sig: np.ndarray) -> list[bytes]:
        r = self.ROWS
        return [sig[i * r:(i + 1) * r].tobytes() for i in range(self.BANDS)]

    def _candidates(self, bands: list[bytes]) -> set[int]:
        found: set[int] = set()
        for table, band in zip(self._tables, bands):
            hit = table.get(band)
            if hit is not None:
                found.update(hit) if isinstance(hit, list) else found.add(hit)
        return found

    def see(self, doc_id: str, text: str) -> str | None:
        ws = words(text)
        digest = hashlib.blake2b(" ".join(ws).encode("utf-8"), digest_size=16).digest()
        if digest in self._exact:
            return self._ids[self._exact[digest]]
        sig = self.signature(ws)
        bands = None
        if sig is not None:
            bands = self._bands(sig)
            best, best_sim = None, -1.0
            for cand in sorted(self._candidates(bands)):  # sorted: ties go to the first kept
                sim = float(np.count_nonzero(self._signatures[cand] == sig)) / self.num_perm
                if sim >= self.threshold and sim > best_sim:
                    best, best_sim = cand, sim
            if best is not None:
                return self._ids[best]
        n = len(self._ids)
        self._ids.append(doc_id)
        self._exact[digest] = n
        if sig is not None:
            if n == len(self._signatures):
                self._signatures = np.resize(self._signatures, (2 * n, self.num_perm))
            self._signatures[n] = sig
            for table, band in zip(self._tables, bands):
                hit = table.setdefault(band, n)
                if hit != n:
                    table[band] = [*hit, n] if isinstance(hit, list) else [hit, n]
        return None
