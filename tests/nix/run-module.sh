#!/usr/bin/env bash
# Runs one module test case (tests/nix/module/cases/CASE.nix) with nixpkgs' lib.
#   KHEPRI_NIXPKGS_LIB=/path/to/nixpkgs/lib run-module.sh CASE
# Without KHEPRI_NIXPKGS_LIB it exits 77 (CTest: skipped): there is no nixpkgs here.
set -euo pipefail

case_name=${1:?usage: run-module.sh CASE}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nix_instantiate=${NIX_INSTANTIATE:-nix-instantiate}
python=${PYTHON3:-python3}

if [ -z "${KHEPRI_NIXPKGS_LIB:-}" ]; then
  echo "SKIPPED: KHEPRI_NIXPKGS_LIB is not set; module tests need nixpkgs' lib (a directory holding its default.nix), e.g. KHEPRI_NIXPKGS_LIB=/path/to/nixpkgs/lib (./scripts/test sets it to ../shared/nixpkgs-lib/lib beside the checkout when that folder exists)"
  exit 77
fi
lib_dir=$(cd "$KHEPRI_NIXPKGS_LIB" && pwd)
if [ ! -f "$lib_dir/default.nix" ]; then
  echo "FAIL: KHEPRI_NIXPKGS_LIB=$KHEPRI_NIXPKGS_LIB holds no default.nix" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! "$nix_instantiate" --eval --strict --json "$here/module/eval.nix" \
    --argstr nixpkgsLib "$lib_dir" --argstr case "$case_name" >"$work/result.json" 2>"$work/stderr"; then
  grep -v "the group 'nixbld'" "$work/stderr" >&2 || true
  echo "FAIL: module case $case_name: evaluation failed" >&2
  exit 1
fi

"$python" - "$work/result.json" "$case_name" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))
failed = [r for r in results if not r["ok"]]
for r in results:
    print(("ok:   " if r["ok"] else "FAIL: ") + r["name"])
    if not r["ok"]:
        for key in ("detail", "expected", "actual"):
            if key in r:
                print(f"  {key}: " + json.dumps(r[key], indent=2, sort_keys=True).replace("\n", "\n  "))
if not results:
    print(f"FAIL: module case {sys.argv[2]} has no checks")
    sys.exit(1)
print(f"{len(results) - len(failed)}/{len(results)} checks passed")
sys.exit(1 if failed else 0)
PY
