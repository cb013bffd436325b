"""Closest names to a misspelt one, fast enough for thousands of unknown names.

Comparing a misspelt name with every name in the country (``difflib`` over
some 40,000 keys) costs about a tenth of a second per name. Here each key is
indexed once by its character trigrams; a query only looks at the keys that
share its rarer trigrams (a trigram found in more than one key in twenty, such
as "ity" or "cou", says little and is skipped when rarer ones exist), and
``difflib``'s ratio then orders the few dozen best of those.
"""
from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from operator import itemgetter
from typing import Iterable

SHORTLIST = 40


def trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class TrigramIndex:
    """Keys indexed by trigram; ``closest`` answers like ``difflib.get_close_matches``."""

    def __init__(self, keys: Iterable[str]):
        self.keys = sorted(set(keys))
        postings: dict[str, list[int]] = defaultdict(list)
        for number, key in enumerate(self.keys):
            for gram in trigrams(key):
                postings[gram].append(number)
        self.postings = dict(postings)
        self.common = max(50, len(self.keys) // 20)

    def closest(self, query: str, n: int = 5, cutoff: float = 0.6) -> list[tuple[float, str]]:
        """Up to ``n`` (ratio, key) pairs with ratio >= ``cutoff``, best first."""
        lists = [self.postings[g] for g in trigrams(query) if g in self.postings]
        rare = [p for p in lists if len(p) <= self.common]
        counts: Counter[int] = Counter()
        for posting in rare if len(rare) >= 2 else lists:
            counts.update(posting)
        matcher = SequenceMatcher(None, b="")
        matcher.set_seq2(query)
        scored = []
        for number, _ in heapq.nlargest(SHORTLIST, counts.items(), key=itemgetter(1)):
            matcher.set_seq1(self.keys[number])
            if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
                ratio = matcher.ratio()
                if ratio >= cutoff:
                    scored.append((ratio, self.keys[number]))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return scored[:n]
