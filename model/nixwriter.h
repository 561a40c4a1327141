#pragma once

// Writes compositions as the Nix file the console owns: a NixOS module
// setting khepri.compositions. Deterministic (sorted names, nixfmt's layout),
// minimal (values equal to the module's defaults are not written; short forms
// where they say the same), and every string escaped so that nix reads back
// exactly the characters the model holds. Pure functions.

#include <QJsonValue>
#include <QList>
#include <QString>

#include "composition.h"
#include "nixstring.h" // nixString, nixAttributeName: the writer's escaping

namespace khepri {

struct SchemaNode;

// The whole owned file, header comment included.
QString writeCompositionsFile(const QList<Composition> &compositions);

// A canonical JSON value as a Nix expression, indented by `indent` levels;
// `node` (may be null) chooses short forms.
QString nixValue(const QJsonValue &value, const SchemaNode *node, int indent);

extern const QString kGeneratedHeader;

} // namespace khepri
