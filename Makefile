# Two commands: `make book` builds the HTML book, `make test` runs every test.
# Both create .venv and install the pinned dependencies on first use.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.itlab-installed
ROOT   := $(CURDIR)
JOBS   ?= auto
# pytest-xdist already runs one process per core: one BLAS/OpenMP thread each, or the threads of
# parallel notebooks oversubscribe the cores and spin (a 50 s page then timed out at 300 s).
ONE_THREAD := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
JB_FLAGS := --config $(ROOT)/_config.yml --toc $(ROOT)/_toc.yml -W -n --keep-going
CHAPTERS := $(shell sed -n 's/^ *- *file: *//p; s/^root: *//p' _toc.yml)
NB_DIR := build/notebooks

.PHONY: book test venv unit notebooks strict-book browser lint student assignments grade lab clean help

help:
	@echo "make book   - build the HTML book into _build/html (creates .venv on first use)"
	@echo "make test   - unit tests, every chapter through nbmake, and the strict book build"
	@echo "make unit | notebooks | strict-book | browser | lint - the parts of make test"
	@echo "make student - student notebooks without solutions in build/student"
	@echo "make assignments - otter-grader assignments of the practices in build/assignments"
	@echo "make grade SUBMISSIONS=dir - grade submitted notebooks into build/grades.csv"
	@echo "make lab     - install JupyterLab into .venv and open the chapters as notebooks"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, pinned: 2.13.0 is the CPU build; an unpinned torch pulls CUDA.
	$(BIN)/python -m pip install -c constraints.txt "torch==2.13.0"
	$(BIN)/python -m pip install -c constraints.txt -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build $(ROOT)/book $(JB_FLAGS) --path-output $(ROOT)
	@echo "Book written to _build/html/index.html"

test: lint unit notebooks strict-book browser

unit: $(STAMP)
	$(ONE_THREAD) $(BIN)/python -m pytest -n $(JOBS) -q tests itlab --ignore=tests/browser

notebooks: $(STAMP)
	rm -rf $(NB_DIR)
	for ch in $(CHAPTERS); do \
	  mkdir -p "$$(dirname $(NB_DIR)/$$ch)" && \
	  $(BIN)/jupytext --quiet --to ipynb --output $(NB_DIR)/$$ch.ipynb book/$$ch.md || exit 1; \
	done
	$(BIN)/ruff check --isolated --select E9,F,E501 --line-length 100 $(NB_DIR)
	$(ONE_THREAD) $(BIN)/python -m pytest -p no:cacheprovider --nbmake --nbmake-timeout=300 -n $(JOBS) -q $(NB_DIR)

strict-book: $(STAMP)
	rm -rf build/strict
	$(ONE_THREAD) $(BIN)/jupyter-book build $(ROOT)/book $(JB_FLAGS) --path-output $(ROOT)/build/strict
	$(BIN)/python tools/check_offline_html.py build/strict/_build/html

# The built book in a real browser (Debian's chromium via Playwright): console errors, outside
# requests, MathJax, images, glue, the phone sidebar, search, notebook downloads; screenshots
# go to build/screenshots. Skipped, with the reason, where chromium is not installed.
browser: $(STAMP)
	ITLAB_HTML=$(ROOT)/build/strict/_build/html $(BIN)/python -m pytest -q -p no:cacheprovider -rs tests/browser

# ruff (lint + format check) over the code, and the publishing workflow against its schema.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

student: $(STAMP)
	$(BIN)/python tools/student_version.py book build/student

# Hands-On Practices as otter-grader assignments (student notebook + autograder zip with hidden
# tests), and local grading without Docker; tests/test_assignments.py runs both in `make unit`.
ASSIGNMENTS ?= build/assignments
GRADES      ?= build/grades.csv
assignments: $(STAMP)
	$(BIN)/python tools/assignments.py build book $(ASSIGNMENTS)

grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=dir [GRADES=file.csv]"; exit 2; }
	test -d $(ASSIGNMENTS) || $(MAKE) assignments
	$(BIN)/python tools/assignments.py grade $(ASSIGNMENTS) $(SUBMISSIONS) $(GRADES)

lab: $(STAMP)
	$(BIN)/python -m pip install -c constraints.txt -e ".[lab]"
	$(BIN)/jupyter lab book

clean:
	rm -rf _build build
