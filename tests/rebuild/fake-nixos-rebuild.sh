#!/usr/bin/env bash
# Stands in for nixos-rebuild in the rebuild tests: nixos-rebuild cannot run
# on the test machine (it is not NixOS), so this replays output recorded from
# the real one (tests/rebuild/data/) and exits with the code the test chose.
#
#   FAKE_REBUILD_OUTPUT       recorded output: "O text" → stdout, "E text" →
#                             stderr, "S seconds" → pause
#   FAKE_REBUILD_JSON_OUTPUT  replayed instead when called with
#                             --log-format internal-json
#   FAKE_REBUILD_EXIT         exit code (default 0)
#   FAKE_REBUILD_HELP         printed for --help (default: nothing, exit 1)
#   FAKE_REBUILD_ARGS         file that receives the argument vector, one per line
#   FAKE_REBUILD_ENV          file that receives the askpass environment it saw
#   FAKE_REBUILD_PIDS         spawn a child `sleep` (as nixos-rebuild spawns nix)
#                             and write "OWN_PID SLEEP_PID" to this file
#   FAKE_REBUILD_IGNORE_TERM  ignore SIGTERM (it and its children), so only
#                             SIGKILL stops it
set -u
[[ -n ${FAKE_REBUILD_IGNORE_TERM:-} ]] && trap '' TERM

if [[ ${1:-} == --help ]]; then
  [[ -n ${FAKE_REBUILD_HELP:-} ]] || exit 1
  cat "$FAKE_REBUILD_HELP"
  exit 0
fi

if [[ -n ${FAKE_REBUILD_ARGS:-} ]]; then
  printf '%s\n' "$@" >"$FAKE_REBUILD_ARGS"
fi
if [[ -n ${FAKE_REBUILD_ENV:-} ]]; then
  {
    echo "SUDO_ASKPASS=${SUDO_ASKPASS:-}"
    echo "SSH_ASKPASS=${SSH_ASKPASS:-}"
    echo "SSH_ASKPASS_REQUIRE=${SSH_ASKPASS_REQUIRE:-}"
    echo "KHEPRI_ASKPASS_KEY=${KHEPRI_ASKPASS_KEY:-}"
    echo "PGID=$(ps -o pgid= -p $$ | tr -d ' ')"
    echo "PID=$$"
  } >"$FAKE_REBUILD_ENV"
fi

output=${FAKE_REBUILD_OUTPUT:-}
json=false
for a in "$@"; do [[ $a == internal-json ]] && json=true; done
if $json && [[ -n ${FAKE_REBUILD_JSON_OUTPUT:-} ]]; then
  output=$FAKE_REBUILD_JSON_OUTPUT
fi

if [[ -n ${FAKE_REBUILD_PIDS:-} ]]; then
  sleep 1000 &
  echo "$$ $!" >"$FAKE_REBUILD_PIDS"
fi

if [[ -n $output ]]; then
  while IFS= read -r line || [[ -n $line ]]; do
    case $line in
      "O "*) printf '%s\n' "${line#O }" ;;
      O) echo ;;
      "E "*) printf '%s\n' "${line#E }" >&2 ;;
      E) echo >&2 ;;
      "S "*) sleep "${line#S }" ;;
    esac
  done <"$output"
fi
exit "${FAKE_REBUILD_EXIT:-0}"
