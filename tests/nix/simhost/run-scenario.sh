#!/usr/bin/env bash
# Runs one scenario of the simulated NixOS host (scenarios/NAME.sh) against the harness's
# systemd user manager and private dockerd: the configuration is evaluated with the khepri
# module and nixpkgs' real oci-containers.nix (host.nix), its units are installed
# (install.py), and the scenario asserts on what systemd and Docker report.
#
#   harness.sh exec --need nix --need docker --need systemd -- run-scenario.sh NAME
#
# Needs nixpkgs' lib (KHEPRI_NIXPKGS_LIB) and the upstream modules (KHEPRI_NIXOS_UPSTREAM,
# default ../shared/nixos-upstream next to the repository); without them it exits 77
# (CTest: skipped) and says why. Everything the scenario created is removed at the end.
set -euo pipefail

scenario=${1:?usage: run-scenario.sh SCENARIO}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)
nix_instantiate=${NIX_INSTANTIATE:-nix-instantiate}
python=${PYTHON3:-python3}

if [[ -z ${KHEPRI_NIXPKGS_LIB:-} ]]; then
  echo "SKIPPED: KHEPRI_NIXPKGS_LIB is not set; the simulated host evaluates with nixpkgs' lib (a directory holding its default.nix)"
  exit 77
fi
upstream=${KHEPRI_NIXOS_UPSTREAM:-$root/../shared/nixos-upstream}
if [[ ! -f $upstream/oci-containers.nix ]]; then
  echo "SKIPPED: $upstream/oci-containers.nix does not exist; set KHEPRI_NIXOS_UPSTREAM to a folder holding nixpkgs' nixos/modules/virtualisation/oci-containers.nix"
  exit 77
fi
lib_dir=$(cd "$KHEPRI_NIXPKGS_LIB" && pwd)
upstream=$(cd "$upstream" && pwd)
: "${DOCKER_HOST:?the docker component is not running (harness.sh exec --need docker)}"
: "${KHEPRI_UNIT_DIR:?the systemd component is not running (harness.sh exec --need systemd)}"

state=$(mktemp -d /tmp/ksim.XXXXXX)
mkdir -p "$state/docker/bin"
ln -s "$(command -v docker)" "$state/docker/bin/docker"
docker_version=$(docker version --format '{{.Server.Version}}')
failures=0
resources=()

say() { echo "simhost[$scenario]: $*"; }
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# check DESCRIPTION CMD...: one assertion.
check() {
  local what=$1; shift
  if "$@"; then echo "ok:   $what"; else fail "$what"; fi
}
# wait_until SECONDS DESCRIPTION CMD...: polls CMD (every 0.2 s); false when it never held.
wait_until() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "  gave up after ${seconds}s waiting for: $what" >&2
      return 1
    fi
    sleep 0.2
  done
}

# prop UNIT PROPERTY: what systemd reports.
prop() { systemctl --user show -p "$2" --value "$1"; }
is_state() { [[ $(prop "$1" ActiveState) == "$2" ]]; }
running() { [[ $(docker inspect --format '{{.State.Running}}' "$1" 2>/dev/null) == true ]]; }
absent() { ! docker inspect "$1" >/dev/null 2>&1; }
started_at() { prop "$1" ExecMainStartTimestampMonotonic; }
active_at() { prop "$1" ActiveEnterTimestampMonotonic; }
# before A B: monotonic timestamp A is set and not later than B.
before() { [[ $1 -gt 0 && $1 -le $2 ]]; }

# evaluate CONFIG: host.nix's result in $state/eval.json; warnings printed.
evaluate() {
  local config=$1
  if ! "$nix_instantiate" --eval --strict --json --read-write-mode "$here/host.nix" \
      --argstr nixpkgsLib "$lib_dir" --argstr upstream "$upstream" \
      --argstr configuration "$config" --argstr stateDir "$state" \
      --argstr dockerPackageDir "$state/docker" --argstr dockerVersion "$docker_version" \
      >"$state/eval.json" 2>"$state/eval.err"; then
    grep -v "the group 'nixbld'" "$state/eval.err" >&2 || true
    echo "FAIL: evaluating $config failed" >&2
    return 1
  fi
  "$python" - "$state/eval.json" >"$state/resources" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
for w in r["warnings"]:
    print("warning: " + w, file=sys.stderr)
for c in r["manifest"]["compositions"].values():
    for s in c["services"].values():
        print("container", s["container"])
    for n in c["networks"].values():
        if not n["external"]:
            print("network", n["name"])
    for v in c["volumes"].values():
        if not v["external"]:
            print("volume", v["name"])
    print("target", c["target"])
PY
  mapfile -t -O "${#resources[@]}" resources <"$state/resources"
}

warnings() { "$python" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["warnings"]))' "$state/eval.json"; }

# switch CONFIG: what `nixos-rebuild switch` does with the units: evaluate, install the
# files, reload, restart the active units whose file changed (switch-to-configuration
# restarts them; with X-StopIfChanged=false in place, otherwise by stop and start).
switch() {
  evaluate "$1" || return 1
  local changed
  changed=$("$python" "$here/install.py" install "$state/eval.json" --state "$state" \
              --unit-dir "$KHEPRI_UNIT_DIR" --docker-host "$DOCKER_HOST") || return 1
  systemctl --user daemon-reload
  local unit
  for unit in $changed; do
    if systemctl --user is-active --quiet "$unit"; then
      say "switch: restarting $unit (its unit file changed)"
      systemctl --user restart "$unit" || true
    fi
  done
}

# start UNIT…: starts without waiting for the jobs (services may wait on each other).
start() { systemctl --user start --no-block "$@"; }

cleanup() {
  local kind name
  set +e
  for entry in "${resources[@]}"; do
    read -r kind name <<<"$entry"
    [[ $kind == target ]] && timeout 60 systemctl --user stop "$name" >/dev/null 2>&1
  done
  if [[ -f $state/installed.json ]]; then
    for unit in $("$python" -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["units"]))' "$state/installed.json"); do
      timeout 60 systemctl --user stop "$unit" >/dev/null 2>&1
      systemctl --user reset-failed "$unit" >/dev/null 2>&1
    done
    "$python" "$here/install.py" remove --state "$state" --unit-dir "$KHEPRI_UNIT_DIR"
    systemctl --user daemon-reload
  fi
  for entry in "${resources[@]}"; do
    read -r kind name <<<"$entry"
    case $kind in
      container) docker rm -f "$name" >/dev/null 2>&1 ;;
    esac
  done
  for entry in "${resources[@]}"; do
    read -r kind name <<<"$entry"
    case $kind in
      network) docker network rm "$name" >/dev/null 2>&1 ;;
      volume) docker volume rm "$name" >/dev/null 2>&1 ;;
    esac
  done
  rm -rf "$state"
}
trap cleanup EXIT

say "dockerd $docker_version, $(systemctl --version | head -n1)"
# shellcheck disable=SC1090
. "$here/scenarios/$scenario.sh"
config() { echo "$here/scenarios/$1"; }
run_scenario

if ((failures > 0)); then
  echo "FAIL: scenario $scenario: $failures check(s) failed" >&2
  echo "--- the units as systemd reports them" >&2
  for unit in $("$python" -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["units"]))' "$state/installed.json"); do
    echo "  $unit: $(systemctl --user show -p ActiveState,SubState,Result,NRestarts,ExecMainStatus "$unit" | tr '\n' ' ')" >&2
  done
  exit 1
fi
echo "scenario $scenario passed"
