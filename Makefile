# One command for the checks: `make check` before a commit (ruff, mypy, the fast tests); `make test` runs all.
PYTHON ?= python

.PHONY: check lint types fast test

check: lint types fast

lint:
	$(PYTHON) -m ruff check bot tests benchmarks

types:
	$(PYTHON) -m mypy

# tests/stages and the suite's own checks, in seconds; tests/flows (marked slow) is left out.
fast:
	$(PYTHON) -m pytest -q -m "not slow"

# The whole suite, as CI runs it.
test:
	$(PYTHON) -m pytest -q
