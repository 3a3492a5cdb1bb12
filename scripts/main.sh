#!/usr/bin/env bash
# The main job: set up, then run the engine on real data with the real default models.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
cli() { dotnet "$root/src/SparseSearch.Cli/bin/Release/net10.0/sparsesearch.dll" "$@"; }
cli info
