"""Every published figure of a story, restated as a claim and recomputed from the counts.

The Marshall Project's habit: a script that recomputes each published number.
A story's ``claims.csv`` has one row per figure: who stated it, where and
when, the value, and in ``equals`` what it should be in terms of the
evidence, as terms joined by ``+``:

- ``total``: the sum of every announced count; ``jurisdictions``: how many rows;
- ``count:<jurisdiction>``: one row of ``counts.csv``, as written there;
- ``share:<jurisdiction>``: that row as a percentage of the total;
- ``claim:<claim_id>``: the stated value of another row (a published part);
- ``date:start`` / ``date:end`` / ``date:announced``: a date of ``story.toml``;
- empty: nothing published can check it ("not checkable").

``comparison`` says how close is right: ``equal``; ``nearly`` (a round figure
at most ``tolerance`` above the computed one, like "nearly 500" for 498);
``about`` (within ``tolerance`` either way, like "about half" = 50 for 49.4%).
A figure that is wrong gets the verdict in ``if_different`` ("misleading",
"cannot be summed", ...; default "does not add up"). Rows of ``kind`` ``part``
are published figures other claims are made of; only ``claim`` rows are
verdicts. ``note`` is the story's own explanation, added to the computed one.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import InputError, csv_line
from analysis.core.schemas import matches, read_table, schema, text

NUMBER_OR_DATE = r"\d+(\.\d+)?|\d{4}-\d{2}-\d{2}"
SCHEMA = schema("claims", {
    "claim_id": text(matches(r"[a-z0-9_]+", "is not a short id (lowercase letters, digits and _)")),
    "kind": text(matches(r"claim|part", "must be 'claim' or 'part'")),
    "claim": text(),
    "stated": text(matches(NUMBER_OR_DATE, "is not a number or a date (YYYY-MM-DD)")),
    "stated_as": text(empty_ok=True),
    "equals": text(empty_ok=True),
    "comparison": text(matches(r"equal|nearly|about", "must be equal, nearly or about")),
    "tolerance": text(matches(r"(\d+(\.\d+)?)?", "is not a number"), empty_ok=True),
    "if_different": text(empty_ok=True),
    "stated_by": text(),
    "published_date": text(matches(r"\d{4}(-\d{2}(-\d{2})?)?", "is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")),
    "source_url": text(matches(r"https?://\S+", "is not a web address")),
    "note": text(empty_ok=True),
}, unique=["claim_id"])
FACT_CHECK_COLUMNS = ["claim_id", "claim", "source", "stated", "computed", "verdict", "explanation"]
SUM_CHECK_COLUMNS = ["claim_id", "stated", "computed", "sum_of", "agrees"]
DEFAULT_IF_DIFFERENT = "does not add up"
TERM = re.compile(r"(total|jurisdictions)|(count|share|claim|date):(.+)")


def load_claims(path: Path) -> pd.DataFrame:
    """Read and check ``claims.csv`` (field by field; the terms are checked when evaluated)."""
    return read_table(path, SCHEMA, allow_empty=True)


@dataclass(frozen=True)
class Dates:
    start: dt.date
    end: dt.date
    announced: dt.date


@dataclass(frozen=True)
class Term:
    value: float | dt.date
    described: str


def _number(text_value: str) -> float | int:
    return float(text_value) if "." in text_value else int(text_value)


def _value(text_value: str) -> float | int | dt.date:
    return dt.date.fromisoformat(text_value) if "-" in text_value else _number(text_value)


def _show(value) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value)}"


class _Evaluator:
    def __init__(self, path: Path, claims: pd.DataFrame, counts: pd.DataFrame, dates: Dates):
        self.path, self.claims, self.dates = path, claims, dates
        self.count = dict(zip(counts["jurisdiction"], counts["arrests"].astype(int)))
        self.total = int(counts["arrests"].sum())
        self.n_rows = len(counts)
        self.row_of = {claim_id: index for index, claim_id in claims["claim_id"].items()}

    def terms(self, index: int) -> list[Term]:
        equals = self.claims.at[index, "equals"]
        return [self._term(index, part.strip()) for part in equals.split("+")] if equals else []

    def _error(self, index: int, message: str) -> InputError:
        return InputError(self.path, message, row=csv_line(index), field="equals")

    def _term(self, index: int, term: str) -> Term:
        found = TERM.fullmatch(term)
        if not found:
            raise self._error(index, f"'{term}' is not a term: use total, jurisdictions, count:<jurisdiction>, "
                              "share:<jurisdiction>, claim:<claim_id> or date:start|end|announced")
        if found.group(1) == "total":
            return Term(self.total, f"the {self.n_rows} announced counts sum to {self.total}")
        if found.group(1) == "jurisdictions":
            return Term(self.n_rows, f"the counts list {self.n_rows} jurisdictions")
        kind, name = found.group(2), found.group(3).strip()
        if kind in ("count", "share"):
            if name not in self.count:
                raise self._error(index, f"'{name}' is not a jurisdiction of the counts file (write it exactly "
                                  "as in counts.csv)")
            if kind == "count":
                return Term(self.count[name], f"the announced count for {name} is {self.count[name]}")
            share = 100 * self.count[name] / self.total if self.total else float("nan")
            return Term(share, f"{name}'s {self.count[name]} of {self.total} is {share:.1f}%")
        if kind == "claim":
            if name not in self.row_of:
                raise self._error(index, f"claim '{name}' is not a claim_id of this file")
            if self.row_of[name] == index:
                raise self._error(index, "a claim cannot be checked against itself")
            other = self.claims.loc[self.row_of[name]]
            described = other["claim"] if other["stated"] in other["claim"] else f"{other['stated']} ({other['claim']})"
            return Term(_value(other["stated"]), described)
        if name not in ("start", "end", "announced"):
            raise self._error(index, f"'date:{name}' is not a date of story.toml (start, end, announced)")
        value = getattr(self.dates, name)
        return Term(value, f"the operation's {name} date in story.toml is {value.isoformat()}")


def _verdict(stated, computed, comparison: str, tolerance: float, if_different: str) -> str:
    if isinstance(stated, dt.date) != isinstance(computed, dt.date):
        return "not comparable"
    if isinstance(stated, dt.date):
        return "correct" if stated == computed else (if_different or "does not match")
    # Figures are published to at most a few decimals: compare to a millionth, not to the last bit
    # of a float (10.1 + 20.2 must equal 30.3).
    difference = round(stated - computed, 6)
    if comparison == "equal" and difference == 0:
        return "correct"
    if comparison == "nearly" and 0 <= difference <= tolerance:
        return "correct (rounded)"
    if comparison == "about" and abs(difference) <= tolerance:
        return "correct (rounded)"
    return if_different or DEFAULT_IF_DIFFERENT


def _explanation(terms: list[Term], stated, computed, verdict: str, note: str) -> str:
    if not terms:
        words = "Nothing published can check this figure."
    elif len(terms) == 1:
        words = terms[0].described[0].upper() + terms[0].described[1:] + "."
    else:
        words = " + ".join(t.described for t in terms) + f" = {_show(computed)}."
    if isinstance(computed, dt.date) and isinstance(stated, dt.date) and stated != computed:
        days = (stated - computed).days
        words += f" The stated date is {abs(days)} day{'s' if abs(days) != 1 else ''} " \
                 f"{'later' if days > 0 else 'earlier'}."
    elif terms and verdict not in ("correct", "not comparable") and not isinstance(computed, dt.date):
        words += f" Stated {_show(stated)}, computed {_show(computed)}: a difference of {_show(stated - computed)}."
    return f"{words} {' '.join(note.split())}".strip()


def evaluate_claims(claims: pd.DataFrame, claims_path: Path, counts: pd.DataFrame,
                    dates: Dates) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fact-check (one row per ``claim`` row) and the sum check (every claim that is a sum).

    The sum check lists each stated figure that should equal a sum of counts
    or of other published figures, with ``agrees`` true only when it does exactly.
    """
    evaluator = _Evaluator(claims_path, claims, counts, dates)
    checks, sums = [], []
    for index, row in claims.iterrows():
        terms = evaluator.terms(index)
        try:
            stated = _value(row["stated"])
        except ValueError as why:
            raise InputError(claims_path, f"'{row['stated']}' is not a date ({why})", row=csv_line(index),
                             field="stated") from None
        if terms and isinstance(terms[0].value, dt.date):
            computed = terms[0].value
        else:
            computed = sum(t.value for t in terms) if terms else None
        if terms and any(isinstance(t.value, dt.date) for t in terms) and len(terms) > 1:
            raise InputError(claims_path, "dates cannot be added", row=csv_line(index), field="equals")
        tolerance = float(row["tolerance"] or 0)
        verdict = _verdict(stated, computed, row["comparison"], tolerance, row["if_different"]) if terms \
            else "not checkable"
        if row["kind"] != "claim":
            continue
        checks.append({
            "claim_id": row["claim_id"], "claim": row["claim"],
            "source": f"{row['stated_by']}, {row['published_date']} ({row['source_url']})",
            "stated": row["stated"], "computed": "" if computed is None else _show(computed),
            "verdict": verdict, "explanation": _explanation(terms, stated, computed, verdict, row["note"])})
        is_sum = row["comparison"] == "equal" and (row["equals"].strip() == "total" or len(terms) > 1)
        if is_sum:
            sums.append({"claim_id": row["claim_id"], "stated": row["stated"], "computed": _show(computed),
                         "sum_of": "; ".join(t.described for t in terms),
                         "agrees": "true" if round(stated - computed, 6) == 0 else "false"})
    return (pd.DataFrame(checks, columns=FACT_CHECK_COLUMNS), pd.DataFrame(sums, columns=SUM_CHECK_COLUMNS))
