#pragma once

// Human and JSON renderings of compositions for the `show` command.

#include <QJsonObject>
#include <QList>
#include <QString>

#include "composition.h"
#include "manifest.h"

namespace khepri {

// A readable table per composition: services (image, ports, depends on),
// networks and volumes; with a manifest also the generated container, unit
// and Docker names.
QString formatCompositionsTable(const QList<Composition> &compositions,
                                const Manifest *manifest = nullptr);

// Stable JSON: {"compositions": {name: {services, networks, volumes}}}; with
// a manifest, services gain "container" and "unit", networks and volumes
// "dockerName" and "unit", compositions "target".
QJsonObject compositionsReportJson(const QList<Composition> &compositions,
                                   const Manifest *manifest = nullptr);

} // namespace khepri
