"""HTML pages that editors can publish from, and the full notebooks for reviewers.

For one story, each executed notebook becomes two pages:

- a readers' page, ``<out_dir>/NN-name.html``: the notebook's text, tables
  and figures without any code; tables are real HTML tables, URLs are links,
  claims are shown in words with their verdicts, and each figure is the
  published PNG with its alt text and links to download its SVG, PDF, PNG,
  CSV and alt text from the story's figures folder;
- a reviewers' page, ``<out_dir>/notebooks/NN-name.html``: the whole notebook,
  code included (nbconvert's lab template).

``render_index`` writes the page that lists every story and its readers' pages.
Every page has a title made of the notebook's first heading and the story
title, links back to the index and to the story's other pages, and opens
offline: inline CSS, no scripts, no fonts or anything else to fetch. Links
between pages and into the figures folder are relative, so the reports folder
can be moved or served as it is.
"""
from __future__ import annotations

import functools
import html
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import mistune
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from nbformat import NotebookNode

from analysis.core import paths
from analysis.core.errors import InputError
from analysis.reports.display import linkify

REVIEWERS_FOLDER = "notebooks"
# Published files of a figure, as figures.style.export writes them, in the order they are offered.
DOWNLOADS = [("svg", "SVG"), ("pdf", "PDF"), ("png", "PNG"), ("csv", "data (CSV)"), ("alt.txt", "alt text")]

# Tables, claims and figures: shared by the readers' pages and the reviewers' pages
# (where the notebooks' text/html outputs use the same class names).
COMPONENT_CSS = """
:root { --ink: #1f1f1f; --muted: #595959; --rule: #d0d0d0; --link: #0b57a4;
  --holds: #14622d; --holds-bg: #e3f2e7; --fails: #9b1c1c; --fails-bg: #fbe5e5;
  --open: #6b4e00; --open-bg: #fcf0cf; }
/* A table wider than the screen scrolls inside its box; shadows at its edges show there is more. */
.table-scroll { overflow-x: auto; margin: 1rem 0; max-width: 100%;
  background: linear-gradient(to right, #fff 30%, rgba(255, 255, 255, 0)),
    linear-gradient(to left, #fff 30%, rgba(255, 255, 255, 0)) 100% 0,
    radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, 0.25), rgba(0, 0, 0, 0)),
    radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, 0.25), rgba(0, 0, 0, 0)) 100% 0;
  background-repeat: no-repeat; background-color: #fff;
  background-size: 40px 100%, 40px 100%, 14px 100%, 14px 100%;
  background-attachment: local, local, scroll, scroll; }
table.data { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums;
  margin: 0; table-layout: auto; }
table.data th, table.data td { padding: 0.35rem 0.6rem; border: 0; border-bottom: 1px solid var(--rule);
  text-align: left; vertical-align: top; white-space: normal; overflow-wrap: normal; word-break: normal; }
table.data th { border-bottom: 2px solid var(--ink); font-weight: 600; vertical-align: bottom; }
table.data .num { text-align: right; }
table.data td.num { white-space: nowrap; }
.nowrap { white-space: nowrap; }
.table-note { margin: 0.25rem 0 1rem; color: var(--muted); }
.claim-source { display: block; font-size: 0.85rem; color: var(--muted); margin-top: 0.15rem; }
.verdict { display: inline-block; padding: 0 0.4em; border: 1px solid; border-radius: 0.25em;
  font-weight: 600; white-space: normal; }
.verdict-holds { color: var(--holds); background: var(--holds-bg); }
.verdict-fails { color: var(--fails); background: var(--fails-bg); }
.verdict-open { color: var(--open); background: var(--open-bg); }
.claim { border-left: 4px solid var(--rule); padding: 0.25rem 0 0.25rem 1rem; margin: 1rem 0; }
.claim p { margin: 0.4rem 0; }
.claim-text { font-weight: 600; }
.verdict-holds-box { border-left-color: var(--holds); }
.verdict-fails-box { border-left-color: var(--fails); }
.verdict-open-box { border-left-color: var(--open); }
@media (max-width: 40rem) {
  table.data { font-size: 0.85rem; }
  table.data th, table.data td { padding: 0.3rem 0.4rem; }
}
/* On a phone the claims table becomes one block per claim: the claim, then its numbers and verdict. */
@media (max-width: 40rem) {
  table.claims thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.claims, table.claims tbody, table.claims tr, table.claims td { display: block; }
  table.claims tr { padding: 0.5rem 0; border-bottom: 1px solid var(--rule); }
  table.claims td { border: 0; padding: 0.15rem 0; text-align: left; }
  table.claims td[data-label] { display: inline-block; margin-right: 1rem; }
  table.claims td[data-label]::before { content: attr(data-label) " "; color: var(--muted); }
}
"""

PAGE_CSS = """
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; overflow-wrap: break-word;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
a { color: var(--link); }
.masthead, main, .prev-next, footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.masthead { padding-top: 0.75rem; font-size: 0.9rem; color: var(--muted); }
.masthead p { margin: 0.25rem 0 0; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 1rem 0 0.75rem; }
h2 { font-size: 1.2rem; line-height: 1.3; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.9em;
  overflow-wrap: anywhere; }
.text-output { white-space: pre-wrap; background: #f5f5f5; border-radius: 4px; padding: 0.6rem 0.8rem;
  margin: 1rem 0; }
.stderr-output { background: var(--open-bg); }
.warning { border-left: 4px solid var(--fails); padding-left: 0.75rem; }
figure.chart { margin: 1.5rem 0; }
figure.chart img { display: block; max-width: 100%; height: auto; border: 1px solid var(--rule); }
figure.chart figcaption { font-size: 0.9rem; margin-top: 0.5rem; }
figure.chart details { margin: 0.25rem 0; }
.downloads a { margin-right: 0.8rem; white-space: nowrap; }
.prev-next { display: flex; justify-content: space-between; gap: 1rem; margin-top: 2rem;
  padding-top: 1rem; border-top: 1px solid var(--rule); }
.prev-next a { max-width: 48%; }
.prev-next .next { margin-left: auto; text-align: right; }
footer { margin-bottom: 2rem; font-size: 0.95rem; }
footer ol { padding-left: 1.5rem; }
footer [aria-current="page"] { font-weight: 600; }
.story { margin: 1.5rem 0; }
"""

REVIEWERS_CSS = """
.review-nav { max-width: 1200px; margin: 0 auto; padding: 0.75rem 1rem 0;
  font: 0.9rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.review-nav a { margin-right: 1rem; color: #0b57a4; text-decoration: underline; }
.jp-RenderedHTMLCommon table.data tr, .jp-RenderedHTMLCommon table.data td,
.jp-RenderedHTMLCommon table.data th { text-align: left; }
.jp-RenderedHTMLCommon table.data .num { text-align: right; }
body.jp-Notebook { overflow-wrap: break-word; }
.jp-RenderedImage img { max-width: 100%; height: auto; }
"""

_MARKDOWN = mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url"])


@dataclass(frozen=True)
class Page:
    """One notebook of a story and where its two pages go."""

    notebook_path: Path
    notebook: NotebookNode
    title: str
    readers: Path
    reviewers: Path


def page_title(notebook: NotebookNode, path: Path) -> str:
    """The text of the notebook's first heading (the page's own title).

    A notebook without a heading is refused: a page titled "Notebook" or
    nothing is what editors could not publish from.
    """
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for heading in BeautifulSoup(_MARKDOWN(cell.source), "html.parser").find_all(
                ["h1", "h2", "h3", "h4", "h5", "h6"]):
            text = " ".join(heading.get_text().split())
            if text:
                return text
    raise InputError(path, "the notebook has no heading; its first markdown cell should start with "
                           "'# ' and the page's title")


def story_pages(notebooks: list[tuple[Path, NotebookNode]], out_dir: Path) -> list[Page]:
    out_dir = Path(out_dir)
    return [Page(Path(path), notebook, page_title(notebook, Path(path)), out_dir / f"{Path(path).stem}.html",
                 out_dir / REVIEWERS_FOLDER / f"{Path(path).stem}.html")
            for path, notebook in notebooks]


def href(target: Path, page: Path, fragment: str = "") -> str:
    """The relative link from ``page`` to ``target`` (both files), URL-quoted."""
    relative = os.path.relpath(Path(target), Path(page).parent).replace(os.sep, "/")
    return quote(relative) + (f"#{quote(fragment)}" if fragment else "")


def render_story_pages(story_title: str, slug: str, notebooks: list[tuple[Path, NotebookNode]],
                       figures_dir: Path, out_dir: Path, index_path: Path) -> dict[Path, bytes]:
    """Every page of one story: ``{path: bytes}`` for the readers' pages and the reviewers' pages.

    ``notebooks`` are executed notebooks in story order; ``figures_dir`` holds
    the story's published figures (``<name>.svg/.pdf/.png/.csv/.alt.txt``);
    ``index_path`` is the index page the pages link back to (its section
    ``#<slug>`` lists this story). Nothing is written here.
    """
    if not notebooks:
        raise ValueError(f"story '{slug}' has no notebooks to render")
    pages = story_pages(notebooks, out_dir)
    files = {}
    for number, page in enumerate(pages):
        files[page.readers] = readers_page(story_title, slug, pages, number, Path(figures_dir),
                                           Path(index_path)).encode("utf-8")
        reviewers, css = reviewers_page(story_title, slug, page, Path(index_path))
        files[page.reviewers] = reviewers.encode("utf-8")
        files[paths.notebook_css(index_path)] = css.encode("utf-8")
    return files


def story_index_entry(story_title: str, slug: str, summary: str, notebooks: list[tuple[Path, NotebookNode]],
                      out_dir: Path, index_path: Path) -> dict:
    """What ``render_index`` needs about one story: its readers' pages, linked from ``index_path``."""
    pages = story_pages(notebooks, out_dir)
    return {"title": story_title, "slug": slug, "summary": summary,
            "pages": [(page.title, href(page.readers, index_path)) for page in pages]}


def _document(title: str, css: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<!-- Generated by `python -m analysis all` from stories/ and data/: "
            "do not edit by hand. -->\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"generator\" content=\"python -m analysis all\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{html.escape(title)}</title>\n<link rel=\"icon\" href=\"data:,\">\n"
            f"<style>{css}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def render_index(stories: list[dict], title: str = "Story reports") -> bytes:
    """The page that lists every story and links each of its readers' pages.

    Each story is ``{"title", "slug", "summary", "pages": [(page title, href)]}``
    with hrefs relative to the index page; each story is a section whose id is
    its slug, which the stories' pages link back to.
    """
    sections = []
    for story in stories:
        items = "\n".join(f'<li><a href="{html.escape(link)}">{html.escape(name)}</a></li>'
                          for name, link in story["pages"])
        summary = f"<p>{linkify(story['summary'])}</p>\n" if story.get("summary") else ""
        sections.append(f'<section class="story" id="{html.escape(story["slug"])}">\n'
                        f'<h2>{html.escape(story["title"])}</h2>\n{summary}<ol>\n{items}\n</ol>\n</section>')
    body = f"<main>\n<h1>{html.escape(title)}</h1>\n" + "\n".join(sections) + "\n</main>"
    return _document(title, COMPONENT_CSS + PAGE_CSS, body).encode("utf-8")


def readers_page(story_title: str, slug: str, pages: list[Page], number: int, figures_dir: Path,
                 index_path: Path) -> str:
    """One notebook without code, with navigation inside the story and back to the index."""
    page = pages[number]
    here = page.readers
    cells = "\n".join(_cell_html(cell, page, figures_dir) for cell in page.notebook.cells)
    masthead = (f'<header class="masthead">\n<nav aria-label="Breadcrumb"><a href="{href(index_path, here)}">'
                f'All stories</a> <span aria-hidden="true">&rsaquo;</span> '
                f'<a href="{href(index_path, here, slug)}">{html.escape(story_title)}</a></nav>\n'
                f"<p>Page {number + 1} of {len(pages)}</p>\n</header>")
    neighbours = []
    if number > 0:
        neighbours.append(f'<a class="prev" rel="prev" href="{href(pages[number - 1].readers, here)}">'
                          f"&larr; {html.escape(pages[number - 1].title)}</a>")
    if number < len(pages) - 1:
        neighbours.append(f'<a class="next" rel="next" href="{href(pages[number + 1].readers, here)}">'
                          f"{html.escape(pages[number + 1].title)} &rarr;</a>")
    prev_next = f'<nav class="prev-next" aria-label="Previous and next page">{"".join(neighbours)}</nav>'
    current = ' aria-current="page"'
    contents = "\n".join(f'<li><a href="{href(other.readers, here)}"{current if other is page else ""}>'
                          f"{html.escape(other.title)}</a></li>" for other in pages)
    footer = (f'<footer>\n<nav aria-label="Pages of this story">\n<h2>{html.escape(story_title)}</h2>\n'
              f"<ol>\n{contents}\n</ol>\n</nav>\n"
              f'<p><a href="{href(page.reviewers, here)}">This page with its code (for reviewers)</a> &middot; '
              f'<a href="{href(index_path, here)}">All stories</a></p>\n</footer>')
    body = f"{masthead}\n<main>\n{cells}\n</main>\n{prev_next}\n{footer}"
    return _document(f"{page.title} \u2013 {story_title}", COMPONENT_CSS + PAGE_CSS, body)


def _cell_html(cell: NotebookNode, page: Page, figures_dir: Path) -> str:
    if cell.cell_type == "markdown":
        return _responsive_tables(_MARKDOWN(cell.source))
    if cell.cell_type != "code":
        return ""
    return "\n".join(_output_html(output, page, figures_dir) for output in cell.get("outputs", []))


def _output_html(output: NotebookNode, page: Page, figures_dir: Path) -> str:
    kind = output.output_type
    if kind == "stream":
        css = "text-output" if output.name == "stdout" else "text-output stderr-output"
        return f'<div class="{css}">{linkify(output.text.rstrip())}</div>'
    if kind == "error":
        # Never hide a failed cell from the editor: the page is not fit to publish.
        return (f'<p class="warning">A cell of this notebook failed ({html.escape(output.ename)}: '
                f"{html.escape(output.evalue)}); the numbers on this page are incomplete.</p>")
    data = output.get("data", {})
    if "image/png" in data:
        return _figure_html(data["image/png"], output.get("metadata", {}).get("image/png", {}), page, figures_dir)
    if "text/html" in data:
        return _responsive_tables(data["text/html"])
    if "text/markdown" in data:
        return _responsive_tables(_MARKDOWN(data["text/markdown"]))
    if "text/plain" in data:
        return f'<div class="text-output">{linkify(data["text/plain"].rstrip())}</div>'
    return ""


def _responsive_tables(fragment: str) -> str:
    """Put every table that is not already in a scrolling container into one (markdown, pandas)."""
    if "<table" not in fragment:
        return fragment
    soup = BeautifulSoup(fragment, "html.parser")
    for table in soup.find_all("table"):
        if "table-scroll" not in (table.parent.get("class") or []):
            table.wrap(soup.new_tag("div", attrs={"class": "table-scroll"}))
    return str(soup)


def _figure_html(png_base64: str, metadata: dict, page: Page, figures_dir: Path) -> str:
    alt = metadata.get("alt", "")
    name = metadata.get("figure")
    if not name:
        # A figure not drawn by the house style (no published files) is shown, but flagged.
        return (f'<figure class="chart"><img src="data:image/png;base64,{png_base64.strip()}" '
                f'alt="{html.escape(alt)}"><figcaption class="warning">This figure has no published files'
                f'{"" if alt else " and no alt text"}: it is not ready to publish.</figcaption></figure>')
    files = {ext: figures_dir / f"{name}.{ext}" for ext, _ in DOWNLOADS}
    missing = [path for path in files.values() if not path.exists()]
    if missing:
        raise InputError(missing[0], f"notebook {page.notebook_path.name} shows figure '{name}' but its "
                                     "published files are missing; run `python -m analysis build`")
    published_alt = files["alt.txt"].read_text(encoding="utf-8").strip()
    if published_alt != alt.strip():
        raise InputError(files["alt.txt"], f"notebook {page.notebook_path.name} shows a different '{name}' "
                                           "figure (its alt text differs): the published figures are out of "
                                           "date; run `make all`")
    width, height = png_size(files["png"])
    links = " ".join(f'<a href="{href(path, page.readers)}" download>{label}</a>'
                     for (ext, label), path in zip(DOWNLOADS, files.values()))
    return (f'<figure class="chart">\n<img src="{href(files["png"], page.readers)}" alt="{html.escape(alt)}" '
            f'width="{width}" height="{height}">\n<figcaption>\n'
            f"<details><summary>Text description (alt text)</summary><p>{html.escape(alt)}</p></details>\n"
            f'<p class="downloads">Download: {links}</p>\n</figcaption>\n</figure>')


def png_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header (lets the page reserve the figure's space)."""
    header = Path(path).read_bytes()[:24]
    if header[:8] != b"\x89PNG\r\n\x1a\n" or header[12:16] != b"IHDR":
        raise InputError(path, "is not a PNG file")
    return struct.unpack(">II", header[16:24])


@functools.cache
def _lab_exporter() -> HTMLExporter:
    """One exporter for every reviewers' page: a new one compiles its Jinja templates again
    (about a tenth of a second per page). Pages are rendered one at a time, in one thread."""
    return HTMLExporter(template_name="lab")


def reviewers_page(story_title: str, slug: str, page: Page, index_path: Path) -> tuple[str, str]:
    """The whole notebook, code included, for reviewers; it opens offline.

    nbconvert's lab template ignores the ``alt`` that ``analysis.reports.notebook.published_figure``
    stores with each figure, so it is put back on the ``<img>`` tags, which come
    in the same order as the image outputs. Every script is dropped: the
    template's scripts load MathJax and mermaid from CDNs, and these notebooks
    have no equations, diagrams or widgets. The template's own style sheet (the same
    for every notebook) is returned apart, to be written once and linked, not repeated
    in every page: ``(page, css)``.
    """
    title = f"{page.title} \u2013 {story_title} (notebook with code)"
    body, _ = _lab_exporter().from_notebook_node(
        page.notebook, resources={"metadata": {"name": title}})
    soup = BeautifulSoup(body, "html.parser")
    alts = [output.get("metadata", {}).get("image/png", {}).get("alt")
            for cell in page.notebook.cells if cell.cell_type == "code"
            for output in cell.outputs if "image/png" in output.get("data", {})]
    images = soup.select('img[src^="data:image/png"]')
    if len(images) != len(alts):
        raise RuntimeError(f"{page.notebook_path.name}: the HTML and the notebook disagree on the number "
                           "of figures")
    for image, alt in zip(images, alts):
        if alt:
            image["alt"] = alt
    for script in soup.find_all("script"):
        script.decompose()
    template_css = []
    for sheet in soup.head.find_all("style"):
        template_css.append(sheet.string or "")
        sheet.decompose()
    css_path = paths.notebook_css(index_path)
    soup.head.append(soup.new_tag("link", attrs={"rel": "stylesheet", "href": href(css_path, page.reviewers)}))
    style = soup.new_tag("style")
    style.string = COMPONENT_CSS + REVIEWERS_CSS
    soup.head.append(style)
    soup.head.append(soup.new_tag("link", attrs={"rel": "icon", "href": "data:,"}))
    nav = BeautifulSoup(
        f'<nav class="review-nav" aria-label="Story"><a href="{href(page.readers, page.reviewers)}">'
        f"Readers' page (no code)</a><a href=\"{href(index_path, page.reviewers, slug)}\">"
        f"{html.escape(story_title)}: all pages</a></nav>", "html.parser")
    soup.body.insert(0, nav)
    return str(soup), "\n".join(template_css)
