#pragma once

// Human and JSON renderings of compositions for the `show` command.

#include <QJsonObject>
#include <QList>
#include <QString>

#include "composition.h"

namespace khepri {

// A readable table per composition: services (image, ports, depends on),
// networks and volumes.
QString formatCompositionsTable(const QList<Composition> &compositions);

// Stable JSON: {"compositions": {name: {services, networks, volumes}}}.
QJsonObject compositionsReportJson(const QList<Composition> &compositions);

} // namespace khepri
