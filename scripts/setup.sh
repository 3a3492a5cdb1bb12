#!/usr/bin/env bash
# Installs everything SparseSearch needs from the package registries, idempotently and without prompts:
#   1. ONNX Runtime's native library (libonnxruntime.so.1) from the npm package onnxruntime-node@1.30.0,
#      verified against the registry's sha512 integrity, placed in .deps/onnxruntime/ (git-ignored);
#   2. Debian's chromium (apt-get), driven by Playwright in the search page test;
#   3. the .NET packages (dotnet restore) and a Release build of the solution.
# The engine finds the library through SPARSESEARCH_ORT_LIBRARY, else .deps/onnxruntime/ above its binaries.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

ORT_VERSION=1.30.0
ORT_INTEGRITY='sha512-twhs1C2C/BFkz1yc5OY0KIU2GUq6DURO7hD4bx5Q2Qy3nAMJwRXW8xU3NVczE29VA9lolLOYepoD8fjTGOfIqw=='
ORT_MEMBER='package/bin/napi-v6/linux/x64/libonnxruntime.so.1'
dest="$root/.deps/onnxruntime"
stamp="$dest/installed-$ORT_VERSION"

say() { printf '[setup] %s\n' "$*" >&2; }

command -v dotnet >/dev/null || { say "dotnet (the .NET 10 SDK) is not on PATH; install it first."; exit 1; }

if [ -f "$stamp" ] && (cd "$dest" && sha256sum -c --status "$(basename "$stamp")") 2>/dev/null; then
  say "ONNX Runtime $ORT_VERSION already installed in .deps/onnxruntime"
else
  command -v npm >/dev/null || { say "npm is needed to fetch onnxruntime-node@$ORT_VERSION from the npm registry."; exit 1; }
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  say "fetching onnxruntime-node@$ORT_VERSION from the npm registry (npm pack; its postinstall is never run)"
  (cd "$work" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null 2>"$work/npm.log") || { cat "$work/npm.log" >&2; exit 1; }
  tgz="$work/onnxruntime-node-$ORT_VERSION.tgz"
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$ORT_INTEGRITY" ]; then
    say "integrity mismatch for onnxruntime-node@$ORT_VERSION: expected $ORT_INTEGRITY, got $got"; exit 1
  fi
  tar -xzf "$tgz" -C "$work" "$ORT_MEMBER"
  mkdir -p "$dest"
  install -m 0755 "$work/$ORT_MEMBER" "$dest/libonnxruntime.so.1.tmp"
  mv -f "$dest/libonnxruntime.so.1.tmp" "$dest/libonnxruntime.so.1"
  (cd "$dest" && sha256sum libonnxruntime.so.1 > "$stamp")
  say "installed $dest/libonnxruntime.so.1 (integrity verified)"
fi

# Debian's Chromium for the search page's browser test (Playwright drives /usr/bin/chromium; it never downloads one).
if command -v chromium >/dev/null; then
  say "chromium already installed ($(command -v chromium))"
else
  say "installing Debian's chromium (apt-get) for the search page's browser test"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
say "restoring and building (Release)"
dotnet build SparseSearch.sln -c Release -nologo -v quiet -clp:ErrorsOnly
say "ready"
