"""No story's facts live in the package: a new operation is a folder, never a code change."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.core import paths
from analysis.story.story import load_story, story_slugs

CODE = sorted((paths.PROJECT_ROOT / "analysis").rglob("*.py")) + sorted(paths.NOTEBOOK_TEMPLATES.glob("*.nbtemplate"))


def _facts(slug: str) -> set[str]:
    """What only this story knows: its title, its publishers and claim ids, its total as a count of arrests."""
    story = load_story(slug)
    claims = pd.read_csv(story.claims_csv, dtype=str, keep_default_na=False)
    counts = pd.read_csv(story.counts_csv, dtype=str, keep_default_na=False)
    facts = {story.meta.title, *claims["claim_id"], *(s.name for s in story.meta.sources)}
    facts |= {name for name in [*claims["stated_by"], *counts.get("source_name", [])] if len(name) > 6}
    if story.meta.announced_total is not None:
        facts.add(f"{story.meta.announced_total} arrests")
    return {fact for fact in facts if fact}


@pytest.mark.parametrize("slug", story_slugs())
def test_the_package_never_names_a_story_fact(slug):
    facts = _facts(slug)
    pattern = re.compile("|".join(re.escape(fact) for fact in sorted(facts, key=len, reverse=True)))
    found = [f"{path.relative_to(paths.PROJECT_ROOT)}:{number}: {match.group(0)!r}"
             for path in CODE for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for match in [pattern.search(line)] if match]
    assert not found, "story facts in code (they belong in stories/<slug>/):\n" + "\n".join(found)
