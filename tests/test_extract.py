"""The extract code on small national-format files written here, and on slices of the real ones.

Nothing here needs the national files: the slices in ``tests/data/census/``
are lines of the real files, byte for byte (see the README there).
"""
from __future__ import annotations

import gzip
import hashlib
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.core import paths
from analysis.core.tables import to_csv_bytes
from analysis.story.crosswalk import all_geographies, load_crosswalk
from analysis.core.errors import InputError
from analysis.census.extract import make_extract, write_extract
from analysis.census.national_extract import EXTRACT_DIR, SOURCES_NAME, extract_name, read_vintage
from analysis.census.products import product

from tests.conftest import census_slices

SLICES = census_slices()

CO_EST_HEADER = "SUMLEV,REGION,DIVISION,STATE,COUNTY,STNAME,CTYNAME,CENSUS2010POP,POPESTIMATE2017\n"
SUB_EST_HEADER = "SUMLEV,STATE,COUNTY,PLACE,COUSUB,NAME,STNAME,CENSUS2010POP,POPESTIMATE2017\n"
CROSSWALK = (
    "jurisdiction,definition,is_primary,geography,geo_level,geoids,rationale\n"
    "Big County,big,true,Big County,county,06037,r\n"
    "Big County,big_city,false,Big city,place,0644000,r\n"
    "Big County,adelanto,false,Adelanto city,place,0600296,r\n"
    "Two Counties,two,true,Two,county_set,08031;06085,r\n"
)


def _write_national_files(folder, zeros=True):
    """Four files in the Census layouts; ``zeros=False`` mimics copies that lost leading zeros."""
    state, county = ("06", "037") if zeros else ("6", "37")
    folder.mkdir()
    for vintage, extra in ((2019, 0), (2017, 5)):
        (folder / f"co-est{vintage}-alldata.csv").write_bytes((
            CO_EST_HEADER
            + f"040,4,9,{state},000,California,California,1,{39_000_000 + extra}\n"
            + f"050,4,9,{state},{county},California,Los Angeles County,1,{10_000_000 + extra}\n"
            + f"050,4,9,{state},085,California,Santa Clara County,1,{1_900_000 + extra}\n"
            + "040,4,8,08,000,Colorado,Colorado,1,5600000\n"
            + "050,4,8,08,031,Colorado,Denver County,1,700000\n"
            + "050,4,8,35,013,New Mexico,Do\xf1a Ana County,1,215000\n"
        ).encode("latin-1"))
    (folder / "sub-est2019_all.csv").write_text(
        SUB_EST_HEADER
        + f"162,{state},000,44000,00000,Los Angeles city,California,3792621,3975788\n"
        + f"157,{state},{county},44000,00000,Los Angeles city,California,3792621,3900000\n"
        + "162,6,0,296,0,Adelanto city,California,A,33343\n")
    (folder / "PEP_2017_PEPANNRES_CA-places_with_ann.csv").write_text(
        "GEO.id,GEO.id2,GEO.display-label,rescen42010,respop72017\n"
        "Id,Id2,Geography,April 1 2010 - Census,Population Estimate (as of July 1) - 2017\n"
        "1620000US0644000,0644000,\"Los Angeles city, California\",3792621,3999759\n")
    (folder / "acs1-2017-state-DP02_DATA.csv").write_text(
        "GEO_ID,DP02_0086E,DP02_0086M,DP02_0095E,DP02_0095M,NAME,state\n"
        "0400000US06,39536653,-555555555,5255000,45000,California,06\n"
        "0400000US72,null,null,null,null,Puerto Rico,72\n"
        f"0400000US08,5607154,-555555555,300000,-999999999,Colorado,{'08' if zeros else '8'}\n")
    return folder


@pytest.fixture
def small_crosswalk(tmp_path):
    path = tmp_path / "crosswalk.csv"
    path.write_text(CROSSWALK)
    return path


@pytest.mark.parametrize("zeros", [True, False], ids=["census-format", "zeros-lost"])
def test_extract_rebuilds_geoids_and_takes_july_2017(tmp_path, small_crosswalk, zeros):
    folder = _write_national_files(tmp_path / "census", zeros=zeros)
    extract, sources = make_extract(folder, load_crosswalk(small_crosswalk))
    got = {(r.geoid, r.vintage): r.population for r in extract.itertuples()}
    assert got == {
        ("06", 2019): 39_000_000, ("08", 2019): 5_600_000, ("06037", 2019): 10_000_000,
        ("06085", 2019): 1_900_000, ("08031", 2019): 700_000, ("0644000", 2019): 3_975_788,
        ("0600296", 2019): 33_343,
        ("06", 2017): 39_000_005, ("08", 2017): 5_600_000, ("06037", 2017): 10_000_005,
        ("06085", 2017): 1_900_005, ("08031", 2017): 700_000, ("0644000", 2017): 3_999_759,
    }
    assert extract.loc[extract["geoid"] == "06037", "name"].iloc[0] == "Los Angeles County, California"
    assert list(sources["rows_extracted"]) == [5, 5, 2, 1]
    co_est = (folder / "co-est2019-alldata.csv").read_bytes()
    assert sources.loc[0, "sha256"] == hashlib.sha256(co_est).hexdigest()


def test_acs_extract_keeps_published_values_and_codes(tmp_path, small_crosswalk):
    from analysis.census.extract import make_acs_extract

    folder = _write_national_files(tmp_path / "census", zeros=False)
    acs, sources = make_acs_extract(folder)
    assert list(acs["geoid"]) == ["06", "08"]  # Puerto Rico left out, zeros restored
    assert acs.set_index("geoid").loc["08", ["total_population_moe", "noncitizen_moe"]].tolist() == [
        "-555555555", "-999999999"]
    assert sources.loc[0, "rows_extracted"] == 2


def test_missing_national_file_says_what_to_download(tmp_path, small_crosswalk):
    folder = _write_national_files(tmp_path / "census")
    (folder / "co-est2017-alldata.csv").unlink()
    with pytest.raises(InputError, match="download co-est2017-alldata.csv .https://www2.census.gov/"):
        make_extract(folder, load_crosswalk(small_crosswalk))


def test_geoid_absent_from_a_national_file_stops_the_extract(tmp_path, small_crosswalk):
    folder = _write_national_files(tmp_path / "census")
    small_crosswalk.write_text(CROSSWALK.replace("08031;06085", "08031;06999"))
    with pytest.raises(InputError, match="county GEOID.s. 06999 from the crosswalk are not in this file"):
        make_extract(folder, load_crosswalk(small_crosswalk))


def _contents(folder):
    return {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _sliced_census_dir(tmp_path):
    """The test slices as a census folder, plus a small ACS DP02 file in the API's CSV layout."""
    folder = tmp_path / "census"
    shutil.copytree(SLICES, folder)
    (folder / "acs1-2017-state-DP02_DATA.csv").write_text(
        "GEO_ID,DP02_0086E,DP02_0086M,DP02_0095E,DP02_0095M,NAME,state\n"
        "0400000US06,39536653,-555555555,5255000,45000,California,06\n")
    return folder


def test_failed_extract_leaves_previous_extracts_untouched(tmp_path):
    folder = _sliced_census_dir(tmp_path)
    raw = tmp_path / "raw"
    raw.mkdir()
    write_extract(folder, raw)
    before = _contents(raw)
    assert sorted(p.relative_to(raw).as_posix() for p in before) == sorted(
        [paths.POPULATION_CSV.name, paths.POPULATION_SOURCES_CSV.name,
         paths.ACS_CSV.name, paths.ACS_SOURCES_CSV.name,
         f"census/{extract_name(2019)}", f"census/{extract_name(2017)}", f"census/{SOURCES_NAME}",
         "census/place_points_2018.csv.gz", "census/place_points_2018_sources.csv"])
    subset = folder / "sub-est2019_all_places-subset.csv"
    subset.write_bytes(subset.read_bytes().replace(b",3975788,", b",39757x8,"))
    with pytest.raises(InputError, match="'39757x8' is not a population count"):
        write_extract(folder, raw)
    assert _contents(raw) == before


def test_committed_flagship_extract_is_what_the_code_makes_from_the_slices():
    """All states + every story's GEOIDs are in the slices, so the stories' extract comes out exactly."""
    extract, sources = make_extract(SLICES, all_geographies())
    assert to_csv_bytes(extract) == paths.POPULATION_CSV.read_bytes()
    committed = pd.read_csv(paths.POPULATION_SOURCES_CSV, dtype=str, keep_default_na=False)
    same = ["source_file", "product", "vintage", "geo_levels", "rows_extracted", "download"]
    assert sources[same].astype(str).values.tolist() == committed[same].values.tolist()


@pytest.mark.parametrize("vintage", [2019, 2017])
def test_committed_national_extract_rows_are_what_the_code_makes_from_the_slices(vintage):
    """Every row the slices give is, column for column, the committed extract's row for that GEOID."""
    from_slices, sources = read_vintage(product(vintage), SLICES)
    committed = pd.read_csv(EXTRACT_DIR / extract_name(vintage), dtype=str, keep_default_na=False)
    committed = committed.set_index("geoid")
    expected = committed.loc[from_slices["geoid"]].reset_index()
    assert to_csv_bytes(from_slices) == to_csv_bytes(expected)
    # The slices hold every state: the committed extract has the same states.
    assert (committed["geo_level"] == "state").sum() == (from_slices["geo_level"] == "state").sum() == 51
    recorded = pd.read_csv(EXTRACT_DIR / SOURCES_NAME, dtype=str).query(f"vintage == '{vintage}'")
    assert list(recorded["source_file"]) == list(sources["source_file"])


def test_committed_national_extract_was_made_from_the_files_the_flagship_extract_names():
    national = pd.read_csv(EXTRACT_DIR / SOURCES_NAME, dtype=str)
    flagship = pd.read_csv(paths.POPULATION_SOURCES_CSV, dtype=str)
    key = ["source_file", "vintage", "bytes", "sha256", "download"]
    assert sorted(map(tuple, national[key].values)) == sorted(map(tuple, flagship[key].values))
    rows = national.set_index("source_file")["rows_extracted"].astype(int).to_dict()
    assert rows == {"co-est2019-alldata.csv": 3_193, "sub-est2019_all_places-subset.csv": 19_474,
                    "co-est2017-alldata.csv": 3_193, "PEP_2017_PEPANNRES_CA-places_with_ann.csv": 482}


def test_committed_national_extract_is_deterministic_gzip():
    for vintage in (2019, 2017):
        data = (EXTRACT_DIR / extract_name(vintage)).read_bytes()
        assert data[3] == 0 and data[4:8] == b"\0\0\0\0", "gzip header with a name or a time stamp"
        table = pd.read_csv(io.BytesIO(gzip.decompress(data)), dtype=str, keep_default_na=False)
        assert table["geoid"].is_unique
        assert list(table.columns[6:]) == [f"pop{y}" for y in product(vintage).years]


def test_extract_matches_the_spot_values_in_the_census_provenance_notes():
    population = pd.read_csv(paths.POPULATION_CSV, dtype={"geoid": str})
    value = population.set_index(["geoid", "vintage"])["population"]
    # Spot table in ../shared/data/census/SOURCES.md, copied from the Census files.
    assert value[("17031", 2017)] == 5_211_263 and value[("17031", 2019)] == 5_200_821
    assert value[("24510", 2017)] == 611_648 and value[("24510", 2019)] == 610_481
    assert value[("25", 2017)] == 6_859_819 and value[("25", 2019)] == 6_859_789
    assert value[("4159000", 2019)] == 647_924 and value[("1714000", 2019)] == 2_711_069
    assert value[("0668000", 2017)] == 1_035_317
    assert population.query("geo_level == 'state'").groupby("vintage").size().to_dict() == {2017: 51, 2019: 51}


def test_readme_records_every_source_file_and_checksum():
    readme = (paths.RAW / "README.md").read_text(encoding="utf-8")
    sources = pd.concat([pd.read_csv(paths.POPULATION_SOURCES_CSV, dtype=str),
                         pd.read_csv(paths.ACS_SOURCES_CSV, dtype=str),
                         pd.read_csv(EXTRACT_DIR / SOURCES_NAME, dtype=str)])
    for row in sources.itertuples():
        assert row.source_file in readme and row.sha256 in readme
    for vintage in (2019, 2017):
        assert f"census/{extract_name(vintage)}" in readme
