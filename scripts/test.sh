#!/usr/bin/env bash
# Sets everything up, then runs every test project. Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
dotnet test SparseSearch.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all test assemblies, from the per-assembly summaries dotnet test prints.
awk '/(Passed|Failed)! +- +Failed: /{gsub(",","");for(i=1;i<=NF;i++){if($i=="Failed:")f+=$(i+1);if($i=="Passed:")p+=$(i+1);if($i=="Skipped:")s+=$(i+1)}}
     END{printf "%d passed, %d failed, %d skipped\n", p, f, s}' "$log"
if [ "$status" -eq 0 ] && grep -qE '(Passed|Failed)! +- +Failed: +[1-9]' "$log"; then status=1; fi
exit "$status"
