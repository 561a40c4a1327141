#pragma once

// Conversion between the JSON nix prints for khepri.compositions and the
// value types. Accepts the short and long forms the module accepts (lists or
// attrsets for networks, volumes and dependsOn). Values nix could not print
// as plain data arrive as {"__khepri": kind, ...} markers (see
// resources/nix/load-file.nix) and are recorded as Unrepresentable.

#include <QJsonObject>
#include <QList>

#include "composition.h"
#include "result.h"

namespace khepri {

Result<QList<Composition>> compositionsFromJson(const QJsonObject &root);
QJsonObject compositionsToJson(const QList<Composition> &compositions);

} // namespace khepri
