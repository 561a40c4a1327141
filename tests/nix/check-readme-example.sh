#!/usr/bin/env bash
# The README's example is tests/nix/readme-example.nix, verbatim (the golden and module
# tests run that file), and examples/demo/compositions.nix says the same: both evaluate,
# as NixOS modules, to the same khepri.compositions and /etc files.
#   check-readme-example.sh REPO_ROOT
# Needs nix-instantiate ($NIX_INSTANTIATE).
set -euo pipefail
root=$(cd "${1:?usage: check-readme-example.sh REPO_ROOT}" && pwd)
nix_instantiate=${NIX_INSTANTIATE:-nix-instantiate}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The first ```nix block after "## Example".
awk '/^## Example$/ { inside = 1; next }
     inside && /^```nix$/ { block = 1; next }
     block && /^```$/ { exit }
     block { print }' "$root/README.md" >"$work/readme.nix"
if [ ! -s "$work/readme.nix" ]; then
  echo "FAIL: README.md has no \`\`\`nix block under \"## Example\"" >&2
  exit 1
fi
if ! diff -u "$root/tests/nix/readme-example.nix" "$work/readme.nix"; then
  echo "FAIL: README.md's example and tests/nix/readme-example.nix differ (copy the README's block into the file)" >&2
  exit 1
fi

eval_module() {
  "$nix_instantiate" --eval --strict --json -E "
    let m = import $1 { config = { }; pkgs = { }; lib = { }; };
    in { inherit (m) khepri; etc = m.environment.etc or { }; }" 2>"$work/stderr" ||
    { grep -v "the group 'nixbld'" "$work/stderr" >&2; echo "FAIL: $1 does not evaluate" >&2; exit 1; }
}
eval_module "$root/tests/nix/readme-example.nix" >"$work/readme.json"
eval_module "$root/examples/demo/compositions.nix" >"$work/demo.json"
if ! cmp -s "$work/readme.json" "$work/demo.json"; then
  echo "FAIL: examples/demo/compositions.nix and the README's example say different things:" >&2
  diff <(python3 -m json.tool --sort-keys "$work/readme.json") <(python3 -m json.tool --sort-keys "$work/demo.json") >&2 || true
  exit 1
fi
echo "ok: README example = tests/nix/readme-example.nix = examples/demo/compositions.nix"
