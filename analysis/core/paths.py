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

COUNTS_CSV = RAW / "safe_city_counts.csv"
PUBLISHED_FIGURES_CSV = RAW / "safe_city_published_figures.csv"
STORY_LIST_CSV = RAW / "story_newsmax_list.csv"
CROSSWALK_CSV = RAW / "geography_crosswalk.csv"
POPULATION_CSV = RAW / "population_2017.csv"
POPULATION_SOURCES_CSV = RAW / "population_2017_sources.csv"
ACS_CSV = RAW / "acs1_2017_citizenship.csv"
ACS_SOURCES_CSV = RAW / "acs1_2017_citizenship_sources.csv"
# Census Data API responses as received, with a record of each request.
CENSUS_API = RAW / "census_api"

RATES_CSV = PROCESSED / "rates.csv"

REPORTS = PROJECT_ROOT / "reports"
FIGURES = REPORTS / "figures"


def rates_csv_for(vintage: int, default_vintage: int) -> Path:
    """Where ``build`` writes the rates for one population vintage.

    The default vintage keeps the flagship name ``rates.csv``; any other
    vintage gets its own file so both can be compared side by side.
    """
    if vintage == default_vintage:
        return RATES_CSV
    return PROCESSED / f"rates_v{vintage}.csv"


def display(path: Path) -> str:
    """A path as people should see it: relative to the project when inside it.

    Messages and saved records never show a machine's absolute path.
    """
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return Path(path).as_posix()
