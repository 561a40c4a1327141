#pragma once

// Turns what nix prints on stderr when an evaluation fails into an Error with
// the message and the file, line and column nix reported. Knows the layout of
// nix 2.8 and later ("error: …", "at FILE:LINE:COL:", code excerpts, traces)
// and drops the noise around it (warnings, "use --show-trace" hints).

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "result.h"

namespace khepri {

Error parseNixError(const QString &stderrText);

// What an evaluation was allowed to read, to explain nix's refusals.
struct EvaluationScope {
    enum class Kind { File, Flake };
    Kind kind = Kind::File;
    QString subject;     // the compositions file, or the flake reference
    QStringList allowed; // File: the directories it may read (its own, --allow-path)
};

// nix's "forbidden in restricted mode" / "forbidden in pure eval mode" errors
// (a read outside the allowed paths, a download, a build during evaluation)
// rewritten to name the path and the option that allows it. Other errors are
// returned unchanged.
Error explainRestriction(const Error &error, const EvaluationScope &scope);

// Why nix's JSON output `json` could not be read (QJsonDocument stopped at
// `offset` with `error`): text that is not UTF-8 or a value nested too deeply
// is named by where it is ("composition web, service db, field image") and
// what to do; anything else is a bug report.
Error explainUnreadableOutput(const QByteArray &json, int offset, int error,
                              const QString &errorText, const EvaluationScope &scope);

// The keys (and "[i]" indexes) leading to the value at byte `offset` of JSON
// text, found by following its brackets up to there. Keys are decoded as
// UTF-8 leniently: this is for messages.
QStringList jsonPathAt(const QByteArray &json, qsizetype offset);

} // namespace khepri
