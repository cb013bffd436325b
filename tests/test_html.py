"""The HTML pages, rendered from small synthetic notebooks: titles, no code, links, tables, verdicts, figures."""
from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from IPython.core.formatters import DisplayFormatter
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.core.errors import InputError
from analysis.reports import display, html

STORY = "A test story"
SLUG = "test-story"
ALT = "Dot chart of arrests per 100,000 residents. Denver has the highest rate, 8.9."
CHECKS = pd.DataFrame({
    "claim_id": ["total", "place_la"], "claim": ["ICE made 498 arrests", "167 arrests in Los Angeles"],
    "source": ["ICE release, 2017-09-28 (https://example.org/release)", "A paper, 2017-09-29"],
    "stated": [498, 167], "computed": [498, 101], "verdict": ["correct", "misleading"],
    "explanation": ["The counts sum to 498.", "ICE's count is 101."]})


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid RGB PNG of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _result(item, count: int):
    data, _ = DisplayFormatter().format(item)
    return new_output("execute_result", data=data, execution_count=count)


def _figure_output(name: str | None = "rates_ranked", alt: str = ALT):
    metadata = {"image/png": {"alt": alt, **({"figure": name} if name else {})}}
    return new_output("display_data", data={"image/png": base64.b64encode(tiny_png()).decode("ascii"),
                                            "text/plain": "<IPython.core.display.Image object>"},
                      metadata=metadata)


def first_notebook(figure=None):
    frame = pd.DataFrame({"jurisdiction": ["Denver", "Los Angeles"], "rate_per_100k": [8.9367, 0.9996]})
    return new_notebook(cells=[
        new_markdown_cell("# 1. Rates and *claims*\n\nData from https://example.org/data, as published."),
        new_code_cell("from analysis.reports import display", execution_count=1),
        new_markdown_cell("**How many arrests per resident?**"),
        new_code_cell("display.table(rates)", execution_count=2,
                      outputs=[_result(display.table(frame, {"rate_per_100k": "{:.1f}"}), 2)]),
        new_code_cell("print(summary)", execution_count=3,
                      outputs=[new_output("stream", name="stdout", text="Source: https://example.org/x.\n")]),
        new_code_cell("show(chart)", execution_count=4, outputs=[figure or _figure_output()]),
        new_code_cell("display.claims(checks)", execution_count=5, outputs=[_result(display.claims(CHECKS), 5)]),
    ])


def second_notebook():
    return new_notebook(cells=[new_markdown_cell("## 2. Method\n\nPlain text."),
                               new_code_cell("x = 1", execution_count=1)])


def publish_figure(folder: Path, name: str = "rates_ranked", alt: str = ALT) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for ext, data in {"svg": b"<svg/>", "pdf": b"%PDF", "png": tiny_png(800, 450), "csv": b"a\n1\n",
                      "alt.txt": (alt + "\n").encode()}.items():
        (folder / f"{name}.{ext}").write_bytes(data)


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """The lead's layout: reports/<slug>/ pages, reports/<slug>/figures, reports/index.html.

    Rendered once for the tests that only read it (each reviewers' page costs nbconvert a
    quarter of a second): no test may change what it returns.
    """
    tmp_path = tmp_path_factory.mktemp("story")
    reports = tmp_path / "reports"
    out = reports / SLUG
    publish_figure(out / "figures")
    notebooks = [(tmp_path / "nb" / "01-rates.ipynb", first_notebook()),
                 (tmp_path / "nb" / "02-method.ipynb", second_notebook())]
    files = html.render_story_pages(STORY, SLUG, notebooks, out / "figures", out, reports / "index.html")
    return reports, out, notebooks, files


def soup_of(files, path: Path) -> BeautifulSoup:
    return BeautifulSoup(files[path].decode("utf-8"), "html.parser")


def test_every_page_of_the_story_is_rendered(story):
    reports, out, _, files = story
    assert sorted(files) == [reports / "assets" / "notebook.css", out / "01-rates.html", out / "02-method.html",
                             out / "notebooks" / "01-rates.html", out / "notebooks" / "02-method.html"]


def test_titles_are_the_first_heading_and_the_story(story):
    _, out, _, files = story
    assert soup_of(files, out / "01-rates.html").title.get_text() == "1. Rates and claims \u2013 A test story"
    assert soup_of(files, out / "02-method.html").title.get_text() == "2. Method \u2013 A test story"
    assert (soup_of(files, out / "notebooks" / "01-rates.html").title.get_text()
            == "1. Rates and claims \u2013 A test story (notebook with code)")


def test_readers_page_shows_no_code(story):
    _, out, _, files = story
    text = files[out / "01-rates.html"].decode("utf-8")
    page = soup_of(files, out / "01-rates.html")
    for source in ("from analysis.reports import display", "display.table(rates)", "print(summary)", "show(chart)"):
        assert source not in text
    assert not page.select("pre, script, .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt")
    assert "In [" not in page.get_text() and "Out[" not in page.get_text()
    assert "<IPython.core.display.Image object>" not in text


def test_urls_are_links(story):
    _, out, _, files = story
    hrefs = [a["href"] for a in soup_of(files, out / "01-rates.html").select("main a")]
    assert "https://example.org/data" in hrefs   # in the markdown
    assert "https://example.org/x" in hrefs      # in printed text, without the full stop after it
    assert "https://example.org/release" in hrefs  # a claim's source


def test_tables_are_real_tables(story):
    _, out, _, files = story
    table = soup_of(files, out / "01-rates.html").select_one("main .table-scroll > table.data")
    assert [th.get_text() for th in table.select("th")] == ["jurisdiction", "rate per 100k"]
    assert [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")] == [
        ["Denver", "8.9"], ["Los Angeles", "1.0"]]


def test_claims_are_in_words_with_marked_verdicts(story):
    _, out, _, files = story
    page = soup_of(files, out / "01-rates.html")
    claims = page.select_one("table.claims")
    assert [td.contents[0] for td in claims.select("tbody tr > td:first-child")] == [
        "ICE made 498 arrests", "167 arrests in Los Angeles"]
    assert "place_la" not in str(page)
    assert [(v["class"][1], v.get_text()) for v in claims.select("span.verdict")] == [
        ("verdict-holds", "\u2713 correct"), ("verdict-fails", "\u2717 misleading")]
    # The page's CSS gives each kind its colour.
    css = page.style.get_text()
    assert ".verdict-holds { color" in css and ".verdict-fails { color" in css


def test_figure_has_alt_text_and_download_links_that_resolve(story):
    _, out, _, files = story
    page_path = out / "01-rates.html"
    figure = soup_of(files, page_path).select_one("figure.chart")
    image = figure.img
    assert image["alt"] == ALT
    assert (image["src"], image["width"], image["height"]) == ("figures/rates_ranked.png", "800", "450")
    assert figure.details.p.get_text() == ALT  # the alt text is shown to editors too
    links = {a.get_text(): a["href"] for a in figure.select(".downloads a")}
    assert links == {"SVG": "figures/rates_ranked.svg", "PDF": "figures/rates_ranked.pdf",
                     "PNG": "figures/rates_ranked.png", "data (CSV)": "figures/rates_ranked.csv",
                     "alt text": "figures/rates_ranked.alt.txt"}
    for href in links.values():
        assert (page_path.parent / unquote(href)).is_file()


def test_navigation_between_pages_and_back_to_the_index(story):
    reports, out, _, files = story
    first = soup_of(files, out / "01-rates.html")
    second = soup_of(files, out / "02-method.html")
    assert [a["href"] for a in first.select(".masthead a")] == ["../index.html", f"../index.html#{SLUG}"]
    assert first.select_one('a[rel="next"]')["href"] == "02-method.html"
    assert not first.select('a[rel="prev"]')
    assert second.select_one('a[rel="prev"]')["href"] == "01-rates.html"
    contents = first.select("footer ol a")
    assert [a["href"] for a in contents] == ["01-rates.html", "02-method.html"]
    assert contents[0].get("aria-current") == "page"
    assert first.find("a", string="This page with its code (for reviewers)")["href"] == "notebooks/01-rates.html"


def test_reviewers_page_has_the_code_offline_and_links_back(story):
    _, out, _, files = story
    page = soup_of(files, out / "notebooks" / "01-rates.html")
    assert "display.table(rates)" in page.get_text()
    assert not page.select("script")  # nothing loaded from a CDN
    assert page.select_one('img[src^="data:image/png"]')["alt"] == ALT
    assert [a["href"] for a in page.select(".review-nav a")] == ["../01-rates.html", f"../../index.html#{SLUG}"]
    assert page.select_one("table.data")  # the table outputs render as tables here too
    assert ".verdict-holds" in "".join(style.get_text() for style in page.select("style"))


def test_index_lists_every_readers_page(story):
    reports, out, notebooks, files = story
    entry = html.story_index_entry(STORY, SLUG, "Arrests per resident, checked.", notebooks, out,
                                   reports / "index.html")
    assert entry["pages"] == [("1. Rates and claims", f"{SLUG}/01-rates.html"), ("2. Method", f"{SLUG}/02-method.html")]
    index = BeautifulSoup(html.render_index([entry], title="Desk reports").decode("utf-8"), "html.parser")
    assert index.title.get_text() == "Desk reports"
    section = index.select_one(f"section#{SLUG}")
    assert section.h2.get_text() == STORY and section.p.get_text() == "Arrests per resident, checked."
    assert [a["href"] for a in section.select("a")] == [f"{SLUG}/01-rates.html", f"{SLUG}/02-method.html"]
    for href in (a["href"] for a in section.select("a")):
        assert reports / href in files


def test_pages_load_nothing_from_outside(story):
    reports, _, _, files = story
    for path, data in files.items():
        if path.suffix != ".html":
            continue
        page = BeautifulSoup(data.decode("utf-8"), "html.parser")
        assert not page.select("script, iframe"), path
        for sheet in page.select("link[rel=stylesheet]"):  # only the one shared local style sheet
            assert (path.parent / sheet["href"]).resolve() == (reports / "assets" / "notebook.css").resolve(), path
        sources = [tag.get("src", "") for tag in page.select("[src]")]
        assert all(not src.startswith(("http:", "https:", "//")) for src in sources), path


def test_pages_of_a_story_in_the_reports_folder_itself(tmp_path):
    """Today's single story: pages in reports/, figures in reports/figures, index reports/index.html."""
    reports = tmp_path / "reports"
    publish_figure(reports / "figures")
    files = html.render_story_pages(STORY, SLUG, [(tmp_path / "01-rates.ipynb", first_notebook())],
                                    reports / "figures", reports, reports / "index.html")
    page = soup_of(files, reports / "01-rates.html")
    assert [a["href"] for a in page.select(".masthead a")] == ["index.html", f"index.html#{SLUG}"]
    assert page.select_one("figure img")["src"] == "figures/rates_ranked.png"


def test_a_notebook_without_heading_is_refused(tmp_path):
    notebook = new_notebook(cells=[new_markdown_cell("Some text, no heading.")])
    with pytest.raises(InputError, match="no heading"):
        html.render_story_pages(STORY, SLUG, [(tmp_path / "01-x.ipynb", notebook)], tmp_path, tmp_path,
                                tmp_path / "index.html")


def test_a_figure_without_published_files_is_refused(tmp_path):
    publish_figure(tmp_path / "figures")
    (tmp_path / "figures" / "rates_ranked.pdf").unlink()
    with pytest.raises(InputError, match=r"rates_ranked\.pdf: notebook 01-rates.ipynb shows figure 'rates_ranked'"):
        html.render_story_pages(STORY, SLUG, [(tmp_path / "01-rates.ipynb", first_notebook())],
                                tmp_path / "figures", tmp_path, tmp_path / "index.html")


def test_a_figure_whose_published_files_are_out_of_date_is_refused(tmp_path):
    publish_figure(tmp_path / "figures", alt="Dot chart. Denver has the highest rate, 9.1.")
    with pytest.raises(InputError, match="out of date"):
        html.render_story_pages(STORY, SLUG, [(tmp_path / "01-rates.ipynb", first_notebook())],
                                tmp_path / "figures", tmp_path, tmp_path / "index.html")


def test_a_figure_not_drawn_in_house_style_is_shown_but_flagged(tmp_path):
    notebook = first_notebook(figure=_figure_output(name=None, alt=""))
    files = html.render_story_pages(STORY, SLUG, [(tmp_path / "01-rates.ipynb", notebook)], tmp_path / "figures",
                                    tmp_path, tmp_path / "index.html")
    figure = soup_of(files, tmp_path / "01-rates.html").select_one("figure.chart")
    assert figure.img["src"].startswith("data:image/png;base64,")
    assert "no published files and no alt text: it is not ready to publish" in figure.get_text()


def test_a_failed_cell_is_not_hidden_from_editors(tmp_path):
    notebook = second_notebook()
    notebook.cells[1].outputs = [new_output("error", ename="KeyError", evalue="'rate'", traceback=[])]
    files = html.render_story_pages(STORY, SLUG, [(tmp_path / "02-method.ipynb", notebook)], tmp_path,
                                    tmp_path, tmp_path / "index.html")
    warning = soup_of(files, tmp_path / "02-method.html").select_one("p.warning").get_text()
    assert warning == "A cell of this notebook failed (KeyError: 'rate'); the numbers on this page are incomplete."


def test_an_empty_story_is_refused(tmp_path):
    with pytest.raises(ValueError, match="no notebooks"):
        html.render_story_pages(STORY, SLUG, [], tmp_path, tmp_path, tmp_path / "index.html")
