# Two commands for users: `make all` (main job) and `make test` (whole test suite).
# Both create .venv and install the project with the pinned versions if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
CENSUS_DIR ?= data/external

.PHONY: all build notebooks test extract fetch lab bench install clean

# Rebuild every stage, even those whose inputs did not change: `make all FORCE=1`.
FORCE_FLAG := $(if $(filter-out 0,$(FORCE)),--force)

# The main job, for every story in stories/: its tables (data/processed/<slug>/) and
# figures (reports/<slug>/figures/), then its notebooks executed from the templates into
# notebooks/<slug>/ and rendered to reports/<slug>/*.html
# (`build` and `notebooks` below do the two halves separately). Each stage runs only
# when something it depends on changed (see analysis/pipeline/stamps.py).
all: $(INSTALLED)
	$(BIN)/python -m analysis all $(FORCE_FLAG)

$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $(INSTALLED)

install: $(INSTALLED)

build: $(INSTALLED)
	$(BIN)/python -m analysis build $(FORCE_FLAG)

notebooks: $(INSTALLED)
	$(BIN)/python -m analysis notebooks $(FORCE_FLAG)

# Unit tests and strict nbval (every stored notebook output compared), one worker per core
# (pytest-xdist); each file stays on one worker (--dist loadfile in pyproject.toml), so a
# notebook's cells share one kernel.
test: $(INSTALLED)
	$(BIN)/python -m pytest -n auto --nbval --nbval-current-env tests notebooks

# JupyterLab is an optional extra (pyproject.toml): installed here, on first use.
lab: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[lab]'
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(INSTALLED)
	$(BIN)/python benchmarks/rebuild.py
	$(BIN)/python benchmarks/national.py
	$(BIN)/python benchmarks/population.py

# Rebuild the committed Census extracts in data/raw/ (the national population extract in
# data/raw/census/ among them) from the Census Bureau's national files in $(CENSUS_DIR).
extract: $(INSTALLED)
	$(BIN)/python -m analysis extract --census-dir $(CENSUS_DIR)

# Refresh the Census data from the Census Data API (needs CENSUS_API_KEY or .env).
fetch: $(INSTALLED)
	$(BIN)/python -m analysis fetch

clean:
	rm -rf $(VENV) .pytest_cache
