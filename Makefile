# The README's two commands: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= seeds
DB ?= data/narrative.duckdb
PORT ?= 8501

.PHONY: run test install install-test build bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

build: install
	$(BIN)/python -m analytics build --corpus $(CORPUS) --db $(DB)

run: build
	$(BIN)/streamlit run dashboard/serve.py --server.port $(PORT) --server.headless true

test: install-test
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=25  # two workers: most tests wait on browsers and servers

bench: install-test
	for f in bench/eval_*.py bench/bench_*.py; do $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) data .pytest_cache
