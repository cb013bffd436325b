"""Closest names to a misspelt one, fast enough for thousands of unknown names.

Comparing a misspelt name with every name in the country (``difflib`` over
some 40,000 keys) costs about a tenth of a second per name. Here each key is
indexed once by its character trigrams. A query counts, for every key, the
trigrams it shares with the key among its eight rarest trigrams (one found in
more than one key in fifty, such as "ity" or "cou", says little and is skipped
when rarer ones exist; the counting runs in C); the keys sharing most pick a short
list, and ``difflib``'s ratio, the measure people know from
``get_close_matches``, orders that list and applies the cut-off. One letter
changed in a ten-letter name keeps three quarters of its trigrams, so the name
meant stays on the short list.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from typing import Container, Iterable

SHORTLIST = 8
RAREST = 8  # trigrams counted per query, the rarest first
MIN_SHARED = 0.4  # share of the trigrams counted that a key must have to be considered


def trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class TrigramIndex:
    """Keys indexed by trigram; ``closest`` answers like ``difflib.get_close_matches``."""

    def __init__(self, keys: Iterable[str]):
        self.keys = sorted(set(keys))
        self.sizes: list[int] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for number, key in enumerate(self.keys):
            grams = trigrams(key)
            self.sizes.append(len(grams))
            for gram in grams:
                postings[gram].append(number)
        self.postings = dict(postings)
        self.common = max(50, len(self.keys) // 50)

    def closest(self, query: str, n: int = 5, cutoff: float = 0.6,
                allowed: Container[str] | None = None) -> list[tuple[float, str]]:
        """Up to ``n`` (ratio, key) pairs with ratio >= ``cutoff``, best first; only ``allowed`` keys if given."""
        lists = [self.postings[g] for g in trigrams(query) if g in self.postings]
        rare = [posting for posting in lists if len(posting) <= self.common]
        used = sorted(rare if len(rare) >= 2 else lists, key=len)[:RAREST]
        counts: Counter[int] = Counter()
        for posting in used:
            counts.update(posting)
        floor = max(1, int(MIN_SHARED * len(used)))
        shortlist = [(shared, -abs(self.sizes[number] - len(lists)), self.keys[number])
                     for number, shared in counts.items() if shared >= floor]
        if allowed is not None:
            shortlist = [entry for entry in shortlist if entry[2] in allowed]
        matcher = SequenceMatcher(None, b=query)
        scored = []
        for _, _, key in heapq.nlargest(SHORTLIST, shortlist):
            matcher.set_seq1(key)
            ratio = matcher.ratio()
            if ratio >= cutoff:
                scored.append((ratio, key))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return scored[:n]
