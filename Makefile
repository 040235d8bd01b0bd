# The two commands of the README: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIND ?= 127.0.0.1:8000

.PHONY: demo test install chromium lint format bench messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	PASSERELLE_PUBLIC_URL=http://$(BIND) $(PY) -m passerelle demo
	PASSERELLE_PUBLIC_URL=http://$(BIND) $(PY) -m passerelle run --bind $(BIND)

chromium:
	@scripts/ensure-chromium.sh

test: install chromium
	@scripts/run-tests.sh

lint: install
	$(VENV)/bin/ruff check passerelle tests bench
	$(VENV)/bin/ruff format --check passerelle tests bench
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format passerelle tests bench
	$(VENV)/bin/ruff check --fix passerelle tests bench

messages: install
	cd passerelle && PYTHONPATH=.. ../$(PY) -m passerelle makemessages -l fr -l ar --no-obsolete \
		--ignore "testing/*" --ignore "*/tests/*"
	cd passerelle && PYTHONPATH=.. ../$(PY) -m passerelle compilemessages
