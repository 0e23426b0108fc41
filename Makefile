# make demo   install and run the main job on the embedded default model
# make test   install and run the tests (the default model is converted once, then cached)
# make lint   ruff
.PHONY: demo test test-fast lint bench-selection

demo:
	bash scripts/demo.sh

test:
	bash scripts/install.sh
	.venv/bin/python -m pytest -q

test-fast:
	.venv/bin/python -m pytest -q -m "not slow"

lint:
	.venv/bin/ruff check pockettune tests benchmarks
	.venv/bin/ruff format --check pockettune tests benchmarks

bench-selection:
	.venv/bin/python benchmarks/selection.py
