# The README's two commands: `make demo` and `make test`. Both create .venv when needed,
# install the project into it, register its Jupyter kernel, and are safe to rerun
# (pip and the kernel registration are skipped when their inputs have not changed).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
KERNEL := $(VENV)/share/jupyter/kernels/rus-analysis/kernel.json

.PHONY: demo test setup lint bench clean-outputs

setup: $(STAMP) $(KERNEL)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(KERNEL): $(STAMP)
	$(PY) -m ipykernel install --sys-prefix --name rus-analysis --display-name "Python (rus-analysis)" >/dev/null
	@test -f $(KERNEL) && touch $(KERNEL)

demo: setup
	$(VENV)/bin/rus-analysis report --config config/rus.yaml

test: setup
	$(PY) -m pytest -q

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks scripts

bench: setup
	$(PY) benchmarks/run.py

clean-outputs:
	rm -rf data/processed/* reports/*
	touch data/processed/.gitkeep reports/.gitkeep
