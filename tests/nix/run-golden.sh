#!/usr/bin/env bash
# Compares the translator's output for one case with the case's expected.json, byte for
# byte after normalising (sorted keys, 4-space indent).
#   run-golden.sh CASE_DIR
#   KHEPRI_UPDATE_GOLDEN=1 run-golden.sh CASE_DIR   # write expected.json instead
# Needs nix-instantiate ($NIX_INSTANTIATE) and python3 ($PYTHON3).
set -euo pipefail

case_dir=$(cd "${1:?usage: run-golden.sh CASE_DIR}" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nix_instantiate=${NIX_INSTANTIATE:-nix-instantiate}
python=${PYTHON3:-python3}
expected=$case_dir/expected.json

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! "$nix_instantiate" --eval --strict --json "$here/golden.nix" --argstr case "$case_dir" \
    >"$work/raw.json" 2>"$work/stderr"; then
  grep -v "the group 'nixbld'" "$work/stderr" >&2 || true
  echo "FAIL: $case_dir: evaluation failed" >&2
  exit 1
fi
"$python" -m json.tool --sort-keys "$work/raw.json" >"$work/actual.json"

if [ "${KHEPRI_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$work/actual.json" "$expected"
  echo "updated $expected"
  exit 0
fi

if [ ! -f "$expected" ]; then
  echo "FAIL: $expected does not exist; review the output below, then create it with KHEPRI_UPDATE_GOLDEN=1" >&2
  cat "$work/actual.json"
  exit 1
fi

if ! diff -u "$expected" "$work/actual.json" >"$work/diff"; then
  cat "$work/diff"
  echo "FAIL: $case_dir: output differs from expected.json (KHEPRI_UPDATE_GOLDEN=1 rewrites it after review)" >&2
  exit 1
fi
echo "ok: $(basename "$case_dir")"
