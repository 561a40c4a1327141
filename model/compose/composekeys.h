#pragma once

// Compose keys the khepri module has no option for but `docker run` has a
// flag for: the importer puts them into extraOptions as "--flag=value", the
// exporter turns such flags back into the compose key. One table for both.

#include <QMap>
#include <QString>

namespace khepri::compose {

const QMap<QString, QString> &dockerRunFlags(); // compose key -> "--flag="

} // namespace khepri::compose
