#pragma once

// Which entity of the Document a file:line (a nix error's location) falls
// in: the composition whose defining file it is and, within it, the service,
// network or volume whose attribute opens last at or before that line. A
// nix store path matches the local file by its trailing path. Reads the
// small compositions file; a pure function otherwise.

#include "entityref.h"

namespace khepri {

class Document;

// Empty when no composition is defined in `file`.
EntityRef entityAtLocation(const Document &document, const QString &file, int line);

} // namespace khepri
