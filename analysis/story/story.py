"""A story is a folder: ``stories/<slug>/`` holds everything about one enforcement operation.

- ``story.toml``: title, agency and office, dates, the population year, the
  announced total, how graphics cite the counts and credit the work, sources,
  the story's own prose for the notebooks, optional map label hints;
- ``counts.csv``: the per-jurisdiction counts as announced (``analysis.story.counts``);
- ``geographies.csv``: each jurisdiction's primary Census geography and the
  alternatives (``analysis.story.crosswalk``);
- ``claims.csv``: every published figure to check (``analysis.story.claims``);
- ``name_overrides.csv`` (optional): names pinned for ``run``/``new``.

Nothing about a story lives in code: the same pipeline builds every folder.
``story.toml`` is validated with pydantic (a maintained validator), and a bad
value is reported as one line naming the file and the field.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator

from analysis.core import paths
from analysis.core.errors import InputError

AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
NOTE_KEYS = ("counts", "geographies", "rates", "robustness", "fact_check", "method")


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    url: str = Field(pattern=r"^https?://\S+$")


class StoryFile(BaseModel):
    """The fields of ``story.toml``; anything unknown is refused (a typo would be silently ignored)."""

    model_config = ConfigDict(extra="forbid")
    title: str
    agency: str
    office: str = ""
    start: dt.date
    end: dt.date
    announced: dt.date
    population_year: StrictInt | None = Field(default=None, ge=1990, le=2100)
    compare_vintages: list[StrictInt] = []
    announced_total: StrictInt | None = Field(default=None, ge=0)
    counts_source: str = Field(min_length=1)
    credit: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    notes: dict[str, str] = {}
    sources: list[Source] = Field(min_length=1)
    label_hints: dict[str, tuple[float, float]] = {}

    @field_validator("title", "agency", "counts_source", "credit", "summary")
    @classmethod
    def _not_blank(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("must not be blank")
        return text

    @field_validator("notes")
    @classmethod
    def _known_notes(cls, notes: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(notes) - set(NOTE_KEYS))
        if unknown:
            raise ValueError(f"unknown note(s) {', '.join(unknown)}; the notebooks use {', '.join(NOTE_KEYS)}")
        return notes


@dataclass(frozen=True)
class Story:
    """One story folder, read and checked."""

    slug: str
    folder: Path
    meta: StoryFile

    @property
    def counts_csv(self) -> Path:
        return self.folder / "counts.csv"

    @property
    def geographies_csv(self) -> Path:
        return self.folder / "geographies.csv"

    @property
    def claims_csv(self) -> Path:
        return self.folder / "claims.csv"

    @property
    def overrides_csv(self) -> Path:
        return self.folder / "name_overrides.csv"

    @property
    def population_year(self) -> int:
        """The July 1 population year: as set, or the year the operation started."""
        return self.meta.population_year or self.meta.start.year

    @property
    def when(self) -> str:
        """The operation's month in AP style, e.g. 'Sept. 2017'."""
        return f"{AP_MONTHS[self.meta.start.month - 1]} {self.meta.start.year}"

    def note(self, key: str) -> str:
        """The story's own words for one part of the notebooks ('' when it has none)."""
        return " ".join(self.meta.notes.get(key, "").split())


def story_folder(slug: str, root: Path | None = None) -> Path:
    return Path(root or paths.STORIES) / slug


def _check_slug(slug: str, root: Path | None) -> None:
    """A slug names one folder directly in ``stories/``: not a path, and not a name the outputs reserve."""
    if Path(slug).name != slug or slug in ("", ".", ".."):
        known = ", ".join(story_slugs(root)) or "none"
        raise InputError(Path(root or paths.STORIES), f"'{slug}' is not a story's name: give the name of its "
                         f"folder in stories/ (stories: {known})")
    if slug in paths.RESERVED_SLUGS:
        raise InputError(story_folder(slug, root), f"no story can be called '{slug}': reports/{slug}/ holds what "
                         "every story's pages share; rename the folder")


def load_story(slug_or_folder: str | Path, root: Path | None = None) -> Story:
    """Read ``stories/<slug>/story.toml`` for a slug (a string), or ``<folder>/story.toml`` for a Path,
    and check it.

    A slug always means the folder under ``stories/``, never a folder of that name
    in the current directory: the stamps record ``stories/<slug>/``, so a story
    read from anywhere else would be built from files no stamp follows.
    """
    if isinstance(slug_or_folder, Path):
        folder = slug_or_folder
    else:
        _check_slug(slug_or_folder, root)
        folder = story_folder(slug_or_folder, root)
    toml_path = folder / "story.toml"
    if not toml_path.is_file():
        known = ", ".join(story_slugs(root)) or "none"
        raise InputError(toml_path, f"no such story (stories: {known}); "
                         "`python -m analysis new SLUG --counts FILE` starts one")
    try:
        raw = tomllib.loads(toml_path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(toml_path, f"not valid TOML ({error})") from None
    try:
        meta = StoryFile.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise InputError(toml_path, first["msg"], field=field) from None
    if meta.end < meta.start:
        raise InputError(toml_path, f"the operation ends ({meta.end}) before it starts ({meta.start})", field="end")
    return Story(folder.name, folder, meta)


def story_slugs(root: Path | None = None) -> list[str]:
    """Every story folder under ``stories/``, in name order."""
    root = Path(root or paths.STORIES)
    return sorted(p.name for p in root.iterdir() if (p / "story.toml").is_file()) if root.is_dir() else []
