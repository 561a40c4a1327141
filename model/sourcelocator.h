#pragma once

// Finds where in a Nix file a composition, a service of it, or a field of the
// service is written, so diagnostics can say file:line. Best effort over the
// text (nix reports no positions for definitions): the first line that
// assigns the composition's name, then the service's below it, then the
// field's. Pure.

#include <QString>

namespace khepri {

struct Diagnostic;

// Line (1-based) of the most specific match, 0 when not even the
// composition is found.
int locateInNix(const QString &text, const QString &composition, const QString &service = {},
                const QString &field = {});

// Fills d.file/d.line from the file defining the composition (when d has no
// location yet). `file` may be empty: nothing happens.
void locate(Diagnostic &d, const QString &file);

} // namespace khepri
