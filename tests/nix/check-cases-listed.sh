#!/usr/bin/env bash
# Fails when a case directory (or module case file) exists on disk but is not registered
# in tests/nix/CMakeLists.txt, or the other way round.
#   check-cases-listed.sh --golden NAME... --diagnostics NAME... --module NAME... --simhost NAME...
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

declare -A listed=()
kind=
for arg in "$@"; do
  case $arg in
    --golden|--diagnostics|--module|--simhost) kind=${arg#--} ;;
    *) listed[$kind]+="$arg"$'\n' ;;
  esac
done

on_disk() {
  case $1 in
    golden|diagnostics) (cd "$here/$1" && for d in */; do echo "${d%/}"; done) ;;
    module) (cd "$here/module/cases" && for f in *.nix; do echo "${f%.nix}"; done) ;;
    simhost) (cd "$here/simhost/scenarios" && for f in *.sh; do echo "${f%.sh}"; done) ;;
  esac
}

status=0
for k in golden diagnostics module simhost; do
  if ! differences=$(diff <(printf '%s' "${listed[$k]:-}" | sort) <(on_disk "$k" | sort)); then
    echo "FAIL: $k cases on disk and in CMakeLists.txt differ (< listed only, > on disk only):"
    echo "$differences"
    status=1
  fi
done
[ $status = 0 ] && echo "ok: every case is listed"
exit $status
