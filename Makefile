# Two commands on a fresh machine (Python 3.12+, Node 20+, make):
#   make run   – set everything up, load the demo and serve http://127.0.0.1:8000/ on SQLite
#   make test  – set everything up and run the whole test suite (browser tests included)
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Use a working uv from PATH if there is one, else bootstrap it into .tools/ with pip.
UV := $(shell uv --version >/dev/null 2>&1 && echo uv || echo .tools/bin/uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py
DEMO_ENV := DJANGO_DEBUG=1 WORKGROUPS_DEMO=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup run serve worker demo-worker test lint typecheck check-migrations check-deploy audit ci clean screenshot mutation

help:
	@echo "make run     set up, load the demo and serve http://$(HOST):$(PORT)/"
	@echo "make test    set up and run the whole test suite (DATABASE_URL selects PostgreSQL)"
	@echo "make serve   production: static files, migrate, then gunicorn (needs .env, see .env.example)"
	@echo "make worker  production: the background task worker and its periodic job"
	@echo "make demo-worker  the task worker beside make run (demo settings)"
	@echo "make lint | typecheck | check-migrations | check-deploy | audit"
	@echo "make mutation  mutation testing of the pure rules (slow; not in CI), kept in benchmarks/results/mutation.md"

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --locked
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets/build/app.css: node_modules/.installed assets/scss/app.scss
	npm run --silent build

setup: .venv/.synced node_modules/.installed assets/build/app.css

run: setup
	$(DEMO_ENV) $(MANAGE) migrate --noinput
	$(DEMO_ENV) $(MANAGE) createcachetable
	$(DEMO_ENV) $(MANAGE) import_schools
	$(DEMO_ENV) $(MANAGE) import_school_links
	$(DEMO_ENV) $(MANAGE) load_programmes
	$(DEMO_ENV) $(MANAGE) load_demo
	$(DEMO_ENV) $(MANAGE) import_participation workgroups/demo/data/demo_participation.csv
	$(DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

# --- Production (DEBUG off): `make serve` and `make worker`, each its own process. -------------
# Settings come from the environment; a file .env in the checkout (KEY=value lines, no quotes,
# see .env.example) fills in what the environment does not set. DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS are required. Without TLS in front (trying it on this machine) add
# DJANGO_SECURE_SSL_REDIRECT=0 and DJANGO_SECURE_COOKIES=0; behind nginx (deploy/) set
# DJANGO_BEHIND_TLS_PROXY=1.
define PROD_ENV
if [ -f .env ]; then \
  while IFS= read -r line || [ -n "$$line" ]; do \
    line="$${line%$$'\r'}"; key="$${line%%=*}"; value="$${line#*=}"; \
    [[ "$$line" == *=* && "$$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$$ ]] && [ -z "$${!key:-}" ] && export "$$key=$$value"; \
  done < .env; \
fi; \
export DJANGO_DEBUG=0 WORKGROUPS_DEMO=0; \
if [ -z "$${DJANGO_SECRET_KEY:-}" ] || [ -z "$${DJANGO_ALLOWED_HOSTS:-}" ]; then \
  echo "Set DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (in the environment or .env; cp .env.example .env)." >&2; \
  exit 2; \
fi
endef

# Static files, migrations and the cache table, then gunicorn (config/gunicorn.conf.py) on
# $(HOST):$(PORT) unless GUNICORN_BIND says otherwise.
serve: setup
	@$(PROD_ENV); \
	$(MANAGE) collectstatic --noinput --verbosity 0 && \
	$(MANAGE) migrate --noinput && \
	$(MANAGE) createcachetable && \
	GUNICORN_BIND="$${GUNICORN_BIND:-$(HOST):$(PORT)}" \
	exec .venv/bin/gunicorn --config config/gunicorn.conf.py config.wsgi

# The background worker: waits for `make serve` (or a deploy) to have migrated, queues the
# periodic job unless one is waiting, then runs tasks until stopped, queuing the periodic job
# again should its chain die (task_worker = db_worker + that watchdog; it runs the system checks,
# so the steps before it skip them).
worker: setup
	@$(PROD_ENV); \
	until $(MANAGE) migrate --check --skip-checks >/dev/null 2>&1; do echo "Waiting for migrations..."; sleep 2; done; \
	$(MANAGE) schedule_periodic_jobs --skip-checks && \
	exec $(MANAGE) task_worker

# The worker in the demo configuration, beside `make run`.
demo-worker: setup
	$(DEMO_ENV) $(MANAGE) schedule_periodic_jobs
	$(DEMO_ENV) $(MANAGE) task_worker

test: setup
	@$(PY) scripts/ensure_chromium.py
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, then the one-way dependencies between apps (ADR 17; contracts in pyproject.toml).
lint: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-logo

typecheck: setup
	.venv/bin/mypy .

check-migrations: setup
	DJANGO_SETTINGS_MODULE=config.test_settings $(MANAGE) makemigrations --check --dry-run

# The production defaults (HTTPS redirect, HSTS, HTTPS-only cookies come on with DEBUG off):
# only what every deployment must give itself is set here, a secret and the host name.
check-deploy: setup
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=workgroups.example.org \
	$(MANAGE) check --deploy --fail-level WARNING

# Known vulnerabilities in the locked Python packages (pip-audit) and the npm packages the
# service ships (npm audit --omit=dev). Fails on one that has a fixed version to move to, and
# fails when the advisory data cannot be reached (nothing audited is not a pass).
audit: setup
	@status=0; \
	UV=$(UV) $(PY) scripts/audit_dependencies.py python || status=1; \
	$(PY) scripts/audit_dependencies.py npm || status=1; \
	exit $$status

screenshot: setup
	$(PY) scripts/screenshot.py

# Mutation testing of the pure rules (scripts/mutation.py, issue 18): minutes, so not in .ci/run.
# The report, with the date and every survivor's diff, is kept in the repository.
mutation: setup
	$(PY) scripts/mutation.py --out benchmarks/results/mutation.md

clean:
	rm -rf .venv .tools node_modules assets/build var
