#!/usr/bin/env bash
# The test harness: starts the real components the console talks to, each
# private to one test run, and stops them again. Recipes: TESTING.md.
#
#   harness.sh start COMPONENT     nix | docker | systemd | keyring | systemd_denied
#   harness.sh stop COMPONENT
#   harness.sh restart docker      stop dockerd and start it again with the same
#                                  command line, state and socket (reconnect tests)
#   harness.sh exec [--need C]... -- CMD...   run CMD with the components' environment
#
# State lives in $KHEPRI_HARNESS_DIR (CTest passes <build>/harness): one
# COMPONENT.env file per running component, sourced by `exec`. Sockets live
# in short /tmp directories (unix socket paths are limited to 108 bytes).
# Nothing here touches the machine's own docker, systemd, bus or keyring.
set -euo pipefail

HDIR=${KHEPRI_HARNESS_DIR:?set KHEPRI_HARNESS_DIR to the harness state directory}
mkdir -p "$HDIR"

die() { echo "harness: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed ($2). Run ./scripts/test, which installs it, or: apt-get install $2"; }

# wait_for SECONDS DESCRIPTION CMD... — retries CMD until it succeeds.
wait_for() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# ---------------------------------------------------------------- cgroups
# Each instance's systemd manager and dockerd live in a cgroup subtree of
# their own, /khepri-<runtime dir name> (e.g. /khepri-ks.Ab12Cd), so that two
# harnesses on one machine never share a cgroup: a user manager takes the
# cgroup it starts in as its root and puts its units below it, so managers
# started in the same cgroup share /app.slice/<unit>.service, and one
# manager stopping its unit (or its bus, dbus.service) killed the other's
# processes. Stopping an instance kills what is left in its own subtree only.
#
# The subtree is made in the hierarchies that track processes without
# controlling resources (cgroup2, and v1's name=systemd on hybrid machines);
# the manager and the engine create their own groups in the controller
# hierarchies below the same path.

# cgroup_path TAG — the instance's cgroup path; refuses anything else so a
# bad argument can never make cgroup_kill reach another cgroup.
cgroup_path() {
  [[ $1 =~ ^k[sd]\.[A-Za-z0-9]+$ ]] || die "bad cgroup tag '$1'"
  echo "/khepri-$1"
}
# The mount points of the process-tracking hierarchies.
cgroup_trackers() {
  awk '$3 == "cgroup2" || ($3 == "cgroup" && $4 ~ /(^|,)name=systemd(,|$)/) { print $2 }' /proc/self/mounts
}
# cgroup_enter TAG [LEAF] — moves this shell (use it in the subshell that then
# execs the daemon) into the instance's subtree, or its group LEAF. Without
# writable cgroups (not root, read-only cgroupfs) the harness still works,
# only without isolation: say so.
cgroup_enter() {
  local path m entered=0; path=$(cgroup_path "$1")${2:+/$2}
  for m in $(cgroup_trackers); do
    if mkdir -p "$m$path" 2>/dev/null && echo "$BASHPID" >"$m$path/cgroup.procs" 2>/dev/null; then
      entered=1
    fi
  done
  ((entered)) || echo "harness: warning: cannot create cgroup $path (not root, or cgroups are read-only): this instance is not isolated from other harness runs" >&2
  return 0
}
# cgroup_pids TAG — every process still in the instance's subtree.
cgroup_pids() {
  local path m; path=$(cgroup_path "$1")
  for m in $(cgroup_trackers); do
    if [[ -d $m$path ]]; then find "$m$path" -name cgroup.procs -exec cat {} + 2>/dev/null || true; fi
  done | sort -u
}
# cgroup_kill TAG — SIGKILLs what is left in the subtree, then removes it.
cgroup_kill() {
  local path m pids; path=$(cgroup_path "$1")
  for _ in $(seq 1 50); do
    pids=$(cgroup_pids "$1")
    [[ -z $pids ]] && break
    # shellcheck disable=SC2086
    kill -9 $pids 2>/dev/null || true
    sleep 0.1
  done
  [[ -z $(cgroup_pids "$1") ]] || echo "harness: warning: processes left in cgroup $path: $(cgroup_pids "$1" | tr '\n' ' ')" >&2
  # Every hierarchy, controllers included: the manager and the engine made
  # their groups there too. Deepest first; a group still busy stays.
  for m in $(awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/self/mounts); do
    if [[ -d $m$path ]]; then find "$m$path" -depth -type d -exec rmdir {} + 2>/dev/null || true; fi
  done
  return 0
}

# own_pid PID MARK — true when process PID is alive and its command line or
# environment names MARK (this instance's private directory): a pid file can
# outlive its process, and its pid may since belong to another instance.
own_pid() {
  [[ $1 =~ ^[0-9]+$ ]] && grep -qsF -- "$2" "/proc/$1/cmdline" "/proc/$1/environ"
}

# ---------------------------------------------------------------- nix
start_nix() {
  need nix-instantiate nix-bin
  need nix nix-bin
  local n; n=$(mktemp -d /tmp/kn.XXXXXX)
  # A private cache and config directory: flake evaluation caches go there,
  # not into the machine's ~/.cache. The store is the machine's (evaluation
  # only copies sources into it).
  mkdir -p "$n/cache" "$n/config"
  cat >"$HDIR/nix.env" <<ENV
export KHEPRI_NIX_DIR=$n
export XDG_CACHE_HOME=$n/cache
export NIX_USER_CONF_FILES=$n/config/nix.conf
ENV
  echo "experimental-features = nix-command flakes" >"$n/config/nix.conf"
  # Proves nix evaluates offline before any test relies on it.
  local out
  out=$(NIX_USER_CONF_FILES=$n/config/nix.conf nix-instantiate --eval --strict --json -E '{ ok = 1 + 1; }' 2>"$n/err") \
    || die "nix-instantiate cannot evaluate: $(grep -v nixbld "$n/err")"
  [[ $out == '{"ok":2}' ]] || die "nix-instantiate printed $out"
  echo "nix ready: $(nix --version)"
}
stop_nix() {
  [[ -f $HDIR/nix.env ]] || return 0
  # shellcheck disable=SC1091
  local n; n=$(. "$HDIR/nix.env"; echo "$KHEPRI_NIX_DIR")
  rm -rf "$n" "$HDIR/nix.env"
}

# ---------------------------------------------------------------- docker
# launch_dockerd DIR — starts the engine in the background, in the instance's
# cgroup: the daemon (and its containerd) in <subtree>/daemon, containers in
# <subtree>/containers (a group holding processes cannot also hold groups
# with controllers on cgroup v2).
launch_dockerd() {
  local d=$1 tag; tag=$(basename "$1")
  (
    cgroup_enter "$tag" daemon
    exec setsid dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/pid" \
      --host "unix://$d/sock" --bridge=none --iptables=false --ip-masq=false \
      --cgroup-parent "$(cgroup_path "$tag")/containers" \
      </dev/null >>"$d/log" 2>&1
  ) &
}
start_docker() {
  need dockerd docker.io
  need docker docker.io
  [[ -x /bin/busybox ]] || die "/bin/busybox is missing (apt-get install busybox-static)"
  stop_docker
  local d; d=$(mktemp -d /tmp/kd.XXXXXX)
  launch_dockerd "$d"
  echo "export DOCKER_HOST=unix://$d/sock" >"$HDIR/docker.env"
  echo "export KHEPRI_DOCKER_DIR=$d" >>"$HDIR/docker.env"
  if ! wait_for 60 dockerd env DOCKER_HOST="unix://$d/sock" docker version; then
    tail -n 20 "$d/log" >&2
    die "dockerd did not answer on $d/sock within 60 s (log above)"
  fi
  # The test image: Debian's static busybox, no registry needed.
  mkdir -p "$d/rootfs/bin"
  cp /bin/busybox "$d/rootfs/bin/"
  for c in sh sleep echo cat ls true false touch rm test; do ln -sf busybox "$d/rootfs/bin/$c"; done
  tar -C "$d/rootfs" -c . | DOCKER_HOST="unix://$d/sock" docker import - khepri-test/busybox:1 >/dev/null \
    || die "cannot import the test image"
  echo "dockerd ready at unix://$d/sock with khepri-test/busybox:1"
}
stop_docker() {
  [[ -f $HDIR/docker.env ]] || return 0
  local d; d=$(. "$HDIR/docker.env"; echo "$KHEPRI_DOCKER_DIR")
  if [[ -f $d/pid ]]; then
    local pid; pid=$(cat "$d/pid")
    DOCKER_HOST="unix://$d/sock" timeout 30 sh -c 'docker ps -aq | xargs -r docker rm -f' >/dev/null 2>&1 || true
    if own_pid "$pid" "$d/"; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do own_pid "$pid" "$d/" || break; sleep 0.1; done
      if own_pid "$pid" "$d/"; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
  fi
  # Whatever is left of this engine (a daemon that did not stop, containerd,
  # shims, container processes) is in its own cgroup subtree, and only that.
  cgroup_kill "$(basename "$d")"
  # Unmount what the engine left (overlay mounts, netns) below its own
  # directory only, deepest first.
  { awk -v dir="$d/" 'index($2, dir) == 1 { print $2 }' /proc/self/mounts || true; } | sort -r \
    | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$d" "$HDIR/docker.env"
}

# Stops the running dockerd and starts the same command line again: same
# data, socket and image; containers are stopped by the engine's shutdown.
restart_docker() {
  [[ -f $HDIR/docker.env ]] || die "docker is not running (start it first)"
  local d; d=$(. "$HDIR/docker.env"; echo "$KHEPRI_DOCKER_DIR")
  local pid; pid=$(cat "$d/pid")
  if own_pid "$pid" "$d/"; then kill "$pid" 2>/dev/null || true; fi
  for _ in $(seq 1 300); do own_pid "$pid" "$d/" || break; sleep 0.1; done
  own_pid "$pid" "$d/" && die "dockerd ($pid) did not stop within 30 s"
  launch_dockerd "$d"
  if ! wait_for 60 dockerd env DOCKER_HOST="unix://$d/sock" docker version; then
    tail -n 20 "$d/log" >&2
    die "dockerd did not come back on $d/sock within 60 s (log above)"
  fi
  echo "dockerd restarted at unix://$d/sock"
}

# ---------------------------------------------------------------- systemd
# start_manager ENVFILE [BUSCONFIG] — a systemd --user manager with its
# private session bus, its environment written to ENVFILE. With BUSCONFIG
# (the text of a dbus-daemon configuration), the bus runs with it instead of
# the stock session configuration.
start_manager() {
  local env=$1 conf=${2:-}
  [[ -x /lib/systemd/systemd ]] || die "systemd is not installed"
  need busctl systemd
  need unshare util-linux
  need dbus-daemon "dbus dbus-user-session"
  local s; s=$(mktemp -d /tmp/ks.XXXXXX)
  mkdir -p "$s/run" "$s/fake/system" "$s/config/systemd/user" "$s/data" "$s/state"
  chmod 700 "$s/run"
  cat >"$env" <<ENV
export XDG_RUNTIME_DIR=$s/run
export DBUS_SESSION_BUS_ADDRESS=unix:path=$s/run/bus
export XDG_CONFIG_HOME=$s/config
export XDG_DATA_HOME=$s/data
export XDG_STATE_HOME=$s/state
export KHEPRI_SYSTEMD_DIR=$s
export KHEPRI_UNIT_DIR=$s/config/systemd/user
ENV
  if [[ -n $conf ]]; then
    printf '%s\n' "$conf" >"$s/bus.conf"
    # The user bus is the manager's own dbus.service (socket-activated on
    # $XDG_RUNTIME_DIR/bus); the manager connects to it as a client, so the
    # bus's policy stands between every caller and the manager.
    mkdir -p "$s/config/systemd/user/dbus.service.d"
    cat >"$s/config/systemd/user/dbus.service.d/khepri-policy.conf" <<UNIT
[Service]
ExecStart=
ExecStart=$(command -v dbus-daemon) --config-file=$s/bus.conf --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only
UNIT
  fi
  # systemd --user insists on /run/systemd/system ("booted"); give it one in
  # a private mount namespace so the machine's /run stays untouched.
  (
    . "$env"
    # The manager takes this cgroup as its root: its units, its bus
    # (dbus.service) and everything they start stay below it.
    cgroup_enter "$(basename "$s")"
    exec setsid unshare --mount --propagation private \
      sh -c "mount --bind '$s/fake' /run/systemd && exec /lib/systemd/systemd --user" \
      </dev/null >"$s/sd.log" 2>&1
  ) &
  echo $! >"$s/pid"
  if ! (. "$env"; wait_for 30 systemd busctl --user call org.freedesktop.systemd1 \
          /org/freedesktop/systemd1 org.freedesktop.DBus.Peer Ping); then
    tail -n 20 "$s/sd.log" >&2
    die "systemd --user did not answer on $s/run/bus within 30 s (log above)"
  fi
}
# stop_manager ENVFILE — stops the manager ENVFILE describes and removes it.
stop_manager() {
  local env=$1
  [[ -f $env ]] || return 0
  local s; s=$(. "$env"; echo "$KHEPRI_SYSTEMD_DIR")
  (. "$env"; timeout 20 systemctl --user exit >/dev/null 2>&1) || true
  if [[ -f $s/pid ]]; then
    local pid; pid=$(cat "$s/pid")
    for _ in $(seq 1 100); do own_pid "$pid" "$s/" || break; sleep 0.1; done
    if own_pid "$pid" "$s/"; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  # A manager that did not exit, and anything its units left behind: all in
  # this instance's subtree, so nothing of another instance is touched.
  cgroup_kill "$(basename "$s")"
  rm -rf "$s" "$env"
}

start_systemd() {
  stop_systemd
  start_manager "$HDIR/systemd.env"
  echo "systemd user manager ready on $(. "$HDIR/systemd.env"; echo "$DBUS_SESSION_BUS_ADDRESS")"
}
stop_systemd() { stop_manager "$HDIR/systemd.env"; }

# ---------------------------------------------------------------- systemd_denied
# A second user manager whose bus refuses the job calls (StartUnit, StopUnit,
# RestartUnit, …) by policy, as a system bus does for a user polkit does not
# authorize: the console's access-denied path, for real — the refusal is
# the bus's own org.freedesktop.DBus.Error.AccessDenied. Reading (units,
# properties, signals) is allowed. Its environment must not replace the
# systemd component's, so only KHEPRI_DENIED_* is exported to tests:
#   KHEPRI_DENIED_BUS          the bus address (org.freedesktop.systemd1 on it)
#   KHEPRI_DENIED_UNIT_DIR     where its unit files go
#   KHEPRI_DENIED_RUNTIME_DIR  its XDG_RUNTIME_DIR: `systemctl --user` with it
#                              reaches the manager over its private socket,
#                              past the bus policy (to set up a test's units)
start_systemd_denied() {
  stop_systemd_denied
  local conf; conf=$(cat <<'XML'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <include>/usr/share/dbus-1/session.conf</include>
  <!-- Mandatory: applies to every connection, root included. -->
  <policy context="mandatory">
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="StartUnit"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="StartUnitReplace"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="StopUnit"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="RestartUnit"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="TryRestartUnit"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="ReloadUnit"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="ReloadOrRestartUnit"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="ReloadOrTryRestartUnit"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="EnqueueUnitJob"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="KillUnit"/>
    <deny send_interface="org.freedesktop.systemd1.Manager" send_member="StartTransientUnit"/>
    <!-- The same jobs asked of a unit object. -->
    <deny send_interface="org.freedesktop.systemd1.Unit"/>
  </policy>
</busconfig>
XML
  )
  start_manager "$HDIR/systemd_denied.manager" "$conf"
  local s; s=$(. "$HDIR/systemd_denied.manager"; echo "$KHEPRI_SYSTEMD_DIR")
  cat >"$HDIR/systemd_denied.env" <<ENV
export KHEPRI_DENIED_BUS=unix:path=$s/run/bus
export KHEPRI_DENIED_UNIT_DIR=$s/config/systemd/user
export KHEPRI_DENIED_RUNTIME_DIR=$s/run
ENV
  # Proves the policy is in force: the bus itself refuses a job call.
  local out
  if out=$(. "$HDIR/systemd_denied.manager"; busctl --user call org.freedesktop.systemd1 /org/freedesktop/systemd1 \
        org.freedesktop.systemd1.Manager StartUnit ss khepri-probe.service replace 2>&1); then
    die "the policy bus let StartUnit through (busctl said: $out)"
  fi
  [[ $out == *"ccess denied"* ]] || die "the policy bus did not refuse StartUnit as expected (busctl said: $out)"
  echo "systemd user manager behind a denying bus policy ready on unix:path=$s/run/bus"
}
stop_systemd_denied() {
  stop_manager "$HDIR/systemd_denied.manager"
  rm -f "$HDIR/systemd_denied.env"
}

# ---------------------------------------------------------------- keyring
start_keyring() {
  need gnome-keyring-daemon gnome-keyring
  need secret-tool libsecret-tools
  [[ -f $HDIR/systemd.env ]] || die "the keyring runs on the systemd fixture's session bus; start systemd first"
  stop_keyring
  (
    . "$HDIR/systemd.env"
    mkdir -p "$XDG_DATA_HOME/keyrings"
    # --unlock reads the new keyring's password from stdin; the daemon stays
    # in the foreground (setsid, own session) so we know its pid.
    printf test | setsid gnome-keyring-daemon --foreground --unlock --components=secrets \
      >"$KHEPRI_SYSTEMD_DIR/keyring.log" 2>&1 &
    echo $! >"$KHEPRI_SYSTEMD_DIR/keyring.pid"
  )
  local s; s=$(. "$HDIR/systemd.env"; echo "$KHEPRI_SYSTEMD_DIR")
  echo "export KHEPRI_KEYRING_PID=$(cat "$s/keyring.pid")" >"$HDIR/keyring.env"
  echo "export KHEPRI_KEYRING_DIR=$s" >>"$HDIR/keyring.env"
  # Ready means: our daemon owns the name (asked without D-Bus activation,
  # which would start a second, locked daemon) and its login collection is
  # unlocked — an item can be stored and read back.
  if ! (. "$HDIR/systemd.env"; wait_for 30 keyring sh -c 'busctl --user call org.freedesktop.DBus \
          /org/freedesktop/DBus org.freedesktop.DBus NameHasOwner s org.freedesktop.secrets | grep -q true'); then
    cat "$s/keyring.log" >&2 || true
    die "gnome-keyring's Secret Service did not appear on the session bus within 30 s"
  fi
  if ! (. "$HDIR/systemd.env"; wait_for 30 keyring-unlocked sh -c 'printf ready | secret-tool store \
          --label=khepri-harness khepri-harness probe && [ "$(secret-tool lookup khepri-harness probe)" = ready ] \
          && secret-tool clear khepri-harness probe'); then
    cat "$s/keyring.log" >&2 || true
    die "gnome-keyring's login collection did not become usable (unlocked) within 30 s"
  fi
  echo "Secret Service ready (gnome-keyring pid $(cat "$s/keyring.pid"))"
}
stop_keyring() {
  [[ -f $HDIR/keyring.env ]] || return 0
  local pid s
  pid=$(. "$HDIR/keyring.env"; echo "$KHEPRI_KEYRING_PID")
  s=$(. "$HDIR/keyring.env"; echo "${KHEPRI_KEYRING_DIR:-}")
  # (No KHEPRI_KEYRING_DIR: started by an older harness; the daemon's name
  # is all there is to check.)
  if { [[ -n $s ]] && own_pid "$pid" "$s/"; } \
    || { [[ -z $s && $(cat "/proc/$pid/comm" 2>/dev/null) == gnome-keyring-d* ]]; }; then
    kill "$pid" 2>/dev/null || true
  fi
  rm -f "$HDIR/keyring.env"
}

# ---------------------------------------------------------------- exec
run_exec() {
  local needs=()
  while [[ $# -gt 0 && $1 != -- ]]; do
    case $1 in
      --need) needs+=("$2"); shift 2 ;;
      *) die "exec: unknown option $1" ;;
    esac
  done
  [[ ${1:-} == -- ]] && shift
  for c in "${needs[@]}"; do
    [[ -f $HDIR/$c.env ]] || die "the $c component is not running (its fixture did not start; see the harness.$c.start test output)"
  done
  for f in "$HDIR"/*.env; do
    # shellcheck disable=SC1090
    [[ -f $f ]] && . "$f"
  done
  export KHEPRI_HARNESS_DIR="$HDIR"
  exec "$@"
}

cmd=${1:-}; shift || true
case $cmd in
  start) "start_${1:?component}" ;;
  stop) "stop_${1:?component}" ;;
  restart) [[ ${1:-} == docker ]] || die "restart: only docker can be restarted"; restart_docker ;;
  exec) run_exec "$@" ;;
  *) die "usage: harness.sh start|stop COMPONENT | restart docker | exec [--need C]... -- CMD..." ;;
esac
