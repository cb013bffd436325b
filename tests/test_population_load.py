"""load_population / load_geographies: any covered year, from the committed extract, with no national files.

Every test points ``census_dir`` at a folder that does not exist, as on a
machine that never downloaded anything, unless it is testing the national files.
"""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from analysis.census.estimates import GEOGRAPHY_COLUMNS, POPULATION_COLUMNS, load_geographies, load_population
from analysis.census.national_extract import EXTRACT_DIR, extract_name
from analysis.core.errors import InputError
from analysis.pipeline.stamps import recording_reads

from tests.conftest import census_slices

SLICES = census_slices()


@pytest.fixture
def nowhere(tmp_path) -> Path:
    return tmp_path / "no-downloads-here"


def _value(table, geoid):
    row = table[table["geoid"] == geoid]
    assert len(row) == 1, geoid
    return int(row["population"].iloc[0])


def test_population_of_a_year_has_every_geography_and_says_where_it_comes_from(nowhere):
    population = load_population(2018, census_dir=nowhere)
    assert list(population.columns) == POPULATION_COLUMNS
    assert population["geo_level"].value_counts().to_dict() == {"place": 19_474, "county": 3_142, "state": 51}
    assert set(population["vintage"]) == {2019} and set(population["year"]) == {2018}
    assert set(population["estimate_date"]) == {"2018-07-01"}
    assert set(population["product"]) == {"Census Bureau Population Estimates, Vintage 2019"}
    assert set(population["source_file"]) == {"co-est2019-alldata.csv", "sub-est2019_all_places-subset.csv"}
    assert str(population["population"].dtype) == "int64" and population["geoid"].is_unique
    cook = population[population["geoid"] == "17031"].iloc[0]
    assert cook["name"] == "Cook County, Illinois"
    assert population.loc[population["geoid"] == "0820000", "name"].iloc[0] == "Denver city, Colorado"


def test_santa_barbara_county_2018_and_a_rate_computed_by_hand(nowhere):
    population = load_population(2018, census_dir=nowhere)
    santa_barbara = _value(population, "06083")
    assert santa_barbara == 445_780  # co-est2019-alldata.csv, POPESTIMATE2018, STATE 06 COUNTY 083
    assert round(22 / santa_barbara * 100_000, 3) == 4.935


def test_values_read_from_the_national_files(nowhere):
    # Read from co-est2019-alldata.csv (../shared copy, sha256 654032fb...): POPESTIMATE2018 of
    # STATE 06 COUNTY 037, and POPESTIMATE2019 of the Illinois state row (SUMLEV 040, STATE 17).
    assert _value(load_population(2018, census_dir=nowhere), "06037") == 10_073_906
    assert _value(load_population(2019, census_dir=nowhere), "17") == 12_671_821
    assert _value(load_population(2017, census_dir=nowhere), "08031") == 704_961


def test_an_older_vintage_on_request(nowhere):
    v2017 = load_population(2017, vintage=2017, census_dir=nowhere)
    assert _value(v2017, "17031") == 5_211_263  # as published in Vintage 2017
    assert _value(load_population(2017, census_dir=nowhere), "17031") == 5_200_821  # Vintage 2019 revision
    # Vintage 2017 places are at hand for California only (registry: complete=False).
    assert v2017["geo_level"].value_counts().to_dict() == {"county": 3_142, "place": 482, "state": 51}
    assert _value(v2017, "0644000") == 3_999_759


def test_geographies_for_the_resolver_work_with_no_data_external_folder(nowhere):
    geographies = load_geographies(2012, census_dir=nowhere)
    assert list(geographies.columns) == GEOGRAPHY_COLUMNS
    assert len(geographies) == 51 + 3_142 + 19_474
    denver = geographies.set_index("geoid").loc["08031"]
    assert denver["state_name"] == "Colorado" and denver["census2010"] == "600158"
    # The 2010 Census count is kept as published, annotation included (Berlin town, Alabama).
    assert geographies.set_index("geoid").loc["0105812", "census2010"] == "A"
    assert geographies.set_index("geoid").loc["35013", "name"] == "Doña Ana County, New Mexico"


def test_default_data_external_is_not_needed_for_a_committed_year():
    # No census_dir at all: the default data/external/ holds only its README in a fresh checkout.
    assert _value(load_population(2012), "06") == 37_948_800  # California, POPESTIMATE2012


def test_missing_national_files_are_named_with_address_and_command(nowhere):
    with pytest.raises(InputError) as caught:
        load_population(2023, census_dir=nowhere)
    message = str(caught.value)
    assert "Vintage 2024 (July 1, 2023): 2 national file(s) missing" in message
    assert ("co-est2024-alldata.csv (https://www2.census.gov/programs-surveys/popest/datasets/2020-2024/"
            "counties/totals/co-est2024-alldata.csv) for states and counties") in message
    assert ("sub-est2024.csv (https://www2.census.gov/programs-surveys/popest/datasets/2020-2024/cities/"
            "totals/sub-est2024.csv) for places") in message
    assert "run `python -m analysis fetch --population 2023`" in message
    assert "unknown" not in message


def test_one_missing_file_is_the_only_one_named(tmp_path):
    folder = tmp_path / "external"
    folder.mkdir()
    (folder / "co-est2024-alldata.csv").write_text("x\n")
    expected = r"1 national file\(s\) missing here: sub-est2024.csv \(https://\S+\) for places; run"
    with pytest.raises(InputError, match=expected) as caught:
        load_geographies(2021, census_dir=folder)
    assert "co-est2024" not in str(caught.value)


def test_a_year_the_extract_lacks_comes_from_the_national_files(tmp_path):
    """With no committed extract, the same figures come from the national files (here the test slices)."""
    empty_extract = tmp_path / "census"
    empty_extract.mkdir()
    from_files = load_population(2017, census_dir=SLICES, extract_dir=empty_extract)
    assert set(from_files["source_file"]) == {"co-est2019-alldata.csv", "sub-est2019_all_places-subset.csv"}
    committed = load_population(2017, census_dir=tmp_path / "none").set_index("geoid")
    for row in from_files.itertuples():
        assert (row.name, row.population) == tuple(committed.loc[row.geoid, ["name", "population"]]), row.geoid
    assert _value(from_files, "0820000") == 704_961  # Denver city = Denver County


def test_a_table_kept_in_memory_still_counts_as_read_by_every_caller(tmp_path):
    """Each build's stamp lists the downloaded files it used (analysis.pipeline.stamps). The second
    story of a run that needs the same vintage gets the table from memory: it must list them too, or
    a change in those files would leave that story 'up to date' on old figures."""
    empty_extract = tmp_path / "census"
    empty_extract.mkdir()
    seen = []
    for _ in range(2):
        with recording_reads(SLICES) as files:
            load_population(2017, census_dir=SLICES, extract_dir=empty_extract)
        seen.append(sorted(path.name for path in files))
    assert seen[0] == seen[1] == ["co-est2019-alldata.csv", "sub-est2019_all_places-subset.csv"]


def test_a_file_changed_during_a_run_is_read_again(tmp_path):
    """Tables are kept in memory for a run, but not past a change of their file (a `git pull` or a
    new download while `make all` runs): the next story gets the new figures."""
    census, empty_extract = tmp_path / "downloads", tmp_path / "census"
    shutil.copytree(SLICES, census)
    empty_extract.mkdir()
    assert _value(load_population(2017, census_dir=census, extract_dir=empty_extract), "08031") == 704_961
    counties = census / "co-est2019-alldata.csv"
    counties.write_text(counties.read_text(encoding="latin-1").replace(",696159,704961,", ",696159,704962,"),
                        encoding="latin-1")
    assert _value(load_population(2017, census_dir=census, extract_dir=empty_extract), "08031") == 704_962


def test_a_damaged_extract_stops_with_its_line(tmp_path):
    extract = tmp_path / "census"
    shutil.copytree(EXTRACT_DIR, extract)
    path = extract / extract_name(2019)
    text = gzip.decompress(path.read_bytes()).decode()
    damaged = text.replace("\n06037,county,", "\n6037,county,", 1).encode()
    path.write_bytes(gzip.compress(damaged, compresslevel=1))  # the reader takes any level
    with pytest.raises(InputError, match=r"row \d+, field 'geoid': '6037' is not a well-formed county GEOID"):
        load_population(2015, census_dir=tmp_path, extract_dir=extract)
