# Circles of Support: build and test the book. Two commands on a fresh Debian/Ubuntu machine:
#   make book   — set up .venv, build the HTML site into _build/html (strict: any warning fails)
#   make test   — the same set-up, then the whole test suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)
NODE_STAMP := node_modules/.installed-$(shell sha1sum package-lock.json 2>/dev/null | cut -c1-12)
HTML := _build/html

.PHONY: book test lint bench pdf handouts epub cards slides docs clean help

help:
	@echo "make book | test | lint | bench | pdf | handouts | epub | cards | slides | docs | clean"

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: sudo apt-get install -y nodejs npm"; exit 1; }
	# No install scripts: nothing downloads a browser or a Java runtime (the tests use Debian's Chromium and Java).
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

book: $(STAMP)
	$(PY) -m supportbook build .
	@echo
	@echo "The book is built. Open file://$(CURDIR)/$(HTML)/index.html in a browser."

lint: $(STAMP)
	$(PY) -m supportbook lint

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m ruff check supportbook tests benchmarks
	$(PY) -m supportbook lint
	$(PY) -m pytest

bench: $(STAMP) $(NODE_STAMP)
	$(PY) benchmarks/bench.py

# Print and e-reader editions (supportbook/packs/editions.py), published next to the web site in $(HTML).
# TeX is checked first, with system Python only; when it is missing the Debian/Ubuntu command is printed.
TEX_CHECK := $(PYTHON) -m supportbook.packs.toolchain tex

pdf:
	@$(TEX_CHECK)
	@$(MAKE) --no-print-directory $(STAMP)
	$(PY) -m supportbook.packs.editions pdf --site $(HTML)

# Handouts (after `make book`): per chapter the full handout, a summary and a worksheet, and each lesson plan
# as a PDF. PAPER=a4 puts A4 copies in handouts/a4/ (default: US Letter in handouts/); COUNTRY=UK makes the
# summaries and full handouts with that country's lines and safety page only, on its paper, in handouts/a4/uk/.
PAPER ?=
COUNTRY ?=
handouts:
	@$(TEX_CHECK)
	@$(MAKE) --no-print-directory $(STAMP)
	$(PY) -m supportbook.packs.editions handouts --site $(HTML) --paper "$(PAPER)" --country "$(COUNTRY)"

# One printed card per country (triage ladder, numbers, a line for adults, words to say): _build/html/cards/.
cards:
	@$(TEX_CHECK)
	@$(MAKE) --no-print-directory $(STAMP)
	$(PY) -m supportbook cards --site $(HTML)

# The teacher's kit as editable files, made from the plans' and worksheets' own sources (no TeX needed):
# slides/lesson-ID.pptx, and docs/ (each plan, each worksheet, the letter to families) as Word files.
slides: $(STAMP)
	$(PY) -m supportbook slides --site $(HTML)

docs: $(STAMP)
	$(PY) -m supportbook docs --site $(HTML)

epub: $(STAMP)
	$(PY) -m supportbook.packs.editions epub --site $(HTML)

clean:
	rm -rf _build
