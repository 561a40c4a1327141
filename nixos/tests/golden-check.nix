# The Nix tests of tests/nix (golden, diagnostics and module cases) as a derivation, for
# `nix flake check`. Evaluation only: nix-instantiate runs against a throw-away store in
# the build directory, as nixpkgs' own lib tests do; the module cases get nixpkgs' lib.
#
#   checks.<system>.nix-tests = import ./nixos/tests/golden-check.nix { inherit pkgs self; };
{ pkgs, self }:
pkgs.runCommand "khepri-nix-tests"
  {
    nativeBuildInputs = [
      pkgs.nix
      pkgs.python3
    ];
    KHEPRI_NIXPKGS_LIB = "${pkgs.path}/lib";
  }
  ''
    export TEST_ROOT=$TMPDIR/test-root
    export HOME=$TMPDIR/home
    export NIX_BUILD_HOOK=
    export NIX_CONF_DIR=$TEST_ROOT/etc
    export NIX_LOCALSTATE_DIR=$TEST_ROOT/var
    export NIX_LOG_DIR=$TEST_ROOT/var/log/nix
    export NIX_STATE_DIR=$TEST_ROOT/var/nix
    export NIX_STORE_DIR=$TEST_ROOT/store
    export PAGER=cat
    mkdir -p "$HOME"
    nix-store --init

    tests=${self}/tests/nix
    failed=0
    for case in "$tests"/golden/*/ "$tests"/diagnostics/*/; do
      bash "$tests/run-golden.sh" "$case" || failed=$((failed + 1))
    done
    for case in "$tests"/module/cases/*.nix; do
      bash "$tests/run-module.sh" "$(basename "$case" .nix)" || failed=$((failed + 1))
    done

    if [ "$failed" != 0 ]; then
      echo "$failed Nix test case(s) failed" >&2
      exit 1
    fi
    touch $out
  ''
