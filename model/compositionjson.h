#pragma once

// Conversion between the JSON nix prints for khepri.compositions and the
// value types. Accepts every form the module accepts (canonical.h); values
// nix could not print as plain data arrive as {"__khepri": kind, ...} markers
// (resources/nix/sanitize.nix) and are recorded as Unrepresentable, as are
// fields the module does not have.

#include <QJsonObject>
#include <QList>

#include "composition.h"
#include "result.h"

namespace khepri {

Result<QList<Composition>> compositionsFromJson(const QJsonObject &root);

// The canonical JSON of compositions (what the writer writes, what the
// reader reads back): {name: {services: {...}, networks: {...}, ...}}.
QJsonObject compositionsToJson(const QList<Composition> &compositions);
QJsonObject compositionToJson(const Composition &composition);

} // namespace khepri
