# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test check catalogs test-browser screenshots install install-dev translations check-data clean bench

# Migrate, delete the saved answers whose time is up (also a daily cron job in production), serve.
run: install
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app keep purge
	$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

# In parallel (pytest-xdist, one worker per core; TEST_WORKERS=0 for one process): the tests that
# own a port, a server or a service run one after another (tests/support/parallel_run.py).
TEST_WORKERS ?= auto
test: install-dev check
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# Lint, format and types (settings in pyproject.toml): the pure engine strictly, the rest with mypy's defaults.
check: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/mypy --strict --follow-imports=silent app/engine

install: $(VENV)/.installed catalogs
install-dev: $(VENV)/.installed-dev node_modules/.installed catalogs

# Compiled catalogs go to build/translations (read by the app), never into translations/: one per
# .po, and the regional French ones (fr_CA, fr_BE, fr_CH), France's catalog with the country's words
# (questionnaires/regional_french.yaml), served by Flask-Babel for a French page in that country.
catalogs: build/translations/.compiled
build/translations/.compiled: $(wildcard translations/*/LC_MESSAGES/*.po translations/*/retired.po) questionnaires/regional_french.yaml $(VENV)/.installed
	$(BIN)/python -m app.i18n translations build/translations
	touch $@

# Only the browser tests (Chromium through Playwright, axe-core).
test-browser: install-dev
	$(BIN)/python -m pytest -m browser tests/browser

# PNGs of the key pages, phone and desktop, English and French, into screenshots/.
screenshots: install-dev
	$(BIN)/python -m tests.browser.screenshots

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed $@

# axe-core for the accessibility tests, pinned in package-lock.json (no install scripts run).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Re-extract every string (templates, Python, questionnaires) and merge into the catalogs.
# What the update drops stays in translations/<lang>/retired.po with its translation: older records still show it.
translations: install
	rm -rf build/translations-before && mkdir -p build && cp -r translations build/translations-before
	PYTHONPATH=. $(BIN)/pybabel extract --mapping-file babel.cfg --no-location --no-wrap --sort-by-file \
		--keywords _l --project Passage --output-file translations/messages.pot .
	$(BIN)/pybabel update --input-file translations/messages.pot --output-dir translations \
		--no-fuzzy-matching --no-wrap --ignore-obsolete
	$(BIN)/python -m app.i18n.retired build/translations-before translations

check-data: install
	$(BIN)/flask --app app questionnaires check

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules screenshots build

# Speed and memory targets (engine, and gunicorn under a bounded load on 127.0.0.1). install-dev: the
# benchmark's people walk the site with the tests' Visitor (tests/support), which reads pages with BeautifulSoup.
bench: install-dev
	$(BIN)/python benchmarks/run.py
