"""Download the national Population Estimates files of a year: ``python -m analysis fetch --population YEAR``.

The vintage is the registry's (``analysis.census.products.vintage_for``); its
Census Bureau files are downloaded into ``data/external/`` through one
``requests`` session with a timeout and retries (``urllib3`` ``Retry`` on an
``HTTPAdapter``: connection errors and HTTP 429/5xx are retried with a growing
pause). Each file is checked before anything is written: HTTP 200, not a web
page, as many bytes as announced, the layout's columns in the header, every
line with the header's number of fields, a line end after the last line, and
the reader turns it into geographies of each expected level.

Then, all together or not at all (``write_files_atomically``): the files are
saved, ``data/external/downloads.csv`` records each one's address, size,
sha256 and time of download, and, for a vintage the committed extract holds,
``data/raw/census/`` is rebuilt from the new files. Other vintages (2024) are
read from ``data/external/`` by ``analysis.census.estimates``.
"""
from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from analysis.census.census_api import FetchError
from analysis.census.census_files import read_estimates
from analysis.census.national_extract import EXTRACT_DIR, extract_files
from analysis.census.products import NationalFile, Product, vintage_for
from analysis.core import paths
from analysis.core.atomic import write_files_atomically
from analysis.core.errors import InputError
from analysis.core.tables import to_csv_bytes

# (connect, read) in seconds: the county files are a few MB, the city files about 10 MB.
TIMEOUT = (15, 120)
RETRIES = 4
DOWNLOADS_NAME = "downloads.csv"
DOWNLOADS_COLUMNS = ["file", "product", "vintage", "url", "bytes", "sha256", "last_modified", "retrieved_at"]


def make_session() -> requests.Session:
    """A session that retries failed connections and HTTP 429/500/502/503/504 with back-off."""
    retry = Retry(total=RETRIES, backoff_factor=2, status_forcelist=(429, 500, 502, 503, 504),
                  allowed_methods=frozenset({"GET"}), raise_on_status=False)
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


@dataclass
class Download:
    """One national file received and checked, not yet saved."""

    file: NationalFile
    body: bytes
    rows: int
    last_modified: str
    retrieved_at: str


@dataclass
class Fetched:
    """What ``fetch_population`` saved."""

    product: Product
    downloads: list[Download]
    saved: list[Path]
    extract_rebuilt: bool


def _receive(session, file: NationalFile) -> requests.Response:
    nothing = "nothing was saved"
    try:
        response = session.get(file.url, timeout=TIMEOUT)
    except requests.Timeout:
        raise FetchError(f"{file.url}: no answer within {TIMEOUT[1]} seconds; try again later ({nothing})") from None
    except requests.RequestException as error:
        reason = " ".join(str(error).split())[:200]
        raise FetchError(f"{file.url}: could not download ({reason}); {nothing}") from None
    if response.status_code != 200:
        hint = ("; the file may have moved: look for it under "
                "https://www2.census.gov/programs-surveys/popest/datasets/") if response.status_code == 404 else ""
        raise FetchError(f"{file.url}: the server answered HTTP {response.status_code}{hint} ({nothing})")
    if "html" in response.headers.get("Content-Type", "").lower():
        raise FetchError(f"{file.url}: the server sent a web page, not the CSV file ({nothing})")
    announced = response.headers.get("Content-Length")
    if announced and not response.headers.get("Content-Encoding") and int(announced) != len(response.content):
        raise FetchError(f"{file.url}: received {len(response.content):,} of {int(announced):,} bytes: the "
                         f"download was cut short; try again ({nothing})")
    return response


def _check(product: Product, file: NationalFile, body: bytes) -> int:
    """The number of geographies the file gives, after the reader has accepted every line."""
    try:
        table = read_estimates(body, file, product.years, where=file.name)
    except InputError as error:
        line = f", line {error.row}" if error.row else ""
        raise FetchError(f"{file.url}{line}: {error.message} (nothing was saved)") from None
    levels = next(c.levels for c in product.choices if file in c.files)
    empty = [level for level in levels if not (table["geo_level"] == level).any()]
    if empty:
        raise FetchError(f"{file.url}: no {' or '.join(empty)} rows: is this the right file? (nothing was saved)")
    return int(table["geo_level"].isin(levels).sum())


def _downloads_table(path: Path, product: Product, received: list[Download]) -> bytes:
    rows = [{"file": d.file.name, "product": product.name, "vintage": product.vintage, "url": d.file.url,
             "bytes": len(d.body), "sha256": hashlib.sha256(d.body).hexdigest(),
             "last_modified": d.last_modified, "retrieved_at": d.retrieved_at} for d in received]
    table = pd.DataFrame(rows, columns=DOWNLOADS_COLUMNS).astype(str)
    if path.exists():
        kept = pd.read_csv(path, dtype=str, keep_default_na=False)
        if list(kept.columns) != DOWNLOADS_COLUMNS:
            raise InputError(path, f"expected the columns {', '.join(DOWNLOADS_COLUMNS)}; move this file "
                             "away and fetch again", row=1)
        table = pd.concat([kept[~kept["file"].isin(table["file"])], table], ignore_index=True)
    return to_csv_bytes(table.sort_values("file").reset_index(drop=True))


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def fetch_population(year: int, session=None, external_dir: Path = paths.EXTERNAL,
                     extract_dir: Path = EXTRACT_DIR, clock: Callable[[], datetime] = _utc_now) -> Fetched:
    """Download, check and save the national files of the vintage covering ``year``; all or nothing.

    ``session`` is anything with ``requests.Session.get`` (tests pass a fake).
    """
    chosen = vintage_for(year)
    session = session or make_session()
    external_dir, extract_dir = Path(external_dir), Path(extract_dir)
    received = []
    for choice in chosen.choices:
        response = _receive(session, choice.official)
        rows = _check(chosen, choice.official, response.content)
        received.append(Download(choice.official, response.content, rows,
                                 response.headers.get("Last-Modified", ""),
                                 clock().strftime("%Y-%m-%dT%H:%M:%SZ")))
    files = {external_dir / d.file.name: d.body for d in received}
    files[external_dir / DOWNLOADS_NAME] = _downloads_table(external_dir / DOWNLOADS_NAME, chosen, received)
    if chosen.in_extract:
        with tempfile.TemporaryDirectory() as staging:
            for download in received:
                (Path(staging) / download.file.name).write_bytes(download.body)
            rebuilt, _ = extract_files(Path(staging), [chosen], extract_dir)
        files.update(rebuilt)
    write_files_atomically(files)  # tables kept in memory are read again: their files changed
    return Fetched(chosen, received, sorted(files), chosen.in_extract)
