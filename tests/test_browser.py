"""Every committed HTML page under reports/, opened in headless Chromium as an editor would.

Each page is loaded from disk (file://, no server, no network) once and seen
in a phone's window (390 px wide) and a desktop's (1280 px). A page fails if it scrolls sideways,
an image does not load, the console shows an error or a request fails, its
title is missing or generic, a readers' page shows code, or a link to a local
file (or to an anchor in one) points nowhere; the index must link every
readers' page. Readers' pages are all pages but ``reports/index.html`` and
those in a ``notebooks/`` folder (the reviewers' full notebooks).

Chromium is Debian's: its headless shell where installed (package
``chromium-headless-shell``: the same engine without the browser's windows; it
starts in half the time and loads a page with a third less work), else the
browser (package ``chromium``), or ``$CHROMIUM``; Playwright only drives it.
Without Chromium these tests skip, saying so, except where ``REQUIRE_BROWSER=1``
(CI, see .ci/run): there a missing browser fails the run, so the checks cannot
silently stop running.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from analysis.core import paths

REPORTS = paths.REPORTS
WIDTHS = (390, 1280)
DEBIAN_CHROMIUMS = (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))  # the first installed
CHROMIUM = Path(os.environ.get("CHROMIUM") or next((p for p in DEBIAN_CHROMIUMS if p.exists()), DEBIAN_CHROMIUMS[-1]))
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
        _unavailable(f"Chromium is not installed ({CHROMIUM}; Debian package `chromium` or "
                     "`chromium-headless-shell`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Everything the checks need from an open page, gathered by one call into the page (each call
# is a round trip to Chromium, and they added up over ~40 pages).
PAGE_FACTS = """code => ({
    title: document.title.trim(),
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    brokenImages: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)
                       .map(i => (i.getAttribute('src') || '').slice(0, 80)),
    code: Array.from(document.querySelectorAll(code), e => e.tagName.toLowerCase() + '.' + e.className),
    prompts: document.body.innerText.includes('In ['),
    hrefs: Array.from(document.querySelectorAll('a[href]'), a => a.href),
})"""
WIDTH_FACTS = "[document.scrollingElement.scrollWidth, window.innerWidth]"


class Tab:
    """One browser tab that opens every page in turn (a new browser context for each page would
    cost Chromium a new renderer process each time), and what went wrong in it since the last
    page was opened: console errors, script errors and failed requests."""

    def __init__(self, page):
        self.page = page
        self.events: list[str] = []
        page.on("console", lambda m: self.events.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda error: self.events.append(f"script error: {error}"))
        page.on("requestfailed", lambda request: self.events.append(f"request failed: {request.url[:100]}"))

    @property
    def width(self) -> int:
        return self.page.viewport_size["width"]

    def resize(self, width: int) -> None:
        if width != self.width:
            self.page.set_viewport_size({"width": width, "height": 900})

    def open(self, page: Path) -> None:
        self.events.clear()
        self.page.goto(page.as_uri(), wait_until="load")


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
    yield Tab(context.new_page())
    context.close()


def _local_links(hrefs: list[str]) -> list[tuple[Path, str]]:
    """(file, fragment) of each link to a local file, as the browser resolved it."""
    return [(Path(unquote(url.path)), unquote(url.fragment)) for url in map(urlparse, hrefs) if url.scheme == "file"]


@functools.cache
def _ids(page: Path) -> frozenset[str]:
    """The ids in an HTML file, read once however many pages link to its anchors."""
    return frozenset(tag["id"] for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
                     .select("[id]"))


def page_problems(tab: Tab, page: Path, widths: tuple[int, ...], reports: Path = REPORTS) -> list[str]:
    """Everything wrong with ``page`` seen at each of ``widths`` px, in words (an empty list when it
    is fine). The page is loaded once in ``tab``, in a window of the first width, then the window
    is resized; what the tab reports while the page is open is this page's."""
    tab.resize(widths[0])
    tab.open(page)
    facts = tab.page.evaluate(PAGE_FACTS, CODE)
    sizes = [(facts["scrollWidth"], facts["innerWidth"])]
    for width in widths[1:]:
        tab.resize(width)
        sizes.append(tuple(tab.page.evaluate(WIDTH_FACTS)))
    problems = list(tab.events)  # everything the page did before the last call above returned
    if facts["title"].lower() in GENERIC_TITLES:
        problems.append(f"generic title {facts['title']!r}")
    problems += [f"scrolls sideways: {scroll} px wide in a {inner} px window" for scroll, inner in sizes
                 if scroll > inner]
    problems += [f"image did not load: {src}" for src in facts["brokenImages"]]
    if is_readers_page(page, reports) and (facts["code"] or facts["prompts"]):
        problems.append(f"code on a readers' page: {facts['code'][:3]}")
    for target, fragment in _local_links(facts["hrefs"]):
        if not target.is_file():
            problems.append(f"broken link to {target.name}")
        elif fragment and target.suffix == ".html" and fragment not in _ids(target):
            problems.append(f"broken link to {target.name}#{fragment}")
    return problems


def starting_with(width: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """``widths`` with ``width`` (the tab's now) first, when it is one of them: a resize saved."""
    return tuple(sorted(widths, key=lambda w: w != width))


def unlinked_readers_pages(tab: Tab, reports: Path = REPORTS) -> list[str]:
    """Readers' pages that ``reports/index.html`` does not link."""
    tab.open(reports / "index.html")
    linked = {target for target, _ in _local_links(tab.page.evaluate(
        "Array.from(document.querySelectorAll('a[href]'), a => a.href)"))}
    return [_name(page, reports) for page in sorted(reports.rglob("*.html"))
            if is_readers_page(page, reports) and page not in linked]


def test_there_are_pages_to_check():
    assert (REPORTS / "index.html").exists(), "reports/index.html is missing: run `python -m analysis notebooks`"
    assert READERS_PAGES, "no readers' page under reports/"


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_page_in_browser(tab, page):
    assert page_problems(tab, page, starting_with(tab.width, WIDTHS)) == []


def test_index_links_every_readers_page(tab):
    assert unlinked_readers_pages(tab) == []


# Small pages, each fine or wrong in known ways; "bad.html" has one of each problem a page can
# have at any width (one page load instead of one per kind), "wide.html" and "narrow.html" the
# sideways scroll seen at both widths or only after the window was resized.
TEST_PAGES = {
    "index.html": '<title>Reports</title><a href="good.html">good</a>',
    "good.html": ('<title>Good page \u2013 Story</title><p>Fine.</p><a href="index.html">index</a>'
                  '<a href="https://example.org/">outside</a>'),
    "wide.html": '<title>Wide</title><div style="width:2000px">too wide</div>',
    "narrow.html": '<title>Too wide for a phone</title><div style="width:800px">fits a desktop only</div>',
    "bad.html": ('<title>Notebook</title><img src="figures/missing.png" alt="x"><script>undefinedFunction()</script>'
                 '<div class="jp-InputArea"><pre>x = 1</pre></div><a href="gone.html">x</a>'
                 '<a href="good.html#nowhere">y</a>'),
    "notebooks/full.html": '<title>Full notebook</title><pre>x = 1</pre><a href="../good.html">back</a>',
}
EVENTS = ("console ", "script error:", "request failed:")  # what the tab reported, in no fixed order


def test_the_checks_catch_each_kind_of_problem(tab, tmp_path):
    for name, body in TEST_PAGES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'>{body}</html>")
    found = {name: page_problems(tab, tmp_path / name, (1280, 390), tmp_path) for name in TEST_PAGES}
    # No false alarm: links outside, code on a reviewers' page, a title with the story's name.
    assert found["index.html"] == [] and found["good.html"] == [] and found["notebooks/full.html"] == []
    assert found["wide.html"] == [f"scrolls sideways: {2000 + 8} px wide in a {width} px window"
                                  for width in (1280, 390)]
    assert found["narrow.html"] == [f"scrolls sideways: {800 + 8} px wide in a 390 px window"]  # seen after resizing
    events = [p for p in found["bad.html"] if p.startswith(EVENTS)]
    assert found["bad.html"][len(events):] == [
        "generic title 'Notebook'", "image did not load: figures/missing.png",
        "code on a readers' page: ['div.jp-InputArea', 'pre.']",
        "broken link to gone.html", "broken link to good.html#nowhere"]
    assert [p.split(":")[0] for p in events if p.startswith("script error:")] == ["script error"]
    # The missing image is also a failed request (and, in some Chromium versions, a console error).
    failed_image = f"request failed: {(tmp_path / 'figures' / 'missing.png').as_uri()[:100]}"
    image_events = [p for p in events if not p.startswith("script error:")]
    assert image_events and all(p == failed_image or "ERR_FILE_NOT_FOUND" in p for p in image_events), events
    assert unlinked_readers_pages(tab, tmp_path) == ["bad.html", "narrow.html", "wide.html"]
