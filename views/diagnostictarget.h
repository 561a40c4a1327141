#pragma once

// Which entity a diagnostic is about, as precisely as it says: the service
// it names, else the network or volume its field points at, else its
// composition. The views use it to place badges and to select the offending
// item when a diagnostic is clicked. Pure functions.

#include <QHash>
#include <QList>

#include "diagnostic.h"
#include "entityref.h"

namespace khepri {

EntityRef diagnosticTarget(const Diagnostic &diagnostic);

struct DiagnosticCounts {
    int errors = 0;
    int warnings = 0;
    friend bool operator==(const DiagnosticCounts &, const DiagnosticCounts &) = default;
};

// Errors and warnings per entity key (entityKey()) for a list of diagnostics.
QHash<QString, DiagnosticCounts> countDiagnostics(const QList<Diagnostic> &diagnostics);

// A stable string key for an EntityRef ("service:app/web", "composition:app").
QString entityKey(const EntityRef &ref);

} // namespace khepri
