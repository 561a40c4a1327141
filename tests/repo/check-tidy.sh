#!/usr/bin/env bash
# repo.clang-tidy: runs clang-tidy with the committed .clang-tidy over the changed C++ files
# of model/, views/ and app/; any warning fails the test.
#   check-tidy.sh ROOT BUILD_DIR CLANG_TIDY
#
# "Changed" (on a developer's checkout and on a clean CI clone alike) means the files that
# differ between the working tree and a base commit, plus untracked files:
#   - KHEPRI_TIDY_BASE, when set (any commit-ish: KHEPRI_TIDY_BASE=origin/main checks a whole
#     branch);
#   - else HEAD~1: the last commit (for a merge, everything it brings in), plus what is not
#     committed yet;
#   - else (a shallow or single-commit clone, no parent) only the uncommitted changes, said
#     so.
# The last commit, not the branch, by default: clang-tidy costs 15-30 s of CPU per file
# (Qt's headers), so a step-sized commit keeps the test within a couple of minutes.
# A header counts through the .cpp of the same name. Files the build does not compile
# (not in compile_commands.json) are listed and skipped.
#
# First, the configuration is shown to be live: tidy-violation.cpp, which breaks
# modernize-use-nullptr and bugprone-*, must be reported, or the test fails.
set -uo pipefail

root=${1:?usage: check-tidy.sh ROOT BUILD_DIR CLANG_TIDY}
build=${2:?usage: check-tidy.sh ROOT BUILD_DIR CLANG_TIDY}
tidy=${3:?usage: check-tidy.sh ROOT BUILD_DIR CLANG_TIDY}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$root" || exit 1

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

[[ -f $build/compile_commands.json ]] || fail "$build/compile_commands.json is missing (configure with CMAKE_EXPORT_COMPILE_COMMANDS, as CMakeLists.txt does)"

# 1. The configuration catches a known violation.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
cp "$here/tidy-violation.cpp" "$probe/"
if "$tidy" --quiet --config-file="$root/.clang-tidy" "$probe/tidy-violation.cpp" -- -std=c++20 \
  >"$probe/out" 2>&1; then
  cat "$probe/out" >&2
  fail ".clang-tidy reports nothing on tests/repo/tidy-violation.cpp: the configuration checks nothing"
fi
grep -q 'modernize-use-nullptr' "$probe/out" || {
  cat "$probe/out" >&2
  fail ".clang-tidy does not report modernize-use-nullptr in tests/repo/tidy-violation.cpp"
}
echo "ok: .clang-tidy reports the violations in tests/repo/tidy-violation.cpp"

# 2. The changed files.
base=${KHEPRI_TIDY_BASE:-}
described=""
if [[ -n $base ]]; then
  described="KHEPRI_TIDY_BASE=$base"
elif git rev-parse --git-dir >/dev/null 2>&1; then
  if git rev-parse -q --verify 'HEAD~1^{commit}' >/dev/null; then
    base=HEAD~1
    described="the last commit ($(git rev-parse --short HEAD~1)..$(git rev-parse --short HEAD)), with uncommitted changes"
  fi
else
  fail "$root is not a git checkout: cannot tell which files changed (set KHEPRI_TIDY_BASE in one)"
fi

changed=()
if [[ -n $base ]]; then
  mapfile -t changed < <(git diff --name-only --diff-filter=d "$base" -- 'model/' 'views/' 'app/')
else
  described="no parent commit here (shallow or single-commit clone): uncommitted changes only"
  mapfile -t changed < <(git diff --name-only --diff-filter=d HEAD -- 'model/' 'views/' 'app/')
fi
mapfile -t -O "${#changed[@]}" changed < <(git ls-files --others --exclude-standard -- 'model/' 'views/' 'app/')

declare -A compiled=()
while IFS= read -r f; do
  compiled[$f]=1
done < <(python3 -c 'import json,sys
for e in json.load(open(sys.argv[1])): print(e["file"])' "$build/compile_commands.json")

files=()
declare -A seen=()
for f in "${changed[@]}"; do
  case $f in
    *.h) f=${f%.h}.cpp ;;
    *.cpp) ;;
    *) continue ;;
  esac
  [[ -n ${seen[$f]:-} ]] && continue
  seen[$f]=1
  if [[ -f $f && -n ${compiled[$root/$f]:-} ]]; then
    files+=("$f")
  elif [[ -f $f ]]; then
    echo "skipped (not compiled by this build): $f"
  fi
done

echo "changed since $described: ${#files[@]} C++ file(s) to check"
[[ ${#files[@]} -eq 0 ]] && exit 0
printf '  %s\n' "${files[@]}"

# One clang-tidy per file, on every core; each prints only its warnings.
jobs=$(nproc 2>/dev/null || echo 2)
# (xargs appends the file: $0 tidy, $1 build dir, $2 log dir, $3 the file.)
mkdir "$probe/logs" || exit 1
printf '%s\0' "${files[@]}" |
  xargs -0 -n 1 -P "$jobs" sh -c \
    'if "$0" --quiet -p "$1" "$3" >"$2/logs/$(echo "$3" | tr / _).log" 2>&1; then echo "$3" >>"$2/passed"; else echo "$3" >>"$2/failed"; fi' \
    "$tidy" "$build" "$probe"
# Every file is accounted for: passed or failed, never lost.
accounted=$(cat "$probe/passed" "$probe/failed" 2>/dev/null | wc -l)
[[ $accounted -eq ${#files[@]} ]] || fail "clang-tidy ran on $accounted of ${#files[@]} files"
if [[ -s $probe/failed ]]; then
  for f in $(sort "$probe/failed"); do
    echo "---- $f"
    grep -v -e '^[0-9]* warnings\? generated\.$' -e '^Suppressed [0-9]* warnings' \
      -e '^Use -header-filter' -e '^Use -system-headers' "$probe/logs/$(echo "$f" | tr / _).log"
  done
  fail "clang-tidy finds problems in $(sort "$probe/failed" | wc -l) changed file(s) (above); fix them, or change .clang-tidy saying why"
fi
echo "ok: ${#files[@]} changed file(s) meet .clang-tidy"
