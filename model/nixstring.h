#pragma once

// The one Nix string escaper. Everything khepri puts into Nix syntax from
// data — string values, attribute names, attribute selections — goes through
// these, so that nix reads back exactly the characters given (tst_nixstring
// checks that against the real nix). Pure functions.

#include <QString>
#include <QStringList>

namespace khepri {

// A Nix double-quoted string literal for `text`: `"` `\` and the control
// characters nix has escapes for (\n \r \t) are escaped, and so is every
// "${" (which would start an interpolation). Nix strings cannot hold NUL.
QString nixString(const QString &text);

// An attribute name: bare when it is a plain identifier (and no keyword),
// else nixString(name).
QString nixAttributeName(const QString &name);

// An attribute selection path, every element quoted: {"a.b", "c"} ->
// "a.b"."c". For Nix expressions only: a flake installable's fragment
// ("ref#a.b") knows no escapes at all.
QString nixAttributePath(const QStringList &path);

} // namespace khepri
