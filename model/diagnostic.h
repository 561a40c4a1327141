#pragma once

// A Diagnostic: one finding about the compositions — from validation (the
// same checks as the module's assertions and warnings) or from nix (an
// evaluation error with file, line and column). Tied to what it concerns so a
// view can select the offending item.

#include <QList>
#include <QString>

namespace khepri {

struct Diagnostic {
    enum class Severity { Error, Warning, Info };
    Severity severity = Severity::Error;
    QString code;        // stable kind: "unknown-network", "dependency-cycle", …
    QString message;     // as the module words it (khepri.compositions.… prefix)
    QString composition; // may be empty (cross-composition findings name several)
    QString service;     // the service concerned, when there is one
    QString field;       // option path below the service/composition, e.g. "dependsOn.db"
    QString file;        // where it is defined, when known
    int line = 0;
    int column = 0;

    // "file:line: severity: message", or "severity: message" without a file.
    QString toString() const;
    friend bool operator==(const Diagnostic &, const Diagnostic &) = default;
};

QString severityName(Diagnostic::Severity severity);
bool hasErrors(const QList<Diagnostic> &diagnostics);

} // namespace khepri
