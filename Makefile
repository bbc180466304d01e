# One task runner. `make app` sets up and starts the app; `make test` runs every test.
VENV   := .venv
PYTHON := $(VENV)/bin/python
PORT   ?= 8501
# this machine only; to share the app, set KG_USERS (sign-in) and put it behind a reverse proxy
ADDRESS ?= 127.0.0.1

.PHONY: app setup dev build test lint clean

$(VENV)/.installed: requirements.txt
	test -x $(PYTHON) || "$$(.ci/find-python)" -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

dev: $(VENV)/.dev-installed

build: setup
	$(PYTHON) -m ingest data/corpus --out data/build

app: setup
	$(PYTHON) -m streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --browser.gatherUsageStats false

test: dev
	$(PYTHON) -m pytest

lint: dev
	$(PYTHON) -m ruff check .

clean:
	rm -rf data/build
