"""Every committed HTML page under reports/, opened in headless Chromium as an editor would.

Each page is loaded from disk (file://, no server, no network) once and seen
in a phone's window (390 px wide) and a desktop's (1280 px). A page fails if it scrolls sideways,
an image does not load, the console shows an error or a request fails, its
title is missing or generic, a readers' page shows code, or a link to a local
file (or to an anchor in one) points nowhere; the index must link every
readers' page. Readers' pages are all pages but ``reports/index.html`` and
those in a ``notebooks/`` folder (the reviewers' full notebooks).

Chromium is the Debian package (``/usr/bin/chromium``, or ``$CHROMIUM``);
Playwright only drives it. Without Chromium these tests skip, saying so,
except where ``REQUIRE_BROWSER=1`` (CI, see .ci/run): there a missing browser
fails the run, so the checks cannot silently stop running.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from analysis.core import paths

REPORTS = paths.REPORTS
WIDTHS = (390, 1280)
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
GENERIC_TITLES = {"", "notebook", "untitled", "index", "document"}
CODE = ".jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, .jp-CodeCell, .input_prompt, .highlight, pre"


def is_readers_page(page: Path, reports: Path = REPORTS) -> bool:
    return page != reports / "index.html" and "notebooks" not in page.relative_to(reports).parts[:-1]


PAGES = sorted(REPORTS.rglob("*.html"))
READERS_PAGES = [page for page in PAGES if is_readers_page(page)]


def _name(page: Path, reports: Path = REPORTS) -> str:
    return page.relative_to(reports).as_posix()


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and REQUIRE_BROWSER=1 says the browser checks must run")
    pytest.skip(f"{reason}: the HTML pages were not checked in a browser")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"Chromium is not installed ({CHROMIUM}; Debian package `chromium`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def tab(browser):
    """One tab that opens every page in turn: a new browser context for each page would cost
    Chromium a new renderer process each time."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    yield context.new_page()
    context.close()


def _local_links(hrefs: list[str]) -> list[tuple[Path, str]]:
    """(file, fragment) of each link to a local file, as the browser resolved it."""
    return [(Path(unquote(url.path)), unquote(url.fragment)) for url in map(urlparse, hrefs) if url.scheme == "file"]


def page_problems(tab, page: Path, widths: tuple[int, ...], reports: Path = REPORTS) -> list[str]:
    """Everything wrong with ``page`` seen at each of ``widths`` px, in words (an empty list when it
    is fine). The page is loaded once in ``tab``, in a window of the first width, then the window
    is resized; what the tab reports while the page is open is this page's."""
    problems = []
    listeners = {
        "console": lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
        "pageerror": lambda error: problems.append(f"script error: {error}"),
        "requestfailed": lambda request: problems.append(f"request failed: {request.url[:100]}"),
    }
    for event, listener in listeners.items():
        tab.on(event, listener)
    try:
        tab.set_viewport_size({"width": widths[0], "height": 900})
        tab.goto(page.as_uri(), wait_until="load")
        title = tab.title().strip()
        if title.lower() in GENERIC_TITLES:
            problems.append(f"generic title {title!r}")
        for width in widths:
            tab.set_viewport_size({"width": width, "height": 900})
            scroll_width, inner_width = tab.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
            if scroll_width > inner_width:
                problems.append(f"scrolls sideways: {scroll_width} px wide in a {inner_width} px window")
        for src in tab.evaluate("Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
                                ".map(i => i.getAttribute('src').slice(0, 80))"):
            problems.append(f"image did not load: {src}")
        if is_readers_page(page, reports):
            shown = tab.evaluate(f"Array.from(document.querySelectorAll({CODE!r}))"
                                 ".map(e => e.tagName.toLowerCase() + '.' + e.className)")
            if shown or "In [" in tab.inner_text("body"):
                problems.append(f"code on a readers' page: {shown[:3]}")
        hrefs = tab.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    finally:
        for event, listener in listeners.items():
            tab.remove_listener(event, listener)
    for target, fragment in _local_links(hrefs):
        if not target.is_file():
            problems.append(f"broken link to {target.name}")
        elif fragment and target.suffix == ".html":
            ids = {tag["id"] for tag in BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                   .select("[id]")}
            if fragment not in ids:
                problems.append(f"broken link to {target.name}#{fragment}")
    return problems


def unlinked_readers_pages(tab, reports: Path = REPORTS) -> list[str]:
    """Readers' pages that ``reports/index.html`` does not link."""
    tab.goto((reports / "index.html").as_uri(), wait_until="load")
    hrefs = tab.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    linked = {target for target, _ in _local_links(hrefs)}
    return [_name(page, reports) for page in sorted(reports.rglob("*.html"))
            if is_readers_page(page, reports) and page not in linked]


def test_there_are_pages_to_check():
    assert (REPORTS / "index.html").exists(), "reports/index.html is missing: run `python -m analysis notebooks`"
    assert READERS_PAGES, "no readers' page under reports/"


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_page_in_browser(tab, page):
    assert page_problems(tab, page, WIDTHS) == []


def test_index_links_every_readers_page(tab):
    assert unlinked_readers_pages(tab) == []


BAD_PAGES = {
    "index.html": '<title>Reports</title><a href="good.html">good</a>',
    "good.html": ('<title>Good page \u2013 Story</title><p>Fine.</p><a href="index.html">index</a>'
                  '<a href="https://example.org/">outside</a>'),
    "wide.html": '<title>Wide</title><div style="width:2000px">too wide</div>',
    "narrow.html": '<title>Too wide for a phone</title><div style="width:800px">fits a desktop only</div>',
    "image.html": '<title>Image</title><img src="figures/missing.png" alt="x">',
    "script.html": "<title>Script</title><script>undefinedFunction()</script>",
    "untitled.html": "<title>Notebook</title><p>text</p>",
    "code.html": '<title>Code</title><div class="jp-InputArea"><pre>x = 1</pre></div>',
    "links.html": '<title>Links</title><a href="gone.html">x</a><a href="good.html#nowhere">y</a>',
    "notebooks/full.html": '<title>Full notebook</title><pre>x = 1</pre><a href="../good.html">back</a>',
}


def test_the_checks_catch_each_kind_of_problem(tab, tmp_path):
    for name, body in BAD_PAGES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'>{body}</html>")
    found = {name: page_problems(tab, tmp_path / name, (1280, 390), tmp_path) for name in BAD_PAGES}
    assert found["index.html"] == [] and found["good.html"] == [] and found["notebooks/full.html"] == []
    assert found["wide.html"] == [f"scrolls sideways: {2000 + 8} px wide in a {width} px window"
                                  for width in (1280, 390)]
    assert found["narrow.html"] == [f"scrolls sideways: {800 + 8} px wide in a 390 px window"]  # seen after resizing
    assert found["image.html"][-1] == "image did not load: figures/missing.png"
    assert any(p.startswith("request failed:") or "ERR_FILE_NOT_FOUND" in p for p in found["image.html"][:-1])
    assert [p.split(":")[0] for p in found["script.html"]] == ["script error"]
    assert found["untitled.html"] == ["generic title 'Notebook'"]
    assert found["code.html"] == ["code on a readers' page: ['div.jp-InputArea', 'pre.']"]
    assert found["links.html"] == ["broken link to gone.html", "broken link to good.html#nowhere"]
    assert unlinked_readers_pages(tab, tmp_path) == ["code.html", "image.html", "links.html", "narrow.html",
                                                         "script.html", "untitled.html", "wide.html"]
