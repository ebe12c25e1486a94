# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Absolute URLs (canonical, og:url, ClaimReview, feeds, sitemaps, API) name the address served,
# e.g. `make run PORT=8101`; set FACTCHECK_SITE_URL to override.
FACTCHECK_SITE_URL ?= http://$(HOST):$(PORT)
# A local run: debug pages, demo key. Production sets SECRET_KEY and leaves DEBUG off.
RUN_ENV := DEBUG=1 FACTCHECK_SITE_URL=$(FACTCHECK_SITE_URL)

.PHONY: run test install lint migrate lock typecheck

# Installs exactly what requirements-dev.lock pins, every file checked against its hash, then
# the project itself without resolving anything (--no-deps): two machines get the same set.
$(VENV)/.installed: requirements-dev.lock pyproject.toml
	@echo "Creating $(VENV) and installing the locked dependencies (a few minutes on a fresh machine)..."
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --disable-pip-version-check --progress-bar on --require-hashes -r requirements-dev.lock 2>&1 | grep --line-buffered -v "is ignored: it is neither" || true
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1 | grep -v "is ignored: it is neither" || true
	$(PY) -c "import django, rest_framework, pytest_django, corsheaders, googleapiclient, mypy"
	touch $@

install: $(VENV)/.installed

# Re-resolve pyproject.toml into the two lock files (production, and production + dev), with
# hashes. Needs only the package index; run it after changing a dependency and commit both.
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	test -x $(VENV)/bin/pip-compile || $(VENV)/bin/pip install --quiet "pip-tools>=7.4"
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --output-file requirements-dev.lock pyproject.toml

typecheck: install
	$(VENV)/bin/mypy

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

run: migrate
	$(RUN_ENV) $(PY) manage.py ingest seeds/
	$(RUN_ENV) $(PY) manage.py create_demo_users
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/; absolute URLs: $(FACTCHECK_SITE_URL))"
	@# A background worker for uploads, evidence archiving and webhooks; it stops with the server.
	$(RUN_ENV) $(PY) manage.py db_worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
