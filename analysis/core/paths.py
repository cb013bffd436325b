"""Every path the project uses, anchored at the project root.

Anchoring on this file (not on the working directory) lets the CLI, pytest,
nbval and a notebook opened from any folder find the same data
(cookiecutter-data-science v2 convention).
"""
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

DATA = PROJECT_ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
# Intermediate files made by code to save time (prepared map shapes); never committed.
INTERIM = DATA / "interim"
# Third-party national files a user downloads; never committed (see README).
EXTERNAL = DATA / "external"

POPULATION_CSV = RAW / "population_2017.csv"
POPULATION_SOURCES_CSV = RAW / "population_2017_sources.csv"
ACS_CSV = RAW / "acs1_2017_citizenship.csv"
ACS_SOURCES_CSV = RAW / "acs1_2017_citizenship_sources.csv"
# Census Data API responses as received, with a record of each request.
CENSUS_API = RAW / "census_api"

REPORTS = PROJECT_ROOT / "reports"
# Lists every story and links each of its readers' pages.
REPORTS_INDEX = REPORTS / "index.html"

# One folder per enforcement operation (see analysis.story.story).
STORIES = PROJECT_ROOT / "stories"
NOTEBOOKS = PROJECT_ROOT / "notebooks"
# The narrated notebooks, written once and executed per story.
NOTEBOOK_TEMPLATES = Path(__file__).resolve().parents[1] / "reports" / "templates"


def processed_dir(slug: str) -> Path:
    """Where ``build`` writes a story's tables."""
    return PROCESSED / slug


def story_reports_dir(slug: str) -> Path:
    """A story's readers' pages; its figures are in ``figures/`` below it."""
    return REPORTS / slug


def figures_dir(slug: str) -> Path:
    return story_reports_dir(slug) / "figures"


# A published figure's screen-resolution PNG, ``<figures_dir>/<name>.screen.png``, which the
# notebooks show (written by analysis.figures.style, read by analysis.reports.notebook).
SCREEN_PNG = "screen.png"


# reports/assets/ holds what every story's pages share, so no story may be called that.
ASSETS = "assets"
RESERVED_SLUGS = frozenset({ASSETS})


def notebook_css(index_path: Path | None = None) -> Path:
    """nbconvert's notebook style sheet, written once beside the index for every reviewers' page."""
    return Path(index_path or REPORTS_INDEX).parent / ASSETS / "notebook.css"


def story_notebooks_dir(slug: str) -> Path:
    """A story's executed notebooks (committed with their outputs, checked by nbval)."""
    return NOTEBOOKS / slug


def story_output_dirs(slug: str) -> list[Path]:
    """Every folder that holds a story's outputs and nothing of another story's."""
    return [story_reports_dir(slug), story_notebooks_dir(slug), processed_dir(slug)]


def display(path: Path) -> str:
    """A path as people should see it: relative to the project when inside it.

    Messages and saved records never show a machine's absolute path.
    """
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()
