#!/usr/bin/env bash
# The generated shell completions complete for real: commands, each command's
# options, option values and positionals, in bash and fish by calling their
# completion machinery, in zsh by typing Tab into an interactive zsh in tmux.
# Usage: check-completions.sh bash|fish|zsh KHEPRI GENERATED_DIR
set -u
shell=$1 khepri=$2 gen=$3
work=$(mktemp -d) && trap 'rm -rf "$work"' EXIT
cd "$work" && touch compose.yml
failures=0

# The commands --help lists: the completions must offer every one.
mapfile -t commands < <("$khepri" --help | sed -n 's/^  khepri \[\{0,1\}\([a-z-]*\).*/\1/p')
((${#commands[@]} >= 10)) || { echo "could not read the commands from khepri --help"; exit 1; }

expect() { # expect DESCRIPTION WORD OUTPUT
  if ! grep -qx -- "$2" <<<"$3"; then
    echo "FAIL: $1: expected \"$2\" among:"; sed 's/^/    /' <<<"$3"; failures=$((failures + 1))
  fi
}

case $shell in
bash)
  # shellcheck source=/dev/null
  source "$gen/khepri.bash"
  complete_line() { # the words of a command line; the last one is being completed
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _khepri; printf '%s\n' "${COMPREPLY[@]}"
  }
  all=$(complete_line khepri '')
  for c in "${commands[@]}"; do expect "command $c" "$c" "$all"; done
  expect "a command by prefix" validate "$(complete_line khepri val)"
  expect "an option of show" --json "$(complete_line khepri show --j)"
  expect "a source option" --flake "$(complete_line khepri status --fl)"
  expect "--format's values" dot "$(complete_line khepri graph --format '')"
  expect "--privilege's values" sudo "$(complete_line khepri rebuild --privilege s)"
  expect "rebuild's action" dry-activate "$(complete_line khepri rebuild dry)"
  expect "import's compose file" compose.yml "$(complete_line khepri import comp)"
  expect "the top level" --version "$(complete_line khepri --ver)"
  expect "completion's shells" fish "$(complete_line khepri completion f)"
  ;;
fish)
  complete_line() { fish --no-config -c "source '$gen/khepri.fish'; complete -C '$1'" | cut -f1; }
  all=$(complete_line 'khepri ')
  for c in "${commands[@]}"; do expect "command $c" "$c" "$all"; done
  expect "a command by prefix" validate "$(complete_line 'khepri val')"
  expect "an option of show" --json "$(complete_line 'khepri show --j')"
  expect "--format's values" json "$(complete_line 'khepri graph --format ')"
  expect "--privilege's values" pkexec "$(complete_line 'khepri rebuild --privilege ')"
  expect "rebuild's action" switch "$(complete_line 'khepri rebuild sw')"
  expect "import's compose file" compose.yml "$(complete_line 'khepri import comp')"
  ;;
zsh)
  zsh -n "$gen/_khepri" || { echo "FAIL: _khepri is not valid zsh"; exit 1; }
  socket="khepri-zsh-$$"
  tm() { tmux -L "$socket" "$@"; }
  trap 'tmux -L "$socket" kill-server 2>/dev/null; rm -rf "$work"' EXIT
  tm new-session -d -x 200 -y 50 "env -i HOME=$work TERM=screen PATH=$(dirname "$khepri"):/usr/bin:/bin zsh -f"
  tm send-keys "fpath=($gen \$fpath); autoload -U compinit; compinit -u; PS1='> '; clear" Enter
  typed() { # typed DESCRIPTION KEYS… EXPECTED-REGEX: type, press Tab, wait for the screen
    local description=$1 keys=$2 want=$3 screen=
    tm send-keys C-u "$keys" Tab
    for _ in $(seq 100); do
      screen=$(tm capture-pane -p)
      grep -Eq -- "$want" <<<"$screen" && { tm send-keys C-c; sleep 0.2; tm send-keys C-u clear Enter; return; }
      sleep 0.1
    done
    echo "FAIL: $description: the screen never matched /$want/:"; sed 's/^/    /' <<<"$screen"
    failures=$((failures + 1)); tm send-keys C-c
  }
  typed "a command by prefix" "khepri vali" 'khepri validate'
  typed "an option of show" "khepri show --js" 'khepri show --json'
  typed "--format's values" "khepri graph --format " 'dot +json|json +dot'
  typed "rebuild's action" "khepri rebuild dry" 'khepri rebuild dry-activate'
  typed "import's compose file" "khepri import comp" 'khepri import compose.yml'
  ;;
*) echo "unknown shell $shell"; exit 2 ;;
esac
((failures == 0)) && echo "$shell completion: all checks passed"
exit $((failures > 0))
