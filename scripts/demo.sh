#!/usr/bin/env bash
# The main job on the embedded default model: install, then one real user's conversation
# (a chitchat-dataset speaker) end to end: stream -> buffer -> annotations (the speaker's real
# replies, a simulated annotator) -> synthesis -> LoRA -> base vs personalized on held-out
# messages. Uses its own home (./.demo-home) so it never touches your real pockettune data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
.venv/bin/python scripts/demo.py "$@"
