#pragma once

// Variable interpolation as docker compose does it, on one string value:
// $$ is a literal $, $VAR and ${VAR} substitute, and ${VAR:-default},
// ${VAR-default}, ${VAR:?message}, ${VAR?message}, ${VAR:+alt} and
// ${VAR+alt} behave as in compose (the forms with ':' also treat an empty
// value as unset). Defaults and alternatives are interpolated themselves, so
// they nest. A variable that is unset and has no default becomes the empty
// string, and is reported. Pure.

#include <functional>
#include <optional>

#include <QString>
#include <QStringList>

#include "result.h"

namespace khepri::compose {

// A variable's value, or nothing when it is unset.
using Lookup = std::function<std::optional<QString>(const QString &name)>;

struct Interpolated {
    QString value;
    QStringList unsetVariables; // used without a default while unset
};

// An Error with code "missing-variable" (a required variable, message says
// which) or "invalid-template" (e.g. "${", "$1").
Result<Interpolated> interpolate(const QString &text, const Lookup &lookup);

// The KEY=value lines of an env file as compose reads them: comments, blank
// lines, an optional "export ", quoted values ('…' literal, "…" with \n
// escapes), inline " #" comments on unquoted values; unquoted and
// double-quoted values are interpolated with the variables read so far and
// `lookup`. Order kept.
Result<QList<std::pair<QString, QString>>> parseEnvFile(const QString &text, const Lookup &lookup,
                                                        const QString &fileName);

} // namespace khepri::compose
