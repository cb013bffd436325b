"""The committed national population extract: every state, county and place, every year of a vintage.

``data/raw/census/popest_v{VINTAGE}.csv.gz`` holds, for each vintage the
registry marks ``in_extract``, one row per state (and DC), county and
incorporated place: ``geoid``, ``geo_level``, ``name``, ``state_name``,
``census2010`` (as published, annotations such as ``A`` kept), ``source_file``
and ``pop{YEAR}`` for every July 1 the vintage gives. ``popest_sources.csv``
beside it records each national file used (name, product, vintage, levels,
rows, bytes, sha256, download address), so the extract can be checked against
the Census originals.

The files are gzip with no name and no time stamp in the header, so the same
national files give the same extract. They are made by ``python -m analysis
extract`` and, for a vintage just downloaded, by ``python -m analysis fetch
--population YEAR``.
"""
from __future__ import annotations

import gzip
import io
from pathlib import Path

import pandas as pd

from analysis.core.digest import sha256_of
from analysis.census.census_files import pop_column, read_estimates
from analysis.census.products import PRODUCTS, FileChoice, NationalFile, Product
from analysis.core import paths
from analysis.core.errors import InputError
from analysis.core.tables import to_csv_bytes
from analysis.geography.geoids import GEOID_LENGTH

EXTRACT_DIR = paths.RAW / "census"
SOURCES_NAME = "popest_sources.csv"
ID_COLUMNS = ["geoid", "geo_level", "name", "state_name", "census2010", "source_file"]
SOURCES_COLUMNS = ["source_file", "product", "vintage", "geo_levels", "rows_extracted",
                   "bytes", "sha256", "download"]
LEVEL_ORDER = {"state": 0, "county": 1, "place": 2}
PLURALS = {"state": "states", "county": "counties", "place": "places"}


def extract_name(vintage: int) -> str:
    return f"popest_v{vintage}.csv.gz"


def find_files(product: Product, census_dir: Path) -> tuple[list[tuple[FileChoice, NationalFile]],
                                                             list[FileChoice]]:
    """For each group of levels, the first of its files present in ``census_dir``; and the groups with none."""
    found, missing = [], []
    for choice in product.choices:
        present = next((f for f in choice.files if (Path(census_dir) / f.name).is_file()), None)
        if present is None:
            missing.append(choice)
        else:
            found.append((choice, present))
    return found, missing


def missing_message(product: Product, missing: list[FileChoice], year: int) -> str:
    """One message naming every missing file, where to download it, and the command that does."""
    wanted = []
    for choice in missing:
        official = choice.official
        others = [f"{f.name} ({f.origin})" for f in choice.files if f is not official]
        wanted.append(f"{official.name} ({official.url})" + "".join(f" or {o}" for o in others)
                      + f" for {' and '.join(PLURALS[level] for level in choice.levels)}")
    return (f"{product.name} (July 1, {year}): {len(missing)} national file(s) missing here: "
            f"{'; '.join(wanted)}; run `python -m analysis fetch --population {year}` to download "
            f"{'it' if len(missing) == 1 else 'them'}")


def read_vintage(product: Product, census_dir: Path, years: tuple[int, ...] | None = None
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every geography of ``product`` read from the national files in ``census_dir``, and a sources table.

    ``years``: the July 1 columns to read (default: all the vintage gives); the
    first one also words the message when files are missing.
    """
    years = years or product.years
    census_dir = Path(census_dir)
    found, missing = find_files(product, census_dir)
    if missing:
        raise InputError(census_dir, missing_message(product, missing, years[0]))
    pieces, records = [], []
    for choice, file in found:
        path = census_dir / file.name
        table = read_estimates(path, file, years)
        table = table[table["geo_level"].isin(choice.levels)].assign(source_file=file.name)
        pieces.append(table)
        records.append({"source_file": file.name, "product": product.name, "vintage": product.vintage,
                        "geo_levels": ";".join(choice.levels), "rows_extracted": len(table),
                        "bytes": path.stat().st_size, "sha256": sha256_of(path), "download": file.download})
    table = pd.concat(pieces, ignore_index=True)
    repeated = table["geoid"].duplicated()
    if repeated.any():
        raise InputError(census_dir, f"GEOID {table.loc[repeated, 'geoid'].iloc[0]} appears twice in the "
                         f"{product.name} files")
    table = (table.assign(_order=table["geo_level"].map(LEVEL_ORDER))
             .sort_values(["_order", "geoid"]).drop(columns="_order").reset_index(drop=True))
    return table[ID_COLUMNS + [pop_column(y) for y in years]], pd.DataFrame(records, columns=SOURCES_COLUMNS)


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no file name and time stamp 0: the same data always gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(data)
    return buffer.getvalue()


def extract_files(census_dir: Path, products: list[Product] | None = None,
                  extract_dir: Path = EXTRACT_DIR) -> tuple[dict[Path, bytes], pd.DataFrame]:
    """The extract file of each product (default: those ``in_extract``) and the updated sources table.

    Rows of the sources table for other vintages are kept, so one vintage can
    be rebuilt alone (after a download).
    """
    products = products if products is not None else [p for p in PRODUCTS if p.in_extract]
    extract_dir = Path(extract_dir)
    files, records = {}, []
    for product in products:
        table, sources = read_vintage(product, census_dir)
        files[extract_dir / extract_name(product.vintage)] = gzip_bytes(to_csv_bytes(table))
        records.append(sources)
    previous = extract_dir / SOURCES_NAME
    rebuilt = {p.vintage for p in products}
    if previous.exists():
        kept = pd.read_csv(previous, dtype=str, keep_default_na=False)
        records.insert(0, kept[~kept["vintage"].astype(int).isin(rebuilt)])
    sources = pd.concat(records, ignore_index=True).astype(str)
    sources = sources.sort_values("vintage", ascending=False, kind="stable").reset_index(drop=True)
    files[previous] = to_csv_bytes(sources)
    return files, sources


def read_extract(vintage: int, extract_dir: Path = EXTRACT_DIR) -> pd.DataFrame | None:
    """The committed extract of ``vintage`` (``pop{YEAR}`` as integers), or None if there is none."""
    path = Path(extract_dir) / extract_name(vintage)
    if not path.is_file():
        return None
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, compression="gzip")
    except (OSError, EOFError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(path, f"not a readable gzip CSV file ({exc}); rebuild it with "
                         "`python -m analysis extract`") from None
    missing = [c for c in ID_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(path, f"missing column(s) {', '.join(missing)}", row=1)
    lengths = table["geo_level"].map(GEOID_LENGTH)
    bad = lengths.isna() | (table["geoid"].str.len() != lengths) | ~table["geoid"].str.isdigit()
    if bad.any():
        index = int(bad.to_numpy().argmax())
        raise InputError(path, f"'{table['geoid'].iloc[index]}' is not a well-formed "
                         f"{table['geo_level'].iloc[index]} GEOID", row=index + 2, field="geoid")
    for column in (c for c in table.columns if c.startswith("pop")):
        bad = ~table[column].str.fullmatch(r"\d+")
        if bad.any():
            index = int(bad.to_numpy().argmax())
            raise InputError(path, f"'{table[column].iloc[index]}' is not a population count",
                             row=index + 2, field=column)
        table[column] = table[column].astype("int64")
    return table
