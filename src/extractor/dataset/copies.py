"""Copies of one report: the same text, or nearly (another headline, a paragraph cut or moved,
other boilerplate, another Unicode form), found so that a report is counted once.

Texts are compared as sets of word shingles: folded (``text.fold``: case, odd spaces, tone
placement), NFC, punctuation dropped. An exact copy has the same words in the same order; a near
copy shares at least ``threshold`` of its shingles with a kept article (Jaccard similarity,
estimated by MinHash and looked up with LSH from ``datasketch``, so each new article is compared
with a handful of candidates, not with every article kept before it).

The first article of a group, in input order, is kept; later ones are its copies. Only kept
articles are indexed, so a copy of a copy is matched against the original, and a chain of small
edits cannot drift far from it.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np
from datasketch import MinHash, MinHashLSH

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
    article it copies."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM):
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._exact: dict[bytes, str] = {}
        # The kept articles' signatures, to check LSH candidates (LSH alone gives false matches).
        self._signatures: dict[str, np.ndarray] = {}
        template = MinHash(num_perm=num_perm, seed=_SEED)
        self._perms, self._scheme = template.permutations, template.scheme  # drawn once, not per text

    def signature(self, ws: list[str]) -> MinHash | None:
        sh = shingles(ws)
        if not sh:
            return None
        m = MinHash(num_perm=self.num_perm, seed=_SEED, permutations=self._perms, scheme=self._scheme)
        m.update_batch(list(sh))
        return m

    def see(self, doc_id: str, text: str) -> str | None:
        ws = words(text)
        digest = hashlib.blake2b(" ".join(ws).encode("utf-8"), digest_size=16).digest()
        if digest in self._exact:
            return self._exact[digest]
        sig = self.signature(ws)
        if sig is not None:
            best, best_sim = None, -1.0
            for cand in sorted(self._lsh.query(sig)):  # sorted: ties go the same way every run
                sim = float(np.count_nonzero(self._signatures[cand] == sig.hashvalues)) / self.num_perm
                if sim >= self.threshold and sim > best_sim:
                    best, best_sim = cand, sim
            if best is not None:
                return best
        self._exact[digest] = doc_id
        if sig is not None and doc_id not in self._signatures:
            self._lsh.insert(doc_id, sig)
            self._signatures[doc_id] = sig.hashvalues
        return None
