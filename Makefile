# Circles of Support: build and test the book. On a fresh Debian/Ubuntu machine (system packages:
# system-packages.txt, or `sudo bash .ci/run`):
#   make book   — set up .venv, build the HTML site into _build/html (strict: any warning fails)
#   make check  — the fast loop, under a minute: ruff, the linter, the tests that need no built book, one small build
#   make test   — `make book`, then the whole test suite in parallel on that HTML (what CI runs)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The one command tree (supportbook/cli.py); `.venv/bin/supportbook` is the same, once installed.
SUPPORTBOOK := $(PY) -m supportbook
STAMP := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml 2>/dev/null | sha1sum | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json 2>/dev/null | cut -c1-12)
HTML := _build/html
BOOK_STAMP := _build/.book-passed
# pytest-xdist workers for `make test`. The tests spend much of their time waiting on Chromium, TeX and Java,
# so 4 keeps a two-core machine busy (`make test JOBS=auto` for one per CPU).
JOBS ?= 4
PYTEST := $(PY) -m pytest
LOCK := pip-compile --quiet --extra test --extra bench --strip-extras --no-emit-index-url --no-emit-find-links
# `make test` writes its time here; `make bench` reports it (benchmarks/bench.py).
TEST_TIME := _build/test-time.txt

.PHONY: book check test lint lock lock-check bench pdf handouts epub cards slides docs clean help

help:
	@echo "make book | check | test | lint | bench | lock | pdf | handouts | epub | cards | slides | docs | clean"

# The locked versions (requirements.txt), then this project itself (editable, no dependencies) for the
# `supportbook` console script.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# requirements.txt is generated from pyproject.toml: after changing the dependencies there, run `make lock`.
# Existing pins are kept; `make lock UPGRADE=1` moves every package to its newest allowed version.
lock: $(STAMP)
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/$(LOCK) $(if $(UPGRADE),--upgrade) -o requirements.txt pyproject.toml

# Fails when requirements.txt is not what `make lock` makes from pyproject.toml now (asks the package index).
lock-check: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && cp requirements.txt "$$tmp/requirements.txt" && \
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/$(LOCK) -o "$$tmp/requirements.txt" pyproject.toml && \
	if diff -u requirements.txt "$$tmp/requirements.txt"; then echo "lock: requirements.txt matches pyproject.toml"; \
	else echo "lock: requirements.txt is out of date with pyproject.toml: run make lock and commit both"; exit 1; fi

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: sudo apt-get install -y nodejs npm"; exit 1; }
	# No install scripts: nothing downloads a browser or a Java runtime (the tests use Debian's Chromium and Java).
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Strict every run (supportbook/sphinxext/strict.py), and never half-incremental: when nothing the book is
# made from (BOOK_SOURCES) is newer than the last build that passed, _build/html is current and is kept;
# otherwise every page is read again (--all). Sphinx's own incremental build is not used, because it does
# not see changes to the extension's code and keeps the extension's search words only for pages it re-reads
# (test_search.py fails on such a build). A changed _toc.yml also clears out pages it no longer lists.
BOOK_SOURCES := book exercises supportbook _config.yml _toc.yml requirements.txt
book: $(STAMP)
	@if [ -e $(BOOK_STAMP) ] && [ -e $(HTML)/index.html ] && \
	  [ -z "$$(find $(BOOK_SOURCES) -newer $(BOOK_STAMP) -not -path '*__pycache__*' -print -quit)" ]; then \
	  echo "book: nothing changed since the last build passed, so $(HTML) is current"; exit 0; fi; \
	if [ -e $(BOOK_STAMP) ] && [ -n "$$(find _toc.yml -newer $(BOOK_STAMP) -print -quit)" ]; then \
	  echo "book: _toc.yml changed, so the site is written afresh"; rm -rf $(HTML); fi; \
	echo "$(SUPPORTBOOK) build . --all" && $(SUPPORTBOOK) build . --all && touch $(BOOK_STAMP)
	@echo
	@echo "The book is built. Open file://$(CURDIR)/$(HTML)/index.html in a browser."

lint: $(STAMP)
	$(SUPPORTBOOK) lint

# The fast loop: no built book, no browser, no TeX; one strict build of a one-chapter book from the template
# (on two workers: that build runs beside the unit tests).
check: $(STAMP)
	$(PY) -m ruff check supportbook tests benchmarks
	$(SUPPORTBOOK) lint
	$(PYTEST) -q -n 2 --dist loadscope -m "smoke or not (book or browser or tex or build or slow)"

# Everything, on the HTML `make book` built (passed as SUPPORTBOOK_HTML), in parallel (pytest-xdist; a
# module's tests share its fixtures on one worker, see tests/conftest.py); the lock check runs beside it.
test: book $(NODE_STAMP)
	$(PY) -m ruff check supportbook tests benchmarks
	$(SUPPORTBOOK) lint
	@$(MAKE) --no-print-directory lock-check > _build/lock-check.log 2>&1 & lock=$$!; start=$$(date +%s); \
	SUPPORTBOOK_HTML=$(CURDIR)/$(HTML) $(PYTEST) -n $(JOBS) --dist loadscope; status=$$?; \
	echo "$$(( $$(date +%s) - start )) s pytest -n $(JOBS), exit $$status, $$(date -u +%FT%TZ)" > $(TEST_TIME); \
	wait $$lock || { cat _build/lock-check.log; exit 1; }; tail -n 1 _build/lock-check.log; exit $$status

bench: $(STAMP) $(NODE_STAMP)
	$(PY) benchmarks/bench.py

# Print and e-reader editions (`supportbook pdf|handouts|epub`, supportbook/packs/editions.py), published next
# to the web site in $(HTML).
# TeX is checked first, with system Python only; when it is missing the Debian/Ubuntu command is printed.
TEX_CHECK := $(PYTHON) -m supportbook toolchain tex

pdf:
	@$(TEX_CHECK)
	@$(MAKE) --no-print-directory $(STAMP)
	$(SUPPORTBOOK) pdf --site $(HTML)

# Handouts (after `make book`): per chapter the full handout, a summary and a worksheet, and each lesson plan
# as a PDF. PAPER=a4 puts A4 copies in handouts/a4/ (default: US Letter in handouts/); COUNTRY=UK makes the
# summaries and full handouts with that country's lines and safety page only, on its paper, in handouts/a4/uk/.
PAPER ?=
COUNTRY ?=
handouts:
	@$(TEX_CHECK)
	@$(MAKE) --no-print-directory $(STAMP)
	$(SUPPORTBOOK) handouts --site $(HTML) --paper "$(PAPER)" --country "$(COUNTRY)"

# One printed card per country (triage ladder, numbers, a line for adults, words to say): _build/html/cards/.
cards:
	@$(TEX_CHECK)
	@$(MAKE) --no-print-directory $(STAMP)
	$(SUPPORTBOOK) cards --site $(HTML)

# The teacher's kit as editable files, made from the plans' and worksheets' own sources (no TeX needed):
# slides/lesson-ID.pptx, and docs/ (each plan, each worksheet, the letter to families) as Word files.
slides: $(STAMP)
	$(SUPPORTBOOK) slides --site $(HTML)

docs: $(STAMP)
	$(SUPPORTBOOK) docs --site $(HTML)

epub: $(STAMP)
	$(SUPPORTBOOK) epub --site $(HTML)

clean:
	rm -rf _build
