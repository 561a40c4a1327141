#!/usr/bin/env bash
# `cmake --install` puts every desktop file where desktops, man and the shells
# look, and what it installs is valid: the launcher (desktop-file-validate),
# the AppStream metadata (appstreamcli), the man page (groff, no warnings,
# every command of the table), and the license the package declares.
# Usage: check-install.sh SOURCE_DIR BUILD_DIR KHEPRI
set -u
src=$1 build=$2 khepri=$3
prefix=$(mktemp -d) && trap 'rm -rf "$prefix"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
id=dev.khepri.Khepri
for f in bin/khepri share/applications/$id.desktop share/icons/hicolor/scalable/apps/$id.svg \
  share/metainfo/$id.metainfo.xml share/man/man1/khepri.1 share/bash-completion/completions/khepri \
  share/zsh/site-functions/_khepri share/fish/vendor_completions.d/khepri.fish share/doc/khepri/LICENSE; do
  [[ -s $prefix/$f ]] || fail "not installed: $f"
done

desktop-file-validate "$prefix/share/applications/$id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$prefix/share/metainfo/$id.metainfo.xml" >/dev/null \
  || { appstreamcli validate --no-net "$prefix/share/metainfo/$id.metainfo.xml"; fail "appstreamcli"; }
grep -qx "Icon=$id" "$prefix/share/applications/$id.desktop" || fail "the launcher names another icon"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" \
  "$prefix/share/metainfo/$id.metainfo.xml" || fail "the metainfo launches another desktop file"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' \
  "$prefix/share/icons/hicolor/scalable/apps/$id.svg" || fail "the icon is not well-formed XML"

# The man page: groff reads it without a warning, and it documents every command.
man=$prefix/share/man/man1/khepri.1
warnings=$(groff -man -Tutf8 -ww -z "$man" 2>&1)
[[ -z $warnings ]] || fail "groff warns about khepri.1: $warnings"
rendered=$(MANWIDTH=100 man -l "$man" 2>&1 | col -b)
mapfile -t commands < <("$khepri" --help | sed -n 's/^  khepri \[\{0,1\}\([a-z-]*\).*/\1/p')
((${#commands[@]} >= 10)) || fail "could not read the commands from khepri --help"
for c in "${commands[@]}"; do
  grep -q "khepri \[\{0,1\}$c" <<<"$rendered" || fail "the man page does not document \"$c\""
done
grep -q -- "--allow-path DIR" <<<"$rendered" || fail "the man page lacks the SOURCE options"
grep -q "EXIT STATUS" <<<"$rendered" || fail "the man page lacks EXIT STATUS"

# The license: LICENSE is the one nix/package.nix declares (meta.license).
head -1 "$src/LICENSE" | grep -qx "MIT License" || fail "LICENSE is not the MIT license"
grep -q "license = lib.licenses.mit;" "$src/nix/package.nix" \
  || fail "nix/package.nix declares another license than LICENSE"
cmp -s "$src/LICENSE" "$prefix/share/doc/khepri/LICENSE" || fail "the installed LICENSE differs"

((failures == 0)) && echo "install: all checks passed"
exit $((failures > 0))
