#pragma once

// The Nix expressions the console evaluates (resources/nix and the module's
// translator in nixos/lib) are compiled into the binary and written once per
// content hash to a cache directory, so the console never depends on where it
// was installed and nix always reads exactly the files this binary carries.

#include <QString>

#include "result.h"

namespace khepri {

// Directory holding load-file.nix, sanitize.nix and lib/ (the translator).
Result<QString> nixResourceDirectory();

// The text of one embedded expression, e.g. "sanitize.nix".
QString nixResourceText(const QString &name);

} // namespace khepri
