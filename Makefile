# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-dev translations check-data clean bench

run: install
	$(BIN)/flask --app app db upgrade
	$(BIN)/flask --app app run --host $(HOST) --port $(PORT)

test: install-dev
	$(BIN)/python -m pytest

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Re-extract every string (templates, Python, questionnaires) and merge into the catalogs.
translations: install
	PYTHONPATH=. $(BIN)/pybabel extract --mapping-file babel.cfg --no-location --no-wrap --sort-by-file \
		--keywords _l --project Passage --output-file translations/messages.pot .
	$(BIN)/pybabel update --input-file translations/messages.pot --output-dir translations \
		--no-fuzzy-matching --no-wrap --ignore-obsolete

check-data: install
	$(BIN)/flask --app app questionnaires check

clean:
	rm -rf $(VENV) instance .pytest_cache

# Speed and memory targets (engine, and gunicorn under a bounded load on 127.0.0.1).
bench: install
	$(BIN)/python benchmarks/run.py
