"""What a notebook shows for a table or a list of claims: text for nbval, HTML for people.

A notebook cell that ends with ``display.table(frame, formats)`` stores two
forms of the same table. ``text/plain`` is the fixed-layout text of
``format_table`` (what nbval compares and what a terminal shows); ``text/html``
is a real ``<table>`` that the HTML reports and JupyterLab render, so a narrow
screen wraps cells at word boundaries instead of breaking a text dump mid-word.

nbval compares every stored output except images and metadata, ``text/html``
included, so the HTML is written deterministically (no generated ids, no
styles, no dates): re-executing an unchanged notebook gives identical bytes.
The HTML carries class names only; the page that embeds it brings the CSS.
"""
from __future__ import annotations

import html
import re

import pandas as pd

# An ISO date (2017-09-28) is kept on one line: browsers may break a line after a hyphen.
ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")
URL = re.compile(r"https?://[^\s<>\"')\]]+")
# A source written as "Publisher, date (https://...)": the words become the link text.
SOURCE_WITH_URL = re.compile(r"^(?P<text>.+?) \((?P<url>https?://[^\s()]+)\)$")

# Verdicts that confirm or refute a claim; any other verdict ("not checkable",
# "cannot be summed", a new one) is shown as unresolved rather than guessed.
HOLDS_PREFIX = "correct"
FAILS = {"does not add up", "misleading", "wrong", "incorrect", "false"}
VERDICT_SIGN = {"holds": "\u2713", "fails": "\u2717", "open": "?"}


def format_table(table: pd.DataFrame, formats: dict[str, str] | None = None) -> str:
    """A left-aligned text table; ``formats`` maps a column to a format spec like ``'{:,.1f}'``."""
    shown = _cell_texts(table, formats)
    widths = {c: max(len(str(c)), *(len(v) for v in shown[c])) if len(shown) else len(str(c))
              for c in shown.columns}
    lines = ["  ".join(str(c).ljust(widths[c]) for c in shown.columns).rstrip(),
             "  ".join("-" * widths[c] for c in shown.columns)]
    lines += ["  ".join(row[c].ljust(widths[c]) for c in shown.columns).rstrip() for _, row in shown.iterrows()]
    return "\n".join(lines)


def _cell_texts(table: pd.DataFrame, formats: dict[str, str] | None) -> pd.DataFrame:
    """Every cell as the text both forms show: formatted numbers, 'n/a' for a missing formatted value."""
    formats = formats or {}
    unknown = set(formats) - set(table.columns)
    if unknown:
        raise KeyError(f"formats name columns the table does not have: {sorted(unknown)}")
    shown = table.copy()
    for column in shown.columns:
        spec = formats.get(column)
        shown[column] = [("n/a" if pd.isna(v) else spec.format(v)) if spec else ("" if pd.isna(v) else str(v))
                         for v in shown[column]]
    return shown


def linkify(text: str, breakable: bool = False) -> str:
    """``text`` escaped for HTML, with every http(s) URL made a link.

    Sentence punctuation right after a URL (``.``, ``,``, ``;``, ``:``) stays
    outside the link. A URL's text may break after each '/'; with ``breakable``,
    so may any other token at '/' or ';' (a list of GEOIDs in a narrow table cell).
    """
    plain = _breakable if breakable else _escaped
    out, end = [], 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(".,;:")
        out.append(plain(text[end:match.start()]))
        out.append(f'<a href="{html.escape(url)}">{_breakable(url)}</a>')
        end = match.start() + len(url)
    out.append(plain(text[end:]))
    return "".join(out)


def _breakable(text: str) -> str:
    """``text`` escaped, with a line break allowed (``<wbr>``) after each '/' or ';' inside a token."""
    return "<wbr>".join(_escaped(piece) for piece in re.split(r"(?<=[/;])(?=[^\s/])", text))


def _escaped(text: str) -> str:
    """``text`` escaped for HTML, its ISO dates in unbreakable spans."""
    out, end = [], 0
    for match in ISO_DATE.finditer(text):
        out.append(html.escape(text[end:match.start()]))
        out.append(f'<span class="nowrap">{match.group(0)}</span>')
        end = match.end()
    out.append(html.escape(text[end:]))
    return "".join(out)


def _source_html(source: str) -> str:
    """'Publisher, date (URL)' as a link whose text is 'Publisher, date'; anything else linkified."""
    match = SOURCE_WITH_URL.match(source)
    if not match:
        return linkify(source)
    return f'<a href="{html.escape(match["url"])}">{_escaped(match["text"])}</a>'


def _header(column: object) -> str:
    return html.escape(str(column).replace("_", " "))


class Table:
    """A table as fixed-layout text (``text/plain``) and as an HTML ``<table>`` (``text/html``)."""

    def __init__(self, frame: pd.DataFrame, formats: dict[str, str] | None = None, note: str = ""):
        self.frame = frame
        self.formats = dict(formats or {})
        self.note = note
        self.text = format_table(frame, self.formats) + (f"\n{note}" if note else "")

    def __str__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text)

    def _repr_html_(self) -> str:
        cells = _cell_texts(self.frame, self.formats)
        numeric = {c for c in self.frame.columns if c in self.formats or (
            pd.api.types.is_numeric_dtype(self.frame[c]) and not pd.api.types.is_bool_dtype(self.frame[c]))}
        head = "".join(f'<th scope="col"{_num(c, numeric)}>{_header(c)}</th>' for c in cells.columns)
        rows = "".join("<tr>" + "".join(f"<td{_num(c, numeric)}>{linkify(row[c], breakable=True)}</td>"
                                        for c in cells.columns) + "</tr>\n" for _, row in cells.iterrows())
        note = f'\n<p class="table-note">{linkify(self.note)}</p>' if self.note else ""
        return (f'<div class="table-scroll">\n<table class="data">\n<thead><tr>{head}</tr></thead>\n'
                f"<tbody>\n{rows}</tbody>\n</table>\n</div>{note}")


def _num(column: object, numeric: set) -> str:
    return ' class="num"' if column in numeric else ""


def table(frame: pd.DataFrame, formats: dict[str, str] | None = None, note: str = "") -> Table:
    """Show ``frame`` in a notebook: text as ``format_table`` lays it out, HTML as a real table.

    ``formats`` maps a column to a format spec (``'{:.1f}'``); ``note`` is a line
    shown under the table (a total, a caveat).
    """
    return Table(frame, formats, note)


def verdict_kind(verdict: str) -> str:
    """'holds', 'fails' or 'open' (neither confirmed nor refuted, or a verdict this module does not know)."""
    words = verdict.strip().lower()
    if words.startswith(HOLDS_PREFIX):
        return "holds"
    if words in FAILS:
        return "fails"
    return "open"


def verdict_html(verdict: str) -> str:
    """The verdict in words, marked by colour (CSS) and by a sign, so colour is never the only cue."""
    kind = verdict_kind(verdict)
    return (f'<span class="verdict verdict-{kind}"><span aria-hidden="true">{VERDICT_SIGN[kind]} </span>'
            f"{html.escape(verdict)}</span>")


CLAIM_COLUMNS = ["claim_id", "claim", "source", "stated", "computed", "verdict", "explanation"]


class Claims:
    """Claims of a fact-check: as text (ids and numbers, or explanations) and as HTML in words."""

    def __init__(self, checks: pd.DataFrame, explain: bool):
        missing = [c for c in CLAIM_COLUMNS if c not in checks.columns]
        if missing:
            raise KeyError(f"a fact-check table needs the columns {missing}")
        self.checks = checks.reset_index(drop=True)
        self.explain = explain
        if explain:
            self.text = "\n\n".join(f"{row.claim}\nSource: {row.source}\nVerdict: {row.verdict}. {row.explanation}"
                                    for row in self.checks.itertuples())
        else:
            self.text = format_table(self.checks[["claim_id", "stated", "computed", "verdict"]])

    def __str__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(self.text)

    def _repr_html_(self) -> str:
        return self._explained_html() if self.explain else self._list_html()

    def _list_html(self) -> str:
        cells = _cell_texts(self.checks, None)
        rows = "".join(
            f'<tr><td>{html.escape(row.claim)}<span class="claim-source">{_source_html(row.source)}</span></td>'
            f'<td class="num" data-label="stated">{html.escape(row.stated)}</td>'
            f'<td class="num" data-label="computed">{html.escape(row.computed)}</td>'
            f'<td data-label="verdict">{verdict_html(row.verdict)}</td></tr>\n'
            for row in cells.itertuples())
        return ('<div class="table-scroll">\n<table class="data claims">\n<thead><tr><th scope="col">claim</th>'
                '<th scope="col" class="num">stated</th><th scope="col" class="num">computed</th>'
                f'<th scope="col">verdict</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</div>')

    def _explained_html(self) -> str:
        return "\n".join(
            f'<div class="claim verdict-{verdict_kind(row.verdict)}-box">'
            f'<p class="claim-text">{html.escape(row.claim)}</p>\n'
            f"<p>{verdict_html(row.verdict)} {linkify(row.explanation)}</p>\n"
            f'<p class="claim-source">Source: {_source_html(row.source)}</p></div>'
            for row in self.checks.itertuples())


def claims(checks: pd.DataFrame) -> Claims:
    """Every claim of a fact-check table in words, with stated and computed values and its verdict.

    The text form keeps the claim ids (what nbval and a terminal show).
    """
    return Claims(checks, explain=False)


def explained(checks: pd.DataFrame, *claim_ids: str) -> Claims:
    """The named claims, each with its source, verdict and why."""
    by_id = checks.set_index("claim_id", drop=False)
    unknown = [c for c in claim_ids if c not in by_id.index]
    if unknown:
        raise KeyError(f"no claim with the id {unknown} in the fact-check table")
    return Claims(by_id.loc[list(claim_ids)], explain=True)
