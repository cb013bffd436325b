"""Stamps: what each stage's outputs were made from, so ``make all`` redoes only what changed.

A story is made in two stages, and the project has one more:

- ``build``: the story's tables (``data/processed/<slug>/``) and figures
  (``reports/<slug>/figures/``), from the story folder, the committed Census
  data in ``data/raw/``, any downloaded national file the build read from
  ``data/external/``, the code in ``analysis/`` and the pinned environment;
- ``notebooks``: its executed notebooks (``notebooks/<slug>/``) and their HTML
  (``reports/<slug>/*.html``, ``reports/<slug>/notebooks/``, and the style sheet
  they all share, ``reports/assets/notebook.css``), from all of the
  above, the notebook templates and the build's outputs;
- ``index``: ``reports/index.html``, from every story's ``story.toml`` and
  executed notebooks, the code and the templates.

After a stage runs, a small JSON stamp beside its outputs records the SHA-256
of each input and of each output. The stage is up to date while every input
and every output still has the recorded digest: a changed input, a missing
output or an output changed by hand makes it run again. Stamps hold relative
paths in sorted order and no times, names or machine paths, so they are the
same on every machine; they are committed, and a fresh clone's ``make all``
finds everything up to date and changes no byte. Only contents count, never
modification times (git does not keep those).

The code counts as one input (every ``.py`` file in ``analysis/``, plus the
templates for the notebook stages): any change to it remakes every story,
because any module may change any output. It is hashed once per process, as
a command starts and before it imports the modules that do the work, since
modules once imported do not change; kernels started later import code at
least as new, so an edit during a run makes the next run redo it. The environment is the Python version (major.minor) and
``constraints.txt``, the pins ``make`` installs.

Every input is hashed before the work reads it, so a file edited while a run
goes on makes the next run redo the work rather than record the edit as made.
Only what a stamp recorded is ever deleted as no longer made.
"""
from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from analysis.core.digest import sha256_of as sha256_file
from analysis.core import data_use, paths
from analysis.core.atomic import lock_path

# Raised when the stamp format changes, so stamps written by older code count as stale.
FORMAT = 1
BUILD, NOTEBOOKS, INDEX = "build", "notebooks", "index"
STAMP_NAMES = {BUILD: ".stamp-build.json", NOTEBOOKS: ".stamp-notebooks.json", INDEX: ".stamp-index.json"}
CODE = "analysis/**/*.py"
TEMPLATES = "analysis/reports/templates/*.nbtemplate"
PYTHON = "python"
CONSTRAINTS = "constraints.txt"


def relative(path: Path) -> str:
    """The path as stamps record it: relative to the project, with forward slashes.

    Symbolic links are not followed: ``data/external`` may well be a link to a
    larger disk, and its files are still recorded as ``data/external/...``.
    """
    return Path(os.path.abspath(path)).relative_to(paths.PROJECT_ROOT).as_posix()


def files_in(folder: Path, pattern: str = "*") -> list[Path]:
    """Visible files matching ``pattern`` below ``folder`` (none if it is missing); hidden files
    (stamps, locks, editor droppings) and caches are neither inputs nor outputs."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(pattern) if p.is_file()
                  and not any(part.startswith(".") or part == "__pycache__"
                              for part in p.relative_to(folder).parts))


def digests(files: list[Path]) -> dict[str, str]:
    return {relative(p): sha256_file(p) for p in files}


def _combined(found: dict[str, str]) -> str:
    """One digest for a set of files' digests: their relative names and contents, in sorted order."""
    digest = hashlib.sha256()
    for name, value in sorted(found.items()):
        digest.update(f"{name}\0{value}\n".encode())
    return digest.hexdigest()


@functools.cache
def code_as_loaded(project_root: Path) -> dict[str, str]:
    """Digests of the package's code, taken once per process (the commands take them before they
    import the pipeline): modules already imported stay as they were, so an edit made while a run
    goes on must not be recorded as the code its outputs were made with."""
    return digests(files_in(project_root / "analysis", "**/*.py"))


def code_digest(with_templates: bool) -> str:
    from analysis.reports.template_files import template_paths

    found = code_as_loaded(paths.PROJECT_ROOT)
    return _combined({**found, **digests(template_paths())} if with_templates else found)


def environment() -> dict[str, str]:
    """The pinned environment: Python's major.minor and the pins ``make`` installs."""
    constraints = paths.PROJECT_ROOT / CONSTRAINTS
    return {PYTHON: f"{sys.version_info.major}.{sys.version_info.minor}",
            CONSTRAINTS: sha256_file(constraints) if constraints.is_file() else "missing"}


# --- reads from data/external/ ------------------------------------------------------------------
# The committed data in data/raw/ is an input of every story as a whole (it is small). Downloaded
# national files in data/external/ are large and used only by stories whose year the committed
# extract does not cover, so they count for a story only when its build actually opened them, or
# used a table read from them earlier in the process (``analysis.core.data_use``).

_recording: list[tuple[Path, Path, dict[Path, str | None]]] = []
_recording_lock = threading.Lock()
_hook_installed = False


def _on_audit(event: str, args: tuple) -> None:
    if event not in ("open", data_use.EVENT) or not _recording or not isinstance(
            args[0], (str, bytes, os.PathLike)):
        return
    named = Path(os.path.abspath(os.fsdecode(args[0])))
    path = Path(os.path.realpath(named))
    first_seen = []
    with _recording_lock:
        for real, given, seen in _recording:
            if named.is_relative_to(given) and path.is_file():  # also a link to a file kept elsewhere
                name = named
            elif path.is_relative_to(real) and path.is_file():  # through a link to the folder
                name = given / path.relative_to(real)
            else:
                continue
            if name not in seen:
                seen[name] = None  # hashing opens the file again: that opening is not a new one
                first_seen.append((seen, name))
    for seen, name in first_seen:
        try:
            seen[name] = sha256_file(name)  # as it is when first read, not as it may be once the work ends
        except OSError:  # never fail the opening itself; a stamp with this digest is stale next time
            seen[name] = "unreadable when first opened"


@contextmanager
def recording_reads(folder: Path) -> Iterator[dict[Path, str]]:
    """Collect every file below ``folder`` that Python code in this process opens meanwhile, with its
    digest when it was first opened (named below ``folder`` as given, even through symbolic links)."""
    global _hook_installed
    entry = (Path(folder).resolve(), Path(os.path.abspath(folder)), {})
    with _recording_lock:
        if not _hook_installed:
            sys.addaudithook(_on_audit)  # audit hooks cannot be removed; this one is idle when not recording
            _hook_installed = True
        _recording.append(entry)
    try:
        yield entry[2]
    finally:
        with _recording_lock:
            _recording.remove(entry)


def _named_after_templates(files: list[Path]) -> list[Path]:
    from analysis.reports.template_files import notebook_stem, template_paths

    stems = {notebook_stem(template) for template in template_paths()}
    return [path for path in files if path.stem in stems]


# --- stages --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stage:
    """One stage of one story (or the index): where its stamp lives and what it reads and writes."""

    kind: str
    slug: str | None = None

    @property
    def stamp(self) -> Path:
        if self.kind == BUILD:
            return paths.processed_dir(self.slug) / STAMP_NAMES[BUILD]
        if self.kind == NOTEBOOKS:
            return paths.story_notebooks_dir(self.slug) / STAMP_NAMES[NOTEBOOKS]
        return paths.REPORTS / STAMP_NAMES[INDEX]

    def places(self) -> list[tuple[Path, str]]:
        """Where the stage's own outputs are: (folder, pattern of the names of its files)."""
        if self.kind == BUILD:
            return [(paths.processed_dir(self.slug), "*"), (paths.figures_dir(self.slug), "*")]
        if self.kind == NOTEBOOKS:
            reports = paths.story_reports_dir(self.slug)
            return [(paths.story_notebooks_dir(self.slug), "*.ipynb"), (reports, "*.html"),
                    (reports / "notebooks", "*.html")]
        return [(paths.REPORTS_INDEX.parent, paths.REPORTS_INDEX.name)]

    def outputs(self) -> list[Path]:
        """The stage's output files as they are on disk now: for the notebooks, only those named
        after a template, so a notebook or page someone put beside them is neither recorded nor
        ever deleted as the stage's own."""
        found = [path for folder, pattern in self.places() for path in files_in(folder, pattern)]
        if self.kind != NOTEBOOKS:
            return found
        found = _named_after_templates(found)
        css = paths.notebook_css()
        return found + [css] if css.is_file() else found  # every story's pages link to it; each run rewrites it

    def inputs(self, external: list[Path] = ()) -> dict[str, str]:
        """Digest of every input, by relative path (the code as one entry, the environment as two).

        ``external``: files of ``data/external/`` the build read (recorded in its stamp).
        """
        found = {CODE if self.kind == BUILD else f"{CODE} + {TEMPLATES}":
                 code_digest(with_templates=self.kind != BUILD)}
        found.update(environment())
        if self.kind == INDEX:
            from analysis.story.story import story_slugs

            for slug in story_slugs():
                found.update(digests([paths.STORIES / slug / "story.toml"]))
                found.update(digests(_named_after_templates(files_in(paths.story_notebooks_dir(slug), "*.ipynb"))))
            return found
        found.update(digests(files_in(paths.STORIES / self.slug, "**/*")))
        # The data files, not their documentation: editing data/raw/README.md remakes nothing.
        found.update(digests([p for p in files_in(paths.RAW, "**/*") if p.suffix != ".md"]))
        found.update(digests([p for p in external if p.is_file()]))
        if self.kind == NOTEBOOKS:
            found.update(digests(Stage(BUILD, self.slug).outputs()))
        return found

    def external_reads(self) -> list[Path]:
        """The files of ``data/external/`` this story's last build read (as its build stamp says)."""
        recorded = read_stamp(Stage(BUILD, self.slug)) if self.slug else None
        if not recorded:
            return []
        external = Path(os.path.abspath(paths.EXTERNAL))
        named = [Path(os.path.normpath(paths.PROJECT_ROOT / name)) for name in recorded["inputs"]]
        return [path for path in named if path.is_relative_to(external) and path != external]  # no ../


def made_before(stage: Stage) -> list[Path]:
    """The outputs the stage's last run recorded (none without a stamp): only files this code made
    may be deleted as no longer made, never a file someone put beside them. A stamp is a file like
    any other, so a name it holds counts only in one of the stage's own places (no README.md, no
    ``../``, no absolute path)."""
    recorded = read_stamp(stage)
    if not recorded:
        return []
    made = []
    for name in recorded["outputs"]:
        path = Path(os.path.normpath(paths.PROJECT_ROOT / name))
        if not path.name.startswith(".") and any(path.parent == folder and fnmatch.fnmatchcase(path.name, pattern)
                                                 for folder, pattern in stage.places()):
            made.append(path)
    return made


def removed_stories() -> list[str]:
    """Slugs whose stamped outputs are still here though ``stories/<slug>/`` is gone (a story
    deleted or renamed): their tables, notebooks and pages would stay published, made from nothing.
    A story folder that is there but broken (no story.toml, say) is not gone: its outputs stay."""
    made = {stamp.parent.name for stamp in paths.PROCESSED.glob(f"*/{STAMP_NAMES[BUILD]}")}
    made |= {stamp.parent.name for stamp in paths.NOTEBOOKS.glob(f"*/{STAMP_NAMES[NOTEBOOKS]}")}
    return sorted(slug for slug in made if not os.path.lexists(paths.STORIES / slug))  # a dangling link is there


def made_for(slug: str) -> list[Path]:
    """Every file in a story's own output folders that its stamps record as made, with the build's
    lock files, the stamps last (the shared style sheet, an output of every story, is not the
    story's own)."""
    stages = [Stage(BUILD, slug), Stage(NOTEBOOKS, slug)]
    made = [path for stage in stages for path in made_before(stage)
            if any(path.is_relative_to(folder) for folder in paths.story_output_dirs(slug))]
    locks = [lock_path(folder) for folder, _ in Stage(BUILD, slug).places()]  # the build's, hidden
    return made + locks + [stage.stamp for stage in stages]


def read_stamp(stage: Stage) -> dict | None:
    """The stage's stamp, or None when it is missing, damaged or written by other code."""
    try:
        stamp = json.loads(stage.stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("format") != FORMAT:
        return None
    return stamp if all(isinstance(stamp.get(part), dict) for part in ("inputs", "outputs")) else None


def stamp_bytes(stage: Stage, inputs: dict[str, str]) -> bytes:
    """The stamp for a stage that just ran on ``inputs``; its outputs are read from disk now."""
    stamp = {"format": FORMAT, "stage": stage.kind, "story": stage.slug, "inputs": dict(sorted(inputs.items())),
             "outputs": dict(sorted(digests(stage.outputs()).items()))}
    return (json.dumps(stamp, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_stamp(stage: Stage, inputs: dict[str, str]) -> None:
    from analysis.core.atomic import write_files_atomically

    write_files_atomically({stage.stamp: stamp_bytes(stage, inputs)})


@contextmanager
def stamping(stage: Stage, inputs: dict[str, str] | None = None) -> Iterator[None]:
    """Run a stage's work inside this block; its stamp is written only if the block finishes.

    The inputs are hashed before the work reads them (here, or by the caller,
    who passes ``inputs``), so an input edited while the stage runs makes the
    next run redo it; for a build, the files it opens in ``data/external/`` are
    added as inputs.
    """
    if inputs is None:
        inputs = stage.inputs() if stage.kind == BUILD else stage.inputs(stage.external_reads())
    if stage.kind == BUILD:
        with recording_reads(paths.EXTERNAL) as external:
            yield
        inputs = {**inputs, **{relative(path): digest for path, digest in sorted(external.items())}}
    else:
        yield
    write_stamp(stage, inputs)


def as_first_read(later: dict[str, str], earlier: dict[str, str], stage: Stage) -> dict[str, str]:
    """A notebooks stage's inputs hashed in two steps: its story, code and data as they were before
    its kernels started reading them (``earlier``), the build's outputs as they are now (``later``)."""
    built = {relative(path) for path in Stage(BUILD, stage.slug).outputs()}
    return {name: earlier.get(name, digest) if name not in built else digest for name, digest in later.items()}


def _changes(recorded: dict[str, str], current: dict[str, str]) -> list[str]:
    return sorted(name for name in set(recorded) | set(current) if recorded.get(name) != current.get(name))


def why_stale(stage: Stage, inputs: dict[str, str] | None = None) -> str | None:
    """Why the stage must run again, in words (None when it is up to date)."""
    recorded = read_stamp(stage)
    if recorded is None:
        if not stage.stamp.exists():
            return "no stamp from an earlier run"
        return "its stamp is damaged or from other code"
    inputs = stage.inputs(stage.external_reads()) if inputs is None else inputs
    changed = _changes(recorded["inputs"], inputs)
    if changed:
        return _describe(changed, "changed")
    outputs = digests(stage.outputs())
    missing = sorted(set(recorded["outputs"]) - set(outputs))
    if missing:
        return _describe(missing, "missing")
    if stage.kind == BUILD:  # its folders are its alone: a file added there is a change (the build replaces them)
        edited = _changes(recorded["outputs"], outputs)
    else:  # a notebook or page someone put beside the outputs is not one of them
        edited = sorted(name for name, digest in recorded["outputs"].items() if outputs[name] != digest)
    if edited:
        return _describe(edited, "changed since it was made")
    return None


def _describe(names: list[str], what: str) -> str:
    """A short reason: the changed files, with the code, the environment and another stage's
    outputs each named as one thing."""
    shown = list(dict.fromkeys(_name_for_people(name) for name in names))
    listed = ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
    return f"{listed} {what}"


def _name_for_people(name: str) -> str:
    if name.startswith(CODE):
        return "the code in analysis/"
    if name in (PYTHON, CONSTRAINTS):
        return f"the environment ({name})"
    parts = name.split("/")
    if parts[:2] == ["data", "processed"] or parts[0] == "reports" and parts[2:3] == ["figures"]:
        return f"the tables and figures of {parts[2 if parts[0] == 'data' else 1]}"
    if parts[:2] == ["reports", "assets"]:
        return name  # shared by every story
    if parts[0] in ("notebooks", "reports") and len(parts) > 2:
        return f"the notebooks of {parts[1]}"
    return name
