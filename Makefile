# The portal's commands. `make run` and `make test` work on a fresh machine with python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements/lock.txt pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test lint messages lock bench clean

$(STAMP): requirements/lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## Install, migrate, load the demo programme and serve on http://127.0.0.1:8000
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Run the whole test suite (SQLite by default; PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set)
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

## Extract the portal's strings into the tg, ru and en catalogues, then compile them
messages: install
	$(BIN)/python manage.py makemessages --no-location --no-obsolete -l tg -l ru -l en --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(BIN)/python manage.py catalogues_compile

## Re-pin every installed package after changing pyproject.toml
lock:
	rm -rf /tmp/parwona-lock && $(PYTHON) -m venv /tmp/parwona-lock
	/tmp/parwona-lock/bin/pip install --quiet --upgrade pip
	/tmp/parwona-lock/bin/pip install --quiet '.[dev]'
	/tmp/parwona-lock/bin/pip freeze --exclude parwona > requirements/lock.txt

## Benchmarks: every part, or some of them with PARTS="http scoring"
bench: install
	$(BIN)/python -m bench $(PARTS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
