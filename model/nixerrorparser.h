#pragma once

// Turns what nix prints on stderr when an evaluation fails into an Error with
// the message and the file, line and column nix reported. Knows the layout of
// nix 2.8 and later ("error: …", "at FILE:LINE:COL:", code excerpts, traces)
// and drops the noise around it (warnings, "use --show-trace" hints).

#include <QString>

#include "result.h"

namespace khepri {

Error parseNixError(const QString &stderrText);

} // namespace khepri
