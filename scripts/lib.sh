# Shared by scripts/run and scripts/test: install what is missing, configure
# and build. Source it; it defines functions and changes nothing by itself.

KHEPRI_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KHEPRI_BUILD=${KHEPRI_BUILD_DIR:-$KHEPRI_ROOT/build}

# Debian 12 packages: to build, and for the test harness's real components.
KHEPRI_BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools libqt6dbus6
  libgl1-mesa-dev qtkeychain-qt6-dev libyaml-cpp-dev libgraphviz-dev libncurses-dev libgtest-dev
  libbenchmark-dev clang-format clang-tidy)
KHEPRI_TEST_PACKAGES=(nix-bin docker.io busybox-static patch dbus dbus-user-session gnome-keyring
  libsecret-tools xvfb xauth tmux systemd util-linux python3 git clang libclang-rt-14-dev
  docker-compose desktop-file-utils appstream zsh fish man-db groff-base)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
[[ -t 1 ]] || say() { printf '==> %s\n' "$*"; }

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

# ensure_packages PKG... — installs what is missing when root; otherwise says
# exactly what to install and stops.
ensure_packages() {
  command -v dpkg-query >/dev/null || { echo "khepri's scripts need Debian 12 (dpkg); see README.md for Nix." >&2; exit 2; }
  local missing
  mapfile -t missing < <(missing_packages "$@")
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "These Debian packages are missing:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    echo "Install them, then run this script again." >&2
    exit 2
  fi
  say "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() {
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  say "Configuring in $KHEPRI_BUILD"
  cmake -S "$KHEPRI_ROOT" -B "$KHEPRI_BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE="${KHEPRI_BUILD_TYPE:-RelWithDebInfo}" "${launcher[@]}" >/dev/null
  say "Building (this takes a few minutes on 2 cores)"
  cmake --build "$KHEPRI_BUILD" -j "${KHEPRI_JOBS:-$(nproc)}"
}
