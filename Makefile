# Two commands do everything on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: setup run test test-fast bench lint browser postgres clean dist

setup: $(STAMP) node_modules/.installed dist

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# One-file bundles (git-ignored static/dist/): the offline player's code for /g/{id}/player.html.
ESBUILD := node_modules/.bin/esbuild --bundle --minify --format=iife --log-level=warning
dist: static/dist/player.js static/dist/widget.js

static/dist/player.js: static/js/*.js node_modules/.installed
	$(ESBUILD) static/js/offline.js --outfile=$@

# The notebook widget (cg.show): the web app's modules, D3 and KaTeX as one ES module.
WIDGET_SRC := $(wildcard static/widget/* static/js/*.js static/css/*.css)
static/dist/widget.js: node_modules/.installed $(WIDGET_SRC)
	node static/widget/build.mjs static/widget/index.js $@

# Chromium from Debian for the browser tests (needs root; CI runs as root).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-ipafont-gothic >/dev/null) \
	  || echo "could not install chromium: browser tests will skip (or fail under CI=true)"; \
	else echo "no /usr/bin/chromium and no root: browser tests will skip; run 'apt-get install chromium' to enable them"; fi

# PostgreSQL from Debian for the store tests, which start a throwaway server themselves.
postgres:
	@if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
	  || echo "could not install postgresql: its store tests will skip (or fail under CI=true)"; \
	else echo "no PostgreSQL and no root: its store tests will skip; run 'apt-get install postgresql' to enable them"; fi

run: setup
	$(BIN)/compgraph serve --host $(HOST) --port $(PORT)

test: setup browser postgres
	node --test tests/js/
	$(BIN)/python -m pytest

test-fast: setup
	node --test tests/js/
	$(BIN)/python -m pytest -m "not browser"

bench: setup browser
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.readme

lint: setup
	$(BIN)/ruff check app engine tests benchmarks

clean:
	rm -rf $(VENV) node_modules .pytest_cache static/dist
