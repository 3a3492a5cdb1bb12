#!/usr/bin/env bash
# The main job: set up, then encode real SciFact documents and queries with the real SPLADE model
# (onnx-models/splade-tiny) and print each text's top expansion terms.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
shared="${SPARSESEARCH_SHARED:-$root/../shared}"
[ -d "$shared/data/scifact" ] || { echo "SciFact not found at $shared/data/scifact: put ../shared beside the checkout." >&2; exit 1; }
cli() { dotnet "$root/src/SparseSearch.Cli/bin/Release/net10.0/sparsesearch.dll" "$@"; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
head -n 5 "$shared/data/scifact/corpus.jsonl" > "$work/docs.jsonl"
head -n 3 "$shared/data/scifact/queries.jsonl" > "$work/queries.jsonl"
cli encode --model onnx-models/splade-tiny --input "$work/docs.jsonl" --output "$work/docs.vec.jsonl"
cli encode --model onnx-models/splade-tiny --input "$work/queries.jsonl" --output "$work/queries.vec.jsonl" --query
python3 - "$work/docs.vec.jsonl" "$work/queries.vec.jsonl" <<'PY'
import json, sys
for path, kind in zip(sys.argv[1:], ("document", "query")):
    for line in open(path):
        rec = json.loads(line)
        top = sorted(rec["vector"].items(), key=lambda kv: -kv[1])[:12]
        print(f"{kind} {rec['id']}: {len(rec['vector'])} terms; top: " + ", ".join(f"{t} {w:.2f}" for t, w in top))
PY
