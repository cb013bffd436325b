"""Cities at their own location: the committed Census internal points, and the county that holds each.

Expected values are the 2018 Gazetteer's own (spot rows in ../shared/data/census/SOURCES.md);
only the last test reads ../shared, and it is skipped without it.
"""
from __future__ import annotations


import pandas as pd
import pytest
from pathlib import Path

from analysis.core.errors import InputError
from analysis.geography import points
from tests.conftest import census_slices
from analysis.geography.shapes import counties_holding, geometry_of, load_shapes, main_part_bounds
SLICES = census_slices()

HEADER = "USPS\tGEOID\tANSICODE\tNAME\tLSAD\tFUNCSTAT\tALAND\tAWATER\tALAND_SQMI\tAWATER_SQMI\tINTPTLAT\tINTPTLONG"
# Five rows of 2018_Gaz_place_national.txt as published (two statistical places among them).
ROWS = [
    "AL\t0100100\t02582661\tAbanda CDP\t57\tS\t7764034\t34284\t2.998\t0.013\t33.091627\t-85.527029",
    "AK\t0203000\t02419025\tAnchorage municipality\t37\tA\t4419562836\t615500204\t1706.403\t237.646\t61.17425"
    "\t-149.284329",
    "OR\t4159000\t02411471\tPortland city\t25\tA\t345558470\t29925667\t133.421\t11.554\t45.536951\t-122.649971",
    "IL\t1714000\t00428803\tChicago city\t25\tA\t588881101\t17625494\t227.368\t6.805\t41.837551\t-87.681844",
    "PR\t7276770\t02414943\tSan Juan zona urbana\t62\tS\t102391081\t17802852\t39.533\t6.874\t18.406409\t-66.064004",
]


def _gazetteer(folder, rows=ROWS, header=HEADER):
    (folder / points.GAZETTEER_FILE).write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return folder


def test_extract_keeps_incorporated_places_and_the_columns_maps_need(tmp_path):
    extract, sources = points.make_place_points(_gazetteer(tmp_path))
    assert list(extract.columns) == points.COLUMNS
    assert list(extract["GEOID"]) == ["0203000", "1714000", "4159000"]  # CDP and zona urbana left out, sorted
    portland = extract.set_index("GEOID").loc["4159000"]
    assert (portland["NAME"], portland["INTPTLAT"], portland["INTPTLONG"]) == ("Portland city", "45.536951",
                                                                                 "-122.649971")
    assert sources.loc[0, "rows_extracted"] == 3 and sources.loc[0, "vintage"] == 2018


def test_written_extract_is_the_same_bytes_every_time(tmp_path):
    _gazetteer(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    points.write_place_points(tmp_path, first)
    points.write_place_points(tmp_path, second)
    data = (first / points.PLACE_POINTS_CSV.name).read_bytes()
    assert data == (second / points.PLACE_POINTS_CSV.name).read_bytes()
    assert data[3] == 0 and data[4:8] == b"\0\0\0\0"  # no file name, no timestamp in the gzip header
    table = pd.read_csv(first / points.PLACE_POINTS_CSV.name, dtype=str)
    assert list(table["GEOID"]) == ["0203000", "1714000", "4159000"]


@pytest.mark.parametrize("row, field, message", [
    (ROWS[2].replace("4159000", "415900"), "GEOID", "'415900' is not a 7-digit place GEOID"),
    (ROWS[2].replace("OR\t", "WA\t"), "USPS", "GEOID 4159000 does not start with the FIPS code of WA"),
    (ROWS[2].replace("45.536951", "north"), "INTPTLAT", "'north' is not a coordinate"),
    (ROWS[2].replace("-122.649971", "-222.6"), "INTPTLONG", "'-222.6' is not a coordinate"),
    (ROWS[3], "GEOID", "GEOID 1714000 appears twice"),
])
def test_bad_gazetteer_rows_are_named(tmp_path, row, field, message):
    _gazetteer(tmp_path, [ROWS[0], ROWS[1], ROWS[3], row])  # the bad row is line 5
    with pytest.raises(InputError) as caught:
        points.make_place_points(tmp_path)
    assert caught.value.row == 5 and caught.value.field == field and caught.value.message == message


def test_missing_gazetteer_or_wrong_file_says_what_to_do(tmp_path):
    with pytest.raises(InputError, match="download https://www2.census.gov/geo/docs/maps-data/data/gazetteer/"):
        points.make_place_points(tmp_path)
    _gazetteer(tmp_path, header=HEADER.replace("INTPTLAT", "LAT"))
    with pytest.raises(InputError, match="missing column.s. INTPTLAT"):
        points.make_place_points(tmp_path)


def test_committed_extract_has_every_incorporated_place():
    table = points.load_place_points()
    assert len(table) == 19_520 and table["GEOID"].is_unique
    for geoid, lat, lon in (("0644000", 34.019394, -118.410825), ("0668000", 37.296739, -121.818909),
                            ("1714000", 41.837551, -87.681844), ("3436000", 40.711417, -74.06476),
                            ("4159000", 45.536951, -122.649971), ("4911320", 37.682874, -113.095539)):
        assert (table.loc[geoid, "INTPTLAT"], table.loc[geoid, "INTPTLONG"]) == (lat, lon)
    assert "0100100" not in table.index  # Abanda CDP
    sources = pd.read_csv(points.PLACE_POINTS_SOURCES_CSV, dtype=str).iloc[0]
    assert sources["sha256"] == "412a471a21936e678eca5a281a78dc750812bf00f2b71e871064e809b66e4bc5"
    assert (sources["source_file"], sources["vintage"], sources["rows_extracted"]) == (
        "2018_Gaz_place_national.txt", "2018", "19520")


def test_a_place_without_a_point_stops_with_a_message():
    assert points.missing_place_points(["4159000", "4199999"]) == ["4199999"]
    with pytest.raises(InputError, match="no internal point for place GEOID 4199999"):
        points.place_points("4159000;4199999", "EPSG:5070")


def test_each_city_falls_in_the_county_that_holds_it():
    shapes = load_shapes()
    found = points.place_points("0203000;0644000;0668000;1714000;3436000;4159000", "EPSG:5070")
    # The same answers as the hand-made lookup the maps used before (place_counties.csv), and two more.
    assert dict(zip(found["GEOID"], counties_holding(shapes, found))) == {
        "0203000": "02020", "0644000": "06037", "0668000": "06085", "1714000": "17031", "3436000": "34017",
        "4159000": "41051"}
    assert geometry_of(shapes, "place", "4159000").geom_type == "Point"


def test_main_part_leaves_out_remote_islands_only():
    shapes = load_shapes()
    (minx, _, maxx, _), remote = main_part_bounds(geometry_of(shapes, "county", "15003"))  # Honolulu County
    assert maxx - minx < 150_000 and remote is not None
    denver = geometry_of(shapes, "county", "08031")
    assert main_part_bounds(denver) == (denver.bounds, None)


def test_the_committed_extract_is_what_the_code_makes_from_the_national_file():
    """Checked on the committed slice (ten cities, lines as published) and the recorded checksum,
    so it runs without the national file."""
    sliced, _ = points.make_place_points(SLICES)
    committed = pd.read_csv(points.PLACE_POINTS_CSV, dtype=str, keep_default_na=False).set_index("GEOID")
    assert len(sliced) == 10
    for row in sliced.astype(str).itertuples(index=False):
        assert list(committed.loc[row.GEOID]) == [getattr(row, c) for c in committed.columns]
    sources = pd.read_csv(points.PLACE_POINTS_SOURCES_CSV, dtype=str).iloc[0]
    # sha256 of 2018_Gaz_place_national.txt as recorded in ../shared/data/census/SOURCES.md
    assert sources["sha256"] == "412a471a21936e678eca5a281a78dc750812bf00f2b71e871064e809b66e4bc5"
