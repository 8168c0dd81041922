# 社保查询 · Social security inquiry: developer commands. `make help` lists them.
# A fresh clone needs only `make run` (a local site) and `make test` (the test suite).

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# Throwaway database and port for `make screenshots`.
SCREENSHOTS_DB ?= /tmp/screenshots.sqlite3
SCREENSHOTS_PORT ?= 8765

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.DEFAULT_GOAL := help
.PHONY: help install run test lint format messages compilemessages migrations-check check \
	screenshots bench bench-scale clean serve cluster bench-load test-load

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-18s %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)

install: $(VENV)/.installed ## Create .venv and install requirements-dev.txt (again only when they change)

# The stamp file is newer than the requirements once they are installed.
$(VENV)/.installed: requirements.txt requirements-prod.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: compilemessages ## Set up a local site on SQLite (db.sqlite3) and serve it on port 8000
	$(MANAGE) migrate --noinput
	$(MANAGE) load_seed
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo
	@echo "To sign in to the admin, create a login in another terminal:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo "then open http://127.0.0.1:8000/zh-hans/admin/"
	@echo
	$(MANAGE) runserver 127.0.0.1:8000

# Two pytest-xdist workers, one per core; the production tests run on one worker one after the
# other, and so do the browser walks (tests/conftest.py). TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2
test: compilemessages ## Run the test suite; extra pytest arguments go in PYTEST_ARGS="..."
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install ## Check Python (ruff) and template indentation (djhtml); changes nothing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates translations/templates

format: install ## Fix what `make lint` complains about, where it can be fixed automatically
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates translations/templates

messages: install ## Update the .po files from the code; convert zh_Hans into zh_Hant (OpenCC)
	$(MANAGE) makemessages --locale=zh_Hans --locale=zh_Hant --ignore=$(VENV) \
		--ignore=staticfiles --ignore=tests --no-obsolete --add-location=file
	$(MANAGE) convert_catalogue

compilemessages: install ## Compile the .po files into the (git-ignored) .mo files
	$(MANAGE) compilemessages --ignore=$(VENV)

migrations-check: install ## Fail when a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

check: migrations-check ## Django's system checks, plus migrations-check
	$(MANAGE) check

# Serves the seed content from a throwaway SQLite database on port $(SCREENSHOTS_PORT) and
# photographs it with Debian's Chromium; the trap stops the server however the script ends.
# The server's log goes to $(SCREENSHOTS_DB).log.
screenshots: compilemessages ## Regenerate docs/screenshots/*.png (needs /usr/bin/chromium)
	@# Fail early if something else already listens on the port: we would photograph it.
	@$(BIN)/python -c "import socket; socket.create_server(('127.0.0.1', $(SCREENSHOTS_PORT))).close()"
	rm -f $(SCREENSHOTS_DB) $(SCREENSHOTS_DB).log
	export DATABASE_URL=sqlite:///$(SCREENSHOTS_DB); \
	$(MANAGE) migrate --noinput --verbosity 0 && \
	$(MANAGE) load_seed --verbosity 0 && \
	$(MANAGE) collectstatic --noinput --verbosity 0 && \
	{ $(MANAGE) runserver 127.0.0.1:$(SCREENSHOTS_PORT) --noreload >$(SCREENSHOTS_DB).log 2>&1 & \
	  server=$$!; \
	  trap 'kill $$server 2>/dev/null' EXIT; \
	  $(BIN)/python scripts/screenshots.py http://127.0.0.1:$(SCREENSHOTS_PORT); }
	rm -f $(SCREENSHOTS_DB) $(SCREENSHOTS_DB).log

# Seeds a throwaway SQLite database, then measures every public page in-process.
bench: compilemessages ## Queries, server time and size of each public page (scripts/bench.py)
	export DATABASE_URL=sqlite:////tmp/bench.sqlite3; rm -f /tmp/bench.sqlite3; \
	$(MANAGE) migrate --noinput --verbosity 0 && $(MANAGE) load_seed --verbosity 0 && \
	$(MANAGE) collectstatic --noinput --verbosity 0 && $(BIN)/python scripts/bench.py

# Two throwaway SQLite databases (seed content; seed content + seed_synthetic's large set),
# every page measured in-process with the page cache off; figures in docs/benchmarks.md.
bench-scale: compilemessages ## Queries, server time and size per page: seed vs 10,000 comparisons
	$(BIN)/python scripts/bench_scale.py

# Production settings from the environment (SECRET_KEY and DATABASE_URL are required; see
# README "Deployment"); gunicorn's options are in portal/gunicorn.py.
serve: compilemessages ## Serve with gunicorn and production settings on 127.0.0.1:8000
	$(MANAGE) collectstatic --noinput --verbosity 0 --settings=portal.settings.production
	$(MANAGE) migrate --noinput --settings=portal.settings.production
	DJANGO_SETTINGS_MODULE=portal.settings.production $(BIN)/gunicorn -c python:portal.gunicorn portal.wsgi

# nginx (Debian package) in front of two gunicorn app servers on PostgreSQL and Redis; see
# README "Deployment" and scripts/cluster/run.py for the variables. Ctrl-C stops it all.
# VARNISH_PORT=6081 adds Varnish (Debian's varnish + varnish-modules) in front, purged by key.
cluster: compilemessages ## nginx on :8080 in front of two app servers on PostgreSQL + Redis
	$(BIN)/python scripts/cluster/run.py $(if $(VARNISH_PORT),--varnish-port $(VARNISH_PORT)) \
		$(CLUSTER_ARGS)

# wrk (Debian package) against production servers on loopback; figures in docs/benchmarks.md.
bench-load: compilemessages ## Load test: pages cached/uncached, a static file, the Wagtail peer
	scripts/bench_load.sh

# With DATABASE_URL=postgres://… also through nginx and two app servers (scripts/cluster).
test-load: compilemessages ## Load and faults together: 64 connections, Redis stopped midway
	LOAD_TESTS=1 $(BIN)/python -m pytest -q tests/production/test_load_faults.py $(PYTEST_ARGS)

clean: ## Remove compiled messages, collected static files and caches (keeps .venv and db.sqlite3)
	find . -path ./$(VENV) -prune -o -name '*.mo' -type f -exec rm -f {} +
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf staticfiles .pytest_cache .ruff_cache $(SCREENSHOTS_DB) $(SCREENSHOTS_DB).log
