"""Cut small slices of the national Population Estimates files for the tests (``tests/data/census/``).

A slice keeps the header line(s) and some data lines of a national file byte
for byte (same encoding, same line ends, same codes), so the tests run the
real readers on the real format without the national files:

- every state row (SUMLEV 040), so the flagship extract (all states + the
  crosswalk's GEOIDs) can be rebuilt from the slices exactly;
- the counties and places in ``KEEP``;
- in a city file, the first two places whose 2010 Census count is the
  annotation ``A``, and the first line of a summary level the readers skip.

``sub-est2019_all_10-cities.csv`` (already a 10-line verbatim copy of the
Census original, in its original format) is copied whole.

Usage: ``python -m analysis.census.slices CENSUS_DIR OUT_DIR`` (for example
``../shared/data/census tests/data/census``).
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from analysis.census.census_files import encoding_of
from analysis.census.products import CITY_TOTALS, COUNTY_TOTALS, FACTFINDER, PRODUCTS, NationalFile
from analysis.geography import geoids as gid

# The flagship's counties and places, plus the counties and places the tests quote.
KEEP = {
    "06037", "06059", "06065", "06071", "06079", "06083", "06085", "06111", "08031", "11001", "17031",
    "24005", "24510", "36005", "36047", "36061", "36081", "36085", "41051", "42101", "35013",
    "0644000", "0668000", "1714000", "4159000", "0820000", "0639003",
}
# The 10-line verbatim copy of sub-est2019_all.csv in the original format (see ../shared SOURCES.md).
TEN_CITIES = NationalFile("sub-est2019_all_10-cities.csv", CITY_TOTALS, None)


def _files() -> list[NationalFile]:
    every = [f for p in PRODUCTS for c in p.choices for f in c.files]
    return every + [TEN_CITIES]


def _geoid(layout: str, row: dict[str, str]) -> tuple[str, str]:
    """(summary level, GEOID) of one data row."""
    if layout == FACTFINDER:
        return "162", row["GEO.id2"].zfill(7)
    sumlev = row["SUMLEV"].strip().zfill(3)
    if sumlev == "040":
        return sumlev, gid.state_geoid(row["STATE"])
    if layout == COUNTY_TOTALS:
        return sumlev, gid.county_geoid(row["STATE"], row["COUNTY"])
    return sumlev, gid.place_geoid(row["STATE"], row["PLACE"]) if sumlev == "162" else ""


def slice_file(data: bytes, file: NationalFile) -> bytes:
    """The lines of ``data`` a test slice keeps, byte for byte."""
    encoding = encoding_of(data)
    lines = data.splitlines(keepends=True)
    header_lines = 2 if file.layout == FACTFINDER else 1
    header = next(csv.reader([lines[0].decode(encoding)]))
    kept, annotated, other_level = lines[:header_lines], 0, False
    for line in lines[header_lines:]:
        row = dict(zip(header, next(csv.reader([line.decode(encoding)]))))
        sumlev, geoid = _geoid(file.layout, row)
        census2010 = row.get(file.census2010_column or "", "")
        keep = sumlev == "040" or geoid in KEEP
        if sumlev == "162" and census2010.strip() == "A" and annotated < 2:
            keep, annotated = True, annotated + 1
        if sumlev not in ("040", "050", "162") and not other_level:
            keep, other_level = True, True
        if keep:
            kept.append(line)
    return b"".join(kept)


def write_slices(census_dir: Path, out_dir: Path, prefix: str = "") -> list[Path]:
    """A slice of every registered population file found in ``census_dir``, written to ``out_dir``.

    The committed copies carry the prefix ``slice-`` so no file of the repository passes for a
    whole national file; the tests copy them back under their real names.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for file in _files():
        source = Path(census_dir) / file.name
        if source.is_file():
            target = out_dir / f"{prefix}{file.name}"
            data = source.read_bytes()
            target.write_bytes(data if file is TEN_CITIES else slice_file(data, file))
            written.append(target)
    return written


if __name__ == "__main__":
    for path in write_slices(Path(sys.argv[1]), Path(sys.argv[2]), prefix="slice-"):
        print(f"wrote {path}")
