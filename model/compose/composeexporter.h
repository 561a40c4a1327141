#pragma once

// Writes a khepri Composition as a compose file (the compose specification's
// YAML): for sharing, for `docker compose config`, for other tools. Option
// names go back to compose's snake_case (cmd → command, environmentFiles →
// env_file, pull → pull_policy); docker run flags the importer made of
// compose keys (ipc, pid, tty, …) become those keys again; what compose has
// no key for (autoStart, login, other extraOptions) goes under the service's
// `x-khepri` extension, which compose ignores and `khepri import` reads. A
// literal $ is written $$ so that compose's interpolation gives it back.
// importCompose(exportCompose(c)) == c. Pure.

#include <QByteArray>

#include "composition.h"

namespace khepri::compose {

QByteArray exportCompose(const Composition &composition);

} // namespace khepri::compose
