#pragma once

// Validates compositions in process, fast enough to run on every edit: the
// checks of the module's assertions and warnings (nixos/lib/checks.nix) that
// the console can decide without nix — names, references, dependency cycles
// and conditions, duplicate containers and host ports, networkMode with
// networks, secret-looking environment variables — worded exactly as the
// module words them. Pure function.

#include <QList>

#include "composition.h"
#include "diagnostic.h"

namespace khepri {

QList<Diagnostic> validate(const QList<Composition> &compositions);

// The container name the module gives a service.
QString containerNameOf(const Composition &composition, const Service &service);

} // namespace khepri
