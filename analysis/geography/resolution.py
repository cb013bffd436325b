"""What resolving one written name gives: a Census match with its rule, or a reason to stop.

Kept apart from the resolver so the overrides reader and the overlap checks
can use the same types without importing the whole index.
"""
from __future__ import annotations

from dataclasses import dataclass

# How sure a match is (the ``confidence`` field):
PINNED = "pinned"    # an overrides file row: a person decided, with a reason
CERTAIN = "certain"  # no other geography answers to the name under any reading
LIKELY = "likely"    # chosen among other readings, which the notes list: a person should read them


@dataclass(frozen=True)
class Resolution:
    """One name's match. ``notes`` is empty exactly when nothing else could be meant.

    ``rule`` says which rule chose the match (see ``analysis.geography.resolve``);
    ``detail`` says how the name was read; ``notes`` lists, ``" | "``-separated,
    what a person should check: other geographies the name can mean, a
    same-named county that is a different area, a match made outside
    ``--state``, overlaps with other names of the same list.
    """
    jurisdiction: str
    matched_name: str
    geo_level: str
    geoids: str
    method: str
    detail: str
    rule: str = ""
    confidence: str = ""
    notes: str = ""


class UnresolvedName(Exception):
    """A name that cannot be resolved without a person's decision."""

    def __init__(self, jurisdiction: str, problem: str, candidates: list[str], advice: str):
        self.jurisdiction, self.problem, self.candidates, self.advice = jurisdiction, problem, candidates, advice
        listed = "; ".join(candidates) if candidates else "none"
        super().__init__(f"'{jurisdiction}': {problem}. Candidates: {listed}. {advice}")
