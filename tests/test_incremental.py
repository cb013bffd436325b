"""`make all` redoes only what changed: stamps, stale stages, --force and FORCE=1.

Most tests work on a copy of the project (code, stories, data, outputs and stamps) with
``analysis.core.paths`` pointed at it, and call the command line in this process; only the
Makefile test runs a command (``make -n``, which runs nothing). The project is copied and
stamped once per module; each test gets its own copy of that stamped copy.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis import cli
from analysis.core import paths
from analysis.pipeline import stamps
from analysis.story.story import story_slugs
from tests.conftest import replace_in

SLUGS = story_slugs()
STAGES = [stamps.Stage(kind, slug) for slug in SLUGS for kind in (stamps.BUILD, stamps.NOTEBOOKS)]
STAGES.append(stamps.Stage(stamps.INDEX))


class FakeStoryRun:
    """Stands for analysis.reports.notebooks_run.StoryRun (executing notebooks is what `make bench`
    times): records what `all` asks of each story's notebooks, and in which order."""

    log: list[tuple[str, str]] = []

    def __init__(self, slug, gated=False, **_):
        self.slug, self.gated, self.opened = slug, gated, False
        self.log.append(("start", slug))

    def open(self):
        self.opened = True
        self.log.append(("open", self.slug))

    def give_up(self):
        self.log.append(("give up", self.slug))

    def wait(self):
        self.log.append(("wait", self.slug))

    def finish(self, made_before=()):
        assert self.opened or not self.gated, "notebooks finished before the build they read"
        self.log.append(("finish", self.slug))
        return []


@pytest.fixture
def story_runs(monkeypatch) -> list[tuple[str, str]]:
    FakeStoryRun.log = []
    monkeypatch.setattr("analysis.reports.notebooks_run.StoryRun", FakeStoryRun)
    return FakeStoryRun.log


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".lock")}


PARTS = ("analysis", "stories", "data/raw", "data/processed", "notebooks", "reports")
IGNORED = shutil.ignore_patterns("__pycache__", "*.lock")


def _point_paths_at(root: Path, monkeypatch) -> None:
    """Every path of ``analysis.core.paths`` moved into ``root``."""
    moved = {"PROJECT_ROOT": root, "DATA": root / "data", "RAW": root / "data" / "raw",
             "PROCESSED": root / "data" / "processed", "EXTERNAL": root / "data" / "external",
             "REPORTS": root / "reports", "REPORTS_INDEX": root / "reports" / "index.html",
             "STORIES": root / "stories", "NOTEBOOKS": root / "notebooks",
             "NOTEBOOK_TEMPLATES": root / "analysis" / "reports" / "templates"}
    for name, value in moved.items():
        assert hasattr(paths, name)
        monkeypatch.setattr(paths, name, value)


def _stamp_as_is() -> None:
    """Stamp every stage as made from what is there now, so a test starts from an up-to-date project
    whether or not the stamps committed with this revision are current
    (``test_committed_stamps_are_current`` checks those)."""
    for stage in STAGES:
        stamps.write_stamp(stage, stage.inputs(stage.external_reads()))


@pytest.fixture(scope="module")
def stamped(tmp_path_factory) -> Path:
    """A copy of the project with every stage stamped as made from what is there: up to date.

    Made once for the module and never changed: tests that change things get a copy (``project``).
    Stamps hold relative paths only (``test_a_copy_elsewhere_stamps_to_the_same_bytes``), so a copy
    of this copy is up to date too.
    """
    root = tmp_path_factory.mktemp("stamped").resolve() / "project"
    for name in PARTS:
        shutil.copytree(paths.PROJECT_ROOT / name, root / name, ignore=IGNORED, copy_function=shutil.copyfile)
    shutil.copyfile(paths.PROJECT_ROOT / stamps.CONSTRAINTS, root / stamps.CONSTRAINTS)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _point_paths_at(root, monkeypatch)
        _stamp_as_is()
    return root


@pytest.fixture
def project(stamped: Path, tmp_path: Path, monkeypatch) -> Path:
    """A private, up-to-date copy of the project with every path of ``analysis.core.paths`` pointed at it."""
    root = tmp_path.resolve() / "project"
    # Contents only: stamps never look at modification times, so copying them would be wasted work.
    shutil.copytree(stamped, root, ignore=IGNORED, copy_function=shutil.copyfile)
    _point_paths_at(root, monkeypatch)
    return root


def _lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_committed_stamps_are_current():
    """A fresh clone's `make all` does no work and changes no byte: every committed stamp matches
    the committed inputs and outputs."""
    for stage in STAGES:
        assert stage.stamp.is_file(), f"{paths.display(stage.stamp)} is missing: run `make all` and commit it"
        reason = stamps.why_stale(stage)
        assert reason is None, (f"{paths.display(stage.stamp)} is stale ({reason}): run `make all` and commit "
                                "the outputs and stamps")


def test_stamps_hold_no_machine_paths_and_no_times():
    for stage in STAGES:
        text = stage.stamp.read_text(encoding="utf-8")
        stamp = json.loads(text)
        assert not re.search(r"/(root|home|tmp|work|Users)/|\\\\", text)
        assert not re.search(r"\d{4}-\d{2}-\d{2}T|\d{2}:\d{2}:\d{2}", text)  # no timestamps
        assert set(stamp) == {"format", "stage", "story", "inputs", "outputs"}
        for part in ("inputs", "outputs"):
            assert list(stamp[part]) == sorted(stamp[part])
        assert all(not Path(name).is_absolute() for name in [*stamp["inputs"], *stamp["outputs"]])
        assert stamp["inputs"]["python"] == "{}.{}".format(*__import__("sys").version_info[:2])


def test_a_copy_elsewhere_stamps_to_the_same_bytes(stamped, monkeypatch):
    """Stamps depend on contents only: the stamps written in a copy of the project in another folder
    are the bytes the project itself stamps to."""
    assert paths.PROJECT_ROOT != stamped  # the project itself, only read here
    here = {stage: stamps.stamp_bytes(stage, stage.inputs(stage.external_reads())) for stage in STAGES}
    _point_paths_at(stamped, monkeypatch)
    elsewhere = {stage: stage.stamp.read_bytes() for stage in STAGES}
    assert elsewhere == here


def test_nothing_changed_means_no_work(project, capsys):
    before = _digests(project)
    assert cli.main(["all"]) == 0
    assert _lines(capsys) == [f"{slug}: up to date" for slug in SLUGS]
    assert _digests(project) == before


def test_one_changed_count_remakes_that_story_only(project, capsys, monkeypatch, story_runs):
    """The changed story is built (its tables: the build's own ``draw=False`` leaves the figures out
    to save time, they have tests of their own) and its notebooks run (stubbed: executing them is
    what `make bench` times); the other stories and their files are left alone."""
    from analysis.pipeline import build

    real_build = build.build_story

    def build_tables(story, *args, **kwargs):
        return real_build(story, *args, **{**kwargs, "draw": False})

    monkeypatch.setattr(build, "build_story", build_tables)
    before = _digests(project)
    replace_in(project / "stories" / "la-aor-2018" / "counts.csv", "Ventura County,8,", "Ventura County,9,")
    assert cli.main(["all"]) == 0
    out = _lines(capsys)
    assert story_runs == [("start", "la-aor-2018"), ("open", "la-aor-2018"), ("finish", "la-aor-2018")]
    assert "chicago-aor-2019: up to date" in out and "safe-city-2017: up to date" in out
    assert any(line.startswith("la-aor-2018: wrote ") and line.endswith("(stories/la-aor-2018/counts.csv changed)")
               for line in out), out
    assert any(line.startswith("la-aor-2018: executed the notebooks") and "the tables and figures of la-aor-2018"
               in line for line in out), out
    changed = {name for name, digest in _digests(project).items() if before.get(name) != digest}
    assert changed, "nothing was rebuilt"
    assert all(re.match(r"(stories|data/processed|reports|notebooks)/la-aor-2018/|reports/\.stamp-index", name)
               for name in changed), sorted(changed)
    assert "data/processed/la-aor-2018/rates.csv" in changed
    assert cli.main(["all"]) == 0  # and now everything is up to date
    assert _lines(capsys) == [f"{slug}: up to date" for slug in SLUGS]


def test_force_remakes_every_stage(project, capsys, monkeypatch, story_runs):
    """--force runs every stage of every story (stubbed here: that a real build gives the committed
    bytes is tests/test_build.py's check, and `make bench` forces the whole project and compares)."""
    before = _digests(project)
    built = []

    def build_story(story, *args, **kwargs):
        built.append(story.slug)
        story_runs.append(("build", story.slug))
        return []

    monkeypatch.setattr("analysis.pipeline.build.build_story", build_story)
    assert cli.main(["all", "--force"]) == 0
    out = _lines(capsys)
    assert built == SLUGS
    # Each story's kernels start before its build, its cells wait for it, and the next story builds
    # while they run; the notebooks are written last, in story order.
    assert story_runs == [step for slug in SLUGS for step in (("start", slug), ("build", slug), ("open", slug))] + [
        ("finish", slug) for slug in SLUGS]
    assert len(out) == 2 * len(SLUGS) + 1 and all(line.endswith("(--force)") for line in out), out
    assert _digests(project) == before  # the index rendered again, every stamp rewritten: the same bytes



def test_a_failed_build_gives_up_every_story_s_notebooks_and_writes_none(project, capsys, monkeypatch, story_runs):
    """The second story's build fails: the first story's notebooks, already running, are stopped
    (the first build's tables stay, with their stamp), and nothing else is written. Every story is
    told to give up before any is waited for."""
    from analysis.core.errors import InputError
    from analysis.pipeline import build

    def build_story(story, *args, **kwargs):
        story_runs.append(("build", story.slug))
        if story.slug == SLUGS[1]:
            raise InputError(story.counts_csv, "a broken count", row=2, field="arrests")
        return []

    monkeypatch.setattr(build, "build_story", build_story)
    before = _digests(project)
    assert cli.main(["all", "--force"]) == 2
    first, second = SLUGS[:2]
    assert story_runs == [("start", first), ("build", first), ("open", first), ("start", second),
                          ("build", second), ("give up", first), ("give up", second), ("wait", first),
                          ("wait", second)]
    assert "a broken count" in capsys.readouterr().err
    changed = {name for name, digest in _digests(project).items() if before.get(name) != digest}
    assert changed <= {f"data/processed/{first}/.stamp-build.json"}, sorted(changed)

def test_a_story_edited_during_a_run_is_remade_by_the_next(project, capsys, monkeypatch, story_runs):
    """Stamps record inputs as they were before anything read them. Here story.toml is edited twice
    while `all` runs: after `all` first read every story (the build must read the edited file, as
    its stamp says), and again once the story's kernels have started reading it (its notebooks
    then used the older file, so their stage must be stale afterwards, not 'up to date')."""
    from analysis.story import story as story_module

    slug, toml = SLUGS[0], project / "stories" / SLUGS[0] / "story.toml"
    title = story_module.load_story(slug).meta.title
    real_stories, built_titles = cli._stories, []

    def stories_then_edit(args):
        loaded = real_stories(args)
        replace_in(toml, title, "Edited once")
        return loaded

    def edit_again_when_kernels_start(slug_, gated=False, **kwargs):
        if slug_ == slug:
            replace_in(toml, "Edited once", "Edited twice")
        return FakeStoryRun(slug_, gated, **kwargs)

    def build_story(story, *args, **kwargs):
        built_titles.append(story.meta.title)
        return []

    monkeypatch.setattr(cli, "_stories", stories_then_edit)
    monkeypatch.setattr("analysis.pipeline.build.build_story", build_story)
    monkeypatch.setattr("analysis.reports.notebooks_run.StoryRun", edit_again_when_kernels_start)
    assert cli.main(["all", "--force", slug]) == 0
    capsys.readouterr()
    assert built_titles == ["Edited twice"]  # the build hashed, then read, after both edits
    assert stamps.why_stale(stamps.Stage(stamps.BUILD, slug)) is None
    assert stamps.why_stale(stamps.Stage(stamps.NOTEBOOKS, slug)) == f"stories/{slug}/story.toml changed"


def test_an_output_changed_by_hand_or_missing_is_remade(project):
    slug = "la-aor-2018"
    build, notebooks = stamps.Stage(stamps.BUILD, slug), stamps.Stage(stamps.NOTEBOOKS, slug)
    figure = project / "reports" / slug / "figures" / "rates_ranked.png"
    drawn = figure.read_bytes()
    figure.write_bytes(drawn + b"\0")
    assert stamps.why_stale(build) == "the tables and figures of la-aor-2018 changed since it was made"
    assert stamps.why_stale(notebooks) == "the tables and figures of la-aor-2018 changed"  # they are its inputs
    figure.write_bytes(drawn)
    assert stamps.why_stale(build) is None and stamps.why_stale(notebooks) is None
    stray = project / "data" / "processed" / slug / "stray.csv"  # the build's folders are its alone
    stray.write_text("x\n")
    assert stamps.why_stale(build) == "the tables and figures of la-aor-2018 changed since it was made"
    stray.unlink()
    page = project / "reports" / slug / "04-robustness.html"
    page.unlink()
    assert stamps.why_stale(notebooks) == "the notebooks of la-aor-2018 missing"
    build.stamp.unlink()
    assert stamps.why_stale(build) == "no stamp from an earlier run"
    for damaged in ('{"format": 0}', '{"format": 1}', '{"format": 1, "inputs": [], "outputs": {}}', "", "[]"):
        notebooks.stamp.write_text(damaged)
        assert stamps.why_stale(notebooks) == "its stamp is damaged or from other code", damaged
    assert stamps.why_stale(stamps.Stage(stamps.BUILD, "chicago-aor-2019")) is None


def test_the_style_sheet_every_reviewers_page_links_to_is_an_output_of_every_story(project):
    """Each story's run rewrites reports/assets/notebook.css; deleted or edited, it is remade."""
    css = project / "reports" / "assets" / "notebook.css"
    css.unlink()
    assert {stamps.why_stale(stamps.Stage(stamps.NOTEBOOKS, slug)) for slug in SLUGS} == {
        "reports/assets/notebook.css missing"}
    css.write_text("body {}\n")
    assert {stamps.why_stale(stamps.Stage(stamps.NOTEBOOKS, slug)) for slug in SLUGS} == {
        "reports/assets/notebook.css changed since it was made"}


def test_code_edited_while_a_run_goes_on_is_not_recorded_as_what_made_its_outputs(project, capsys, monkeypatch):
    """The modules a run imported stay as they were: a story built after an edit made during the
    run must be remade by the next run, not stamped as made by the edited code."""
    code = project / "analysis" / "core" / "paths.py"
    built = []

    def build_story(story, *args, **kwargs):
        if not built:
            with open(code, "a", encoding="utf-8") as handle:
                handle.write("\n# edited while the first story was being built\n")
        built.append(story.slug)
        return []

    monkeypatch.setattr("analysis.pipeline.build.build_story", build_story)
    assert cli.main(["build", "--force"]) == 0
    capsys.readouterr()
    assert built == SLUGS
    stamps.code_as_loaded.cache_clear()  # the next run, a new process
    assert {stamps.why_stale(stamps.Stage(stamps.BUILD, slug)) for slug in SLUGS} == {"the code in analysis/ changed"}


def test_code_and_environment_changes_remake_every_stage(project):
    """Each change is undone before the next: stamps compare contents, so the stages it made stale are
    up to date again (the builds, in the template's case, would otherwise be stale from the code)."""
    code = project / "analysis" / "core" / "paths.py"
    template = project / "analysis" / "reports" / "templates" / "01-counts-and-sources.nbtemplate"
    as_committed = {path: path.read_bytes() for path in (code, template)}
    with open(code, "a", encoding="utf-8") as handle:
        handle.write("\n")
    stamps.code_as_loaded.cache_clear()  # as a new process would: this one hashed the code once
    assert {stamps.why_stale(stage) for stage in STAGES} == {"the code in analysis/ changed"}
    code.write_bytes(as_committed[code])
    stamps.code_as_loaded.cache_clear()
    replace_in(template, "view", "view ")
    assert [stage.kind for stage in STAGES if stamps.why_stale(stage)] == [stamps.NOTEBOOKS] * len(SLUGS) + [
        stamps.INDEX]
    template.write_bytes(as_committed[template])
    with open(project / stamps.CONSTRAINTS, "a", encoding="utf-8") as handle:
        handle.write("tomli==2.0.1\n")
    assert {stamps.why_stale(stage) for stage in STAGES} == {"the environment (constraints.txt) changed"}


@pytest.mark.parametrize("linked", [False, "folder", "file"], ids=["folder", "folder-linked", "file-linked"])
def test_files_a_build_reads_from_data_external_are_its_inputs(project, monkeypatch, capsys, tmp_path, linked):
    """A story whose year the committed extract lacks reads national files from data/external/:
    those files (and only those) become inputs of its stages, also when data/external is a
    symbolic link to a folder outside the project (large downloads often live elsewhere)."""
    external = project / "data" / "external"
    (tmp_path / "elsewhere").mkdir()
    if linked == "folder":
        external.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    else:
        external.mkdir(parents=True)
    (external / "unused.csv").write_text("never read\n")
    national = external / "national.csv"
    if linked == "file":
        national.symlink_to(tmp_path / "elsewhere" / "national.csv")
    national.write_text("geoid,population\n08031,704961\n")

    def build_story(story, *args, **kwargs):
        with open(national, encoding="utf-8") as handle:
            handle.read()
        return []

    monkeypatch.setattr("analysis.pipeline.build.build_story", build_story)
    assert cli.main(["build", "--force", "chicago-aor-2019"]) == 0
    capsys.readouterr()
    stage = stamps.Stage(stamps.BUILD, "chicago-aor-2019")
    recorded = json.loads(stage.stamp.read_text(encoding="utf-8"))["inputs"]
    assert [name for name in recorded if name.startswith("data/external/")] == ["data/external/national.csv"]
    assert stamps.why_stale(stage) is None
    national.write_text("geoid,population\n08031,704962\n")
    assert stamps.why_stale(stage) == "data/external/national.csv changed"
    assert "data/external/national.csv" in stamps.Stage(stamps.NOTEBOOKS, "chicago-aor-2019").inputs(
        stage.external_reads())


def test_a_downloaded_file_changed_after_the_build_read_it_is_read_again_next_time(project, monkeypatch, capsys):
    """The build stamp keeps each data/external/ file's digest as it was when the build opened it,
    not as it is when the build ends."""
    (project / "data" / "external").mkdir(parents=True)
    national = project / "data" / "external" / "national.csv"
    national.write_text("geoid,population\n08031,704961\n")

    def build_story(story, *args, **kwargs):
        national.read_text(encoding="utf-8")
        national.write_text("geoid,population\n08031,704962\n")  # a download finishing meanwhile
        return []

    monkeypatch.setattr("analysis.pipeline.build.build_story", build_story)
    assert cli.main(["build", "--force", "chicago-aor-2019"]) == 0
    capsys.readouterr()
    assert stamps.why_stale(stamps.Stage(stamps.BUILD, "chicago-aor-2019")) == "data/external/national.csv changed"


def test_notebooks_alone_warn_when_the_tables_are_stale(project, monkeypatch, capsys):
    executed = []
    monkeypatch.setattr("analysis.reports.notebooks_run.run_story", lambda slug, **_: executed.append(slug) or [])
    replace_in(project / "stories" / "la-aor-2018" / "counts.csv", "Ventura County,8,", "Ventura County,9,")
    assert cli.main(["notebooks", "la-aor-2018"]) == 0
    captured = capsys.readouterr()
    assert executed == ["la-aor-2018"]  # its counts changed: the notebooks read them too
    assert captured.err == ("warning: la-aor-2018's tables and figures are not up to date "
                            "(stories/la-aor-2018/counts.csv changed); `python -m analysis build la-aor-2018` first\n")


def test_a_failed_stage_leaves_its_old_stamp(project, monkeypatch):
    stage = stamps.Stage(stamps.BUILD, "chicago-aor-2019")
    before = stage.stamp.read_bytes()

    def build_story(story, *args, **kwargs):
        raise RuntimeError("interrupted")

    monkeypatch.setattr("analysis.pipeline.build.build_story", build_story)
    with pytest.raises(RuntimeError):
        cli.main(["build", "--force", "chicago-aor-2019"])
    assert stage.stamp.read_bytes() == before


@pytest.mark.parametrize("command", ["all", "build", "notebooks"])
def test_force_on_the_command_line(command):
    assert cli.parser().parse_args([command, "--force"]).force is True
    assert cli.parser().parse_args([command, "safe-city-2017"]).force is False


@pytest.mark.parametrize(("force", "flag"), [("1", True), ("", False), ("0", False)])
def test_make_force(force, flag):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for target in ("all", "build", "notebooks"):
        shown = subprocess.run(["make", "-n", "--no-print-directory", target, f"FORCE={force}"],
                               cwd=paths.PROJECT_ROOT, capture_output=True, text=True, check=True).stdout
        line = [line for line in shown.splitlines() if f"-m analysis {target}" in line]
        assert len(line) == 1 and line[0].rstrip().endswith("--force") is flag, shown


def test_only_the_outputs_a_stamp_recorded_count_as_made_before(project):
    """What a notebooks run may delete as no longer made: the outputs its last stamp recorded."""
    slug = SLUGS[0]
    stage = stamps.Stage(stamps.NOTEBOOKS, slug)
    (project / "notebooks" / slug / "my-own-questions.ipynb").write_text("{}\n")
    made = {stamps.relative(path) for path in stamps.made_before(stage)}
    assert f"notebooks/{slug}/01-counts-and-sources.ipynb" in made
    assert f"reports/{slug}/notebooks/06-method-and-limits.html" in made
    assert f"notebooks/{slug}/my-own-questions.ipynb" not in made
    recorded = json.loads(stage.stamp.read_text(encoding="utf-8"))
    for name in ("README.md", f"notebooks/{slug}/../../README.md", "/etc/hostname", f"reports/{slug}/figures/x.html",
                 f"notebooks/{slug}/.stamp-notebooks.json", f"notebooks/{slug}/notes.txt"):
        recorded["outputs"][name] = "0" * 64  # a stamp edited by hand, or in a bad merge
    stage.stamp.write_text(json.dumps(recorded), encoding="utf-8")
    assert {stamps.relative(path) for path in stamps.made_before(stage)} == made
    stamps.write_stamp(stage, stage.inputs(stage.external_reads()))  # stamped with the notebook there
    assert {stamps.relative(path) for path in stamps.made_before(stage)} == made
    assert stamps.why_stale(stage) is None  # and it does not make the stage run again either
    stage.stamp.unlink()
    assert stamps.made_before(stage) == []


def test_the_outputs_of_a_story_whose_folder_is_gone_are_removed(project, capsys, story_runs):
    """A story deleted or renamed leaves nothing published; a story folder that is there but not
    readable (a link to a disk not mounted now) keeps its outputs, and `all SLUG` touches no other
    story."""
    gone, unmounted = SLUGS[:2]
    shutil.rmtree(project / "stories" / gone)
    shutil.move(project / "stories" / unmounted, project.parent / "disk")
    (project / "stories" / unmounted).symlink_to(project.parent / "not-mounted", target_is_directory=True)
    locks = [project / "data" / "processed" / f".{gone}.lock", project / "reports" / gone / ".figures.lock"]
    for lock in locks:
        lock.write_text("")  # left by earlier builds (analysis.core.atomic.replace_folders)
    assert cli.main(["all", SLUGS[2]]) == 0
    assert (project / "data" / "processed" / gone).is_dir()
    capsys.readouterr()
    mine = project / "notebooks" / gone / "my-own-questions.ipynb"
    mine.write_text("{}\n")
    assert cli.main(["all"]) == 0
    made = 4 * 6 + 4 + 6 + 2 * 6 + 2 + 2  # 4 figures' 6 files, 4 tables, 6 notebooks, 12 pages, 2 locks, 2 stamps
    assert _lines(capsys)[-1] == (f"{gone}: removed its {made} files: tables, figures, notebooks, pages, stamps "
                                  f"(stories/{gone}/ is gone); kept notebooks/{gone}/ (files no run made)")
    assert [path.relative_to(project).as_posix() for path in (project / "notebooks").rglob("*")
            if gone in path.parts] == [f"notebooks/{gone}", f"notebooks/{gone}/my-own-questions.ipynb"]
    for parent in ("reports", "data/processed"):
        assert not (project / parent / gone).exists()
    for parent in ("reports", "notebooks", "data/processed"):
        assert (project / parent / unmounted).is_dir()
    assert not any(lock.exists() for lock in locks)
    assert (project / "reports" / "assets" / "notebook.css").is_file()
    assert gone not in (project / "reports" / "index.html").read_text(encoding="utf-8")
