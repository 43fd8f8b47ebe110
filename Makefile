# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test bench bench-search lint system-deps clips translations

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(FLASK) init-db --seed
	$(FLASK) booking seed-demo
	HOST=$(HOST) PORT=$(PORT) $(FLASK) serve

# Debian packages the tests need (headless Chromium for end-to-end tests).
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	fi

# Two pytest workers (pytest-xdist): heavy and racing modules run one at a time on one of them
# (tests/conftest.py ONE_AT_A_TIME); each worker uses its own ports, databases and tmp files.
test: $(VENV)/.installed system-deps
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -p no:cacheprovider -n 2 --dist loadgroup

# py-spy profiles the server during `make bench`; a tool, not an application requirement.
bench: $(VENV)/.installed
	@test -x $(VENV)/bin/py-spy || $(PY) -m pip install --quiet py-spy
	$(PY) scripts/bench.py

bench-search: $(VENV)/.installed
	$(PY) scripts/bench_search.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Regenerate the offline Vietnamese speech clips (needs Debian espeak-ng and sox).
clips: $(VENV)/.installed
	$(PY) scripts/make_clips.py

# After changing interface texts: extract the Vietnamese source texts, merge them into every
# catalog (translate what is new in translations/<code>/LC_MESSAGES/messages.po), compile.
# The compiled .mo files are committed so a checkout runs as is; a test checks they match.
translations: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k C_:1c,2 --no-wrap --sort-by-file \
	  --project=reception -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --no-wrap
	$(VENV)/bin/pybabel compile -d translations --statistics
