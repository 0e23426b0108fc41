#!/usr/bin/env bash
# The main job on the embedded default model: install, stream a real user's conversation
# (one chitchat-dataset speaker) through the selection buffer, print what was kept and why.
# Uses its own home (./.demo-home) so it never touches your real pockettune data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
. .venv/bin/activate
export POCKETTUNE_HOME="$PWD/.demo-home"
pockettune ingest chitchat --limit "${DEMO_TURNS:-400}"
pockettune buffer
pockettune status
