#!/usr/bin/env bash
# harness.isolation: two harness instances on one machine do not touch each
# other. Runs inside the suite's instance (A: `harness.sh exec --need docker
# --need systemd`), starts a unit that runs a container there, then starts a
# second, independent instance (B, its own KHEPRI_HARNESS_DIR) with a unit of
# the same name, and stops B completely. A's unit, container and session bus
# must be exactly as before: same main process, same container start, same
# bus. Before each instance had its own cgroup subtree, B's manager stopping
# its unit and its bus killed A's (both lived in /app.slice/<unit> and
# /session.slice/dbus.service).
#
#   tst_isolation.sh HARNESS      HARNESS: path of harness.sh
set -euo pipefail

H=${1:?usage: tst_isolation.sh path/to/harness.sh}
: "${KHEPRI_UNIT_DIR:?run through harness.sh exec --need systemd}" "${DOCKER_HOST:?run through harness.sh exec --need docker}"

checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { checks=$((checks + 1)); echo "PASS: $*"; }
# until_ok SECONDS CMD... — retries CMD until it succeeds (bounded; no timing asserted).
until_ok() {
  local n=$(($1 * 5)); shift
  until "$@" >/dev/null 2>&1; do
    ((n-- > 0)) || return 1
    sleep 0.2
  done
}

unit=docker-khepri-isolation.service
container=khepri-isolation
# write_unit UNITDIR DOCKER_HOST — the unit as the NixOS module would name it,
# running a container in the foreground like the module's units do. The
# container ends on SIGTERM (docker run forwards it), as a service would.
write_unit() {
  cat >"$1/$unit" <<UNIT
[Unit]
Description=harness isolation probe
[Service]
ExecStart=$(command -v docker) -H $2 run --rm --name $container khepri-test/busybox:1 sh -c "trap 'exit 0' TERM; while :; do sleep 1; done"
UNIT
}
running() { [[ $(docker -H "$1" inspect -f '{{.State.Running}}' "$container" 2>/dev/null) == true ]]; }
# A's state that must not change: unit state and main pid, container id and
# start time, the session bus's id and its daemon's pid.
snapshot() {
  systemctl --user show -p ActiveState -p SubState -p MainPID -p ControlGroup "$unit" \
    && docker -H "$DOCKER_HOST" inspect -f 'container {{.Id}} running={{.State.Running}} started={{.State.StartedAt}}' \
      "$container" \
    && busctl --user call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus GetId \
    && busctl --user call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus \
      GetConnectionUnixProcessID s org.freedesktop.DBus \
    && busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 org.freedesktop.DBus.Peer Ping
}

b=$(mktemp -d /tmp/khepri-iso.XXXXXX)
# B's commands see B's state directory only, nothing of A's environment.
inb() { env -i PATH="$PATH" HOME="$HOME" KHEPRI_HARNESS_DIR="$b" "$@"; }
cleanup() {
  inb "$H" stop systemd >/dev/null 2>&1 || true
  inb "$H" stop docker >/dev/null 2>&1 || true
  rm -rf "$b"
  systemctl --user stop "$unit" >/dev/null 2>&1 || true
  rm -f "$KHEPRI_UNIT_DIR/$unit"
  systemctl --user daemon-reload >/dev/null 2>&1 || true
}
trap cleanup EXIT

# --- A: a unit running a container.
write_unit "$KHEPRI_UNIT_DIR" "$DOCKER_HOST"
systemctl --user daemon-reload
systemctl --user start "$unit"
until_ok 60 running "$DOCKER_HOST" || fail "A's container $container did not start (journal: $(systemctl --user status "$unit" 2>&1 | tail -n 5))"
before=$(snapshot) || fail "A's state cannot be read: $before"
echo "A before B:"; echo "$before" | sed 's/^/  /'
a_cgroup=$(systemctl --user show -p ControlGroup --value "$unit")
[[ $a_cgroup == /khepri-ks.*/app.slice/$unit ]] \
  || fail "A's unit runs in cgroup '$a_cgroup', not below its instance's own subtree /khepri-ks.*"
pass "A's unit runs in A's own cgroup subtree ($a_cgroup)"

# --- B: a complete second instance with the same unit, started and stopped.
inb "$H" start docker
inb "$H" start systemd
bunits=$(inb "$H" exec --need systemd -- sh -c 'echo "$KHEPRI_UNIT_DIR"')
bdocker=$(inb "$H" exec --need docker -- sh -c 'echo "$DOCKER_HOST"')
bsd=$(inb "$H" exec --need systemd -- sh -c 'echo "$KHEPRI_SYSTEMD_DIR"')
bdd=$(inb "$H" exec --need docker -- sh -c 'echo "$KHEPRI_DOCKER_DIR"')
[[ $bdocker != "$DOCKER_HOST" && $bunits != "$KHEPRI_UNIT_DIR" ]] || fail "B shares A's engine or unit directory"
write_unit "$bunits" "$bdocker"
inb "$H" exec --need systemd -- systemctl --user daemon-reload
inb "$H" exec --need systemd -- systemctl --user start "$unit"
until_ok 60 running "$bdocker" || fail "B's container $container did not start"
bpids="$(cat "$bsd/pid") $(cat "$bdd/pid")"
pass "B runs beside A with a unit and a container of the same names"
inb "$H" stop systemd
inb "$H" stop docker

# --- B is gone completely, and only B.
# alive PID — running, not a zombie waiting for PID 1 to reap it.
alive() { local st; st=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null); [[ -n $st && $st != Z ]]; }
for p in $bpids; do
  alive "$p" && fail "B's process $p ($(cat "/proc/$p/comm" 2>/dev/null)) is still running after stop"
done
for tag in "$(basename "$bsd")" "$(basename "$bdd")"; do
  for m in $(awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/self/mounts); do
    [[ -e $m/khepri-$tag ]] && fail "B's cgroup $m/khepri-$tag is left after stop"
  done
  [[ -e /tmp/$tag ]] && fail "B's runtime directory /tmp/$tag is left after stop"
done
pass "B's processes, cgroups and runtime directories are gone"

# --- A is untouched. Give a wrongly delivered SIGTERM time to take effect
# before looking (docker run forwards it to the container, which then exits).
sleep 2
after=$(snapshot) || fail "A's state cannot be read after B stopped (A's bus or manager is gone?): $after"
echo "A after B:"; echo "$after" | sed 's/^/  /'
[[ $after == "$before" ]] || fail "A changed while B started and stopped: $(diff <(echo "$before") <(echo "$after") || true)"
pass "A's unit (same main pid, active), container (same start) and session bus (same id and daemon) are untouched"

echo "harness.isolation: $checks checks passed"
