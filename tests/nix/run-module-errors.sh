#!/usr/bin/env bash
# Invalid service definitions give the module system's messages, naming the option at
# fault (tests/nix/module/errors.nix): the module merges services on a fast path and must
# not change what a user reads.
#   KHEPRI_NIXPKGS_LIB=/path/to/nixpkgs/lib run-module-errors.sh
# Without KHEPRI_NIXPKGS_LIB it exits 77 (CTest: skipped), like run-module.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nix_instantiate=${NIX_INSTANTIATE:-nix-instantiate}

if [ -z "${KHEPRI_NIXPKGS_LIB:-}" ]; then
  echo "SKIPPED: KHEPRI_NIXPKGS_LIB is not set; module tests need nixpkgs' lib (a directory holding its default.nix)"
  exit 77
fi
lib_dir=$(cd "$KHEPRI_NIXPKGS_LIB" && pwd)

svc='khepri.compositions.app.services.web'
expect=(
  wrong-type "A definition for option \`$svc.restart' is not of type \`null or string matching the pattern"
  unknown-option "The option \`$svc.imag' does not exist."
  missing-image "The option \`$svc.image' was accessed but has no value defined."
  nested-submodule "A definition for option \`$svc.healthcheck.retries' is not of type \`null or (unsigned integer, meaning >=0)'"
  list-of-submodules "A definition for option \`$svc.ports.\"[definition 1-entry 1]\".protocol' is not of type \`one of \"tcp\", \"udp\", \"sctp\"'"
  dependency "A definition for option \`$svc.dependsOn.db.condition' is not of type \`one of \"service_started\""
  group "A definition for option \`$svc.logging.driver' is not of type \`null or string'"
)

status=0
for ((i = 0; i < ${#expect[@]}; i += 2)); do
  which=${expect[i]}
  message=${expect[i + 1]}
  if output=$("$nix_instantiate" --eval "$here/module/errors.nix" \
      --argstr nixpkgsLib "$lib_dir" --argstr which "$which" 2>&1); then
    echo "FAIL: $which: evaluation succeeded, but it should fail with: $message"
    status=1
  elif grep -qF -- "$message" <<<"$output"; then
    echo "ok:   $which"
  else
    echo "FAIL: $which: expected the message: $message"
    grep -v "the group 'nixbld'" <<<"$output" | sed 's/^/  /'
    status=1
  fi
done
exit $status
