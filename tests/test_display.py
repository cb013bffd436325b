"""Tables and claims in notebooks: fixed text for nbval, a real and deterministic HTML table for people."""
from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from IPython.core.formatters import DisplayFormatter

from analysis.reports import display

FRAME = pd.DataFrame({"jurisdiction": ["Denver", "Los Angeles", "Portland, Oregon"],
                      "arrests": [63, 101, 33],
                      "rate_per_100k": [8.936664, 0.999633, float("nan")],
                      "geoids": ["08031", "06037;06059", "4159000"]})
FORMATS = {"rate_per_100k": "{:.1f}"}
# Laid out by hand: columns two spaces apart, each as wide as its longest cell or header.
FRAME_TEXT = ("jurisdiction      arrests  rate_per_100k  geoids\n"
              "----------------  -------  -------------  -----------\n"
              "Denver            63       8.9            08031\n"
              "Los Angeles       101      1.0            06037;06059\n"
              "Portland, Oregon  33       n/a            4159000")

CHECKS = pd.DataFrame({
    "claim_id": ["total", "place_la", "breakdown"],
    "claim": ["ICE made 498 arrests", "167 arrests in Los Angeles", "Of the 498: 317 convicted, 104 removed"],
    "source": ["ICE release, 2017-09-28 (https://example.org/release)",
               "A paper, 2017-09-29 (https://example.org/story)", "a summary of the release"],
    "stated": [498, 167, 421],
    "computed": pd.array([498, 101, None], dtype="Int64"),
    "verdict": ["correct", "misleading", "cannot be summed"],
    "explanation": ["The ten counts sum to 498.", "ICE's count for Los Angeles is 101.",
                    "The groups overlap; see https://example.org/notes."],
})


def _bundle(item) -> dict:
    """What IPython stores in the notebook for ``item`` as the value of a cell."""
    data, _ = DisplayFormatter().format(item)
    return data


def test_table_text_is_the_fixed_layout_and_html_a_real_table():
    data = _bundle(display.table(FRAME, FORMATS))
    assert set(data) == {"text/plain", "text/html"}
    assert data["text/plain"] == FRAME_TEXT
    assert display.format_table(FRAME, FORMATS) == FRAME_TEXT
    table = BeautifulSoup(data["text/html"], "html.parser").select_one("div.table-scroll > table.data")
    assert [th.get_text() for th in table.select("thead th")] == ["jurisdiction", "arrests", "rate per 100k",
                                                                  "geoids"]
    rows = [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [["Denver", "63", "8.9", "08031"], ["Los Angeles", "101", "1.0", "06037;06059"],
                    ["Portland, Oregon", "33", "n/a", "4159000"]]
    # Numbers are right-aligned; a list of GEOIDs may wrap after its separators.
    assert [td.get("class") for td in table.select("tbody tr")[0].select("td")] == [None, ["num"], ["num"], None]
    assert "06037;<wbr>06059" in data["text/html"]


def test_table_note_is_shown_under_both_forms():
    item = display.table(FRAME[["jurisdiction", "arrests"]], note="Total: 197 arrests in 3 jurisdictions")
    data = _bundle(item)
    assert data["text/plain"].endswith("\nTotal: 197 arrests in 3 jurisdictions")
    assert '<p class="table-note">Total: 197 arrests in 3 jurisdictions</p>' in data["text/html"]


def test_html_is_byte_stable_and_has_no_generated_ids():
    first = _bundle(display.table(FRAME, FORMATS))["text/html"]
    again = _bundle(display.table(FRAME.copy(), dict(FORMATS)))["text/html"]
    assert first == again
    claims = _bundle(display.claims(CHECKS))["text/html"]
    assert claims == _bundle(display.claims(CHECKS.copy()))["text/html"]
    for fragment in (first, claims):
        assert " id=" not in fragment and "<style" not in fragment and "<script" not in fragment


def test_cells_are_escaped_and_urls_become_links():
    frame = pd.DataFrame({"source": ["<ICE> & partners, https://example.org/a/b."]})
    html = _bundle(display.table(frame))["text/html"]
    assert "&lt;ICE&gt; &amp; partners" in html
    link = BeautifulSoup(html, "html.parser").select_one("td a")
    assert link["href"] == "https://example.org/a/b"  # the full stop ends the sentence, not the URL
    assert link.get_text() == "https://example.org/a/b"


def test_formats_for_a_missing_column_are_refused():
    with pytest.raises(KeyError, match="rate"):
        display.table(FRAME, {"rate": "{:.1f}"})


def test_claims_text_keeps_ids_and_html_shows_the_claims_in_words():
    data = _bundle(display.claims(CHECKS))
    assert data["text/plain"] == ("claim_id   stated  computed  verdict\n"
                                  "---------  ------  --------  ----------------\n"
                                  "total      498     498       correct\n"
                                  "place_la   167     101       misleading\n"
                                  "breakdown  421               cannot be summed")
    soup = BeautifulSoup(data["text/html"], "html.parser")
    assert "place_la" not in data["text/html"]  # readers see the claim, not its id
    first = soup.select("tbody tr")[0]
    assert first.select("td")[0].contents[0] == "ICE made 498 arrests"
    source = first.select_one(".claim-source a")
    assert (source["href"], source.get_text()) == ("https://example.org/release", "ICE release, 2017-09-28")
    verdicts = [(v["class"], v.get_text()) for v in soup.select("span.verdict")]
    # Colour (the class) and words and a sign: never colour alone.
    assert verdicts == [(["verdict", "verdict-holds"], "\u2713 correct"),
                        (["verdict", "verdict-fails"], "\u2717 misleading"),
                        (["verdict", "verdict-open"], "? cannot be summed")]


def test_explained_claims_keep_the_previous_text_and_link_sources():
    data = _bundle(display.explained(CHECKS, "place_la", "breakdown"))
    assert data["text/plain"] == (
        "167 arrests in Los Angeles\nSource: A paper, 2017-09-29 (https://example.org/story)\n"
        "Verdict: misleading. ICE's count for Los Angeles is 101.\n\n"
        "Of the 498: 317 convicted, 104 removed\nSource: a summary of the release\n"
        "Verdict: cannot be summed. The groups overlap; see https://example.org/notes.")
    soup = BeautifulSoup(data["text/html"], "html.parser")
    boxes = soup.select("div.claim")
    assert [b["class"] for b in boxes] == [["claim", "verdict-fails-box"], ["claim", "verdict-open-box"]]
    assert boxes[0].select_one(".claim-text").get_text() == "167 arrests in Los Angeles"
    assert boxes[1].select_one("a")["href"] == "https://example.org/notes"
    assert boxes[1].select_one(".claim-source").get_text() == "Source: a summary of the release"


def test_an_unknown_claim_id_is_refused():
    with pytest.raises(KeyError, match="place_ny"):
        display.explained(CHECKS, "place_ny")


def test_a_fact_check_table_without_verdicts_is_refused():
    with pytest.raises(KeyError, match="verdict"):
        display.claims(CHECKS.drop(columns="verdict"))


@pytest.mark.parametrize("verdict, kind", [("correct", "holds"), ("correct (rounded)", "holds"),
                                           ("does not add up", "fails"), ("misleading", "fails"),
                                           ("not checkable", "open"), ("cannot be summed", "open"),
                                           ("a verdict nobody wrote yet", "open")])
def test_verdict_kinds(verdict, kind):
    assert display.verdict_kind(verdict) == kind


def test_dates_do_not_break_and_long_tokens_may():
    assert display.linkify("Newsmax, 2017-09-29") == 'Newsmax, <span class="nowrap">2017-09-29</span>'
    assert display.linkify("IC / E's a;b", breakable=True) == "IC / E&#x27;s a;<wbr>b"
    assert display.linkify("(https://example.org/x)") == (
        '(<a href="https://example.org/x">https://<wbr>example.org/<wbr>x</a>)')
