#!/usr/bin/env bash
# The test harness: starts the real components the console talks to, each
# private to one test run, and stops them again. Recipes: TESTING.md.
#
#   harness.sh start COMPONENT     nix | docker | systemd | keyring
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
start_docker() {
  need dockerd docker.io
  need docker docker.io
  [[ -x /bin/busybox ]] || die "/bin/busybox is missing (apt-get install busybox-static)"
  stop_docker
  local d; d=$(mktemp -d /tmp/kd.XXXXXX)
  setsid dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/pid" \
    --host "unix://$d/sock" --bridge=none --iptables=false --ip-masq=false \
    </dev/null >"$d/log" 2>&1 &
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
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  # Unmount what the engine left (overlay mounts, netns), deepest first.
  { grep -o " $d/[^ ]*" /proc/mounts || true; } | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  rm -rf "$d" "$HDIR/docker.env"
}

# Stops the running dockerd and starts the same command line again: same
# data, socket and image; containers are stopped by the engine's shutdown.
restart_docker() {
  [[ -f $HDIR/docker.env ]] || die "docker is not running (start it first)"
  local d; d=$(. "$HDIR/docker.env"; echo "$KHEPRI_DOCKER_DIR")
  local pid; pid=$(cat "$d/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && die "dockerd ($pid) did not stop within 30 s"
  setsid dockerd --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/pid" \
    --host "unix://$d/sock" --bridge=none --iptables=false --ip-masq=false \
    </dev/null >>"$d/log" 2>&1 &
  if ! wait_for 60 dockerd env DOCKER_HOST="unix://$d/sock" docker version; then
    tail -n 20 "$d/log" >&2
    die "dockerd did not come back on $d/sock within 60 s (log above)"
  fi
  echo "dockerd restarted at unix://$d/sock"
}

# ---------------------------------------------------------------- systemd
start_systemd() {
  [[ -x /lib/systemd/systemd ]] || die "systemd is not installed"
  need busctl systemd
  need unshare util-linux
  need dbus-daemon "dbus dbus-user-session"
  stop_systemd
  local s; s=$(mktemp -d /tmp/ks.XXXXXX)
  mkdir -p "$s/run" "$s/fake/system" "$s/config/systemd/user" "$s/data"
  chmod 700 "$s/run"
  cat >"$HDIR/systemd.env" <<ENV
export XDG_RUNTIME_DIR=$s/run
export DBUS_SESSION_BUS_ADDRESS=unix:path=$s/run/bus
export XDG_CONFIG_HOME=$s/config
export XDG_DATA_HOME=$s/data
export KHEPRI_SYSTEMD_DIR=$s
export KHEPRI_UNIT_DIR=$s/config/systemd/user
ENV
  # systemd --user insists on /run/systemd/system ("booted"); give it one in
  # a private mount namespace so the machine's /run stays untouched.
  (
    . "$HDIR/systemd.env"
    exec setsid unshare --mount --propagation private \
      sh -c "mount --bind '$s/fake' /run/systemd && exec /lib/systemd/systemd --user" \
      </dev/null >"$s/sd.log" 2>&1
  ) &
  echo $! >"$s/pid"
  if ! (. "$HDIR/systemd.env"; wait_for 30 systemd busctl --user call org.freedesktop.systemd1 \
          /org/freedesktop/systemd1 org.freedesktop.DBus.Peer Ping); then
    tail -n 20 "$s/sd.log" >&2
    die "systemd --user did not answer on $s/run/bus within 30 s (log above)"
  fi
  echo "systemd user manager ready on unix:path=$s/run/bus"
}
stop_systemd() {
  [[ -f $HDIR/systemd.env ]] || return 0
  local s; s=$(. "$HDIR/systemd.env"; echo "$KHEPRI_SYSTEMD_DIR")
  (. "$HDIR/systemd.env"; timeout 20 systemctl --user exit >/dev/null 2>&1) || true
  if [[ -f $s/pid ]]; then
    local pid; pid=$(cat "$s/pid")
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -rf "$s" "$HDIR/systemd.env"
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
  local pid; pid=$(. "$HDIR/keyring.env"; echo "$KHEPRI_KEYRING_PID")
  kill "$pid" 2>/dev/null || true
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
